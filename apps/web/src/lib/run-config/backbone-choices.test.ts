import { describe, expect, it } from 'vitest';
import { BACKBONE_CHOICES } from './backbone-choices';

describe('BACKBONE_CHOICES', () => {
  it('offers every backbone once, each with one line on what it is good for', () => {
    expect(BACKBONE_CHOICES.map((c) => c.value)).toEqual(['VGG16', 'MOBILENET_V2', 'RESNET50', 'EFFICIENTNET_B0']);
    for (const choice of BACKBONE_CHOICES) expect(choice.line).toMatch(/^[^\n]{20,140}$/);
  });
});
