import { CONFIG_BOUNDS } from '@transferlab/run-config';
import { describe, expect, it } from 'vitest';
import { LADDER_DEFAULTS, toStartLadderInput } from './to-start-ladder-input';

describe('toStartLadderInput', () => {
  it('turns the form into numbers for the dataset', () => {
    expect(toStartLadderInput('d1', { imageSize: '96', epochs: '3', fineTuneEpochs: '2', backbone: 'MOBILENET_V2', pretrained: false }).input).toEqual({
      datasetId: 'd1',
      backbone: 'MOBILENET_V2',
      pretrained: false,
      imageSize: 96,
      epochs: 3,
      fineTuneEpochs: 2,
    });
    expect(toStartLadderInput('d1', LADDER_DEFAULTS).errors).toBeUndefined();
  });

  it("names each field past ml-core's bound", () => {
    const over = String(CONFIG_BOUNDS.imageSize.max + 1);
    const { errors } = toStartLadderInput('d1', { ...LADDER_DEFAULTS, imageSize: over, epochs: '0' });
    expect(errors).toEqual({ imageSize: `Image size must be at most ${CONFIG_BOUNDS.imageSize.max}`, epochs: 'Epochs must be at least 1' });
  });
});
