import { describe, expect, it } from 'vitest';
import { compareHref, formatGain } from './ladder-figures';

describe('ladder figures', () => {
  it('formats a gain as signed percentage points, and a dash while unknown', () => {
    expect(formatGain(0.375)).toBe('+37.5 pts');
    expect(formatGain(-0.1)).toBe('−10.0 pts');
    expect(formatGain(0)).toBe('±0.0 pts');
    expect(formatGain(null)).toBe('—');
  });

  it("links the compare page to the group's runs", () => {
    expect(compareHref('t1', ['a', 'b', 'c'])).toBe('/teams/t1/compare?runs=a,b,c');
  });
});
