import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './compare-code-points';

describe('compareCodePoints', () => {
  it("sorts like Python's sorted(): uppercase before lowercase", () => {
    expect(['c', 'a', 'B'].sort(compareCodePoints)).toEqual(['B', 'a', 'c']);
    expect(['ab', 'a', 'Z', '_', '1'].sort(compareCodePoints)).toEqual(['1', 'Z', '_', 'a', 'ab']);
  });

  it('orders characters beyond U+FFFF after U+FFxx, as code points (UTF-16 units would not)', () => {
    // sorted(['\U0001F600', '\uFF21']) in Python puts the fullwidth A first.
    expect(['😀', 'Ａ'].sort(compareCodePoints)).toEqual(['Ａ', '😀']);
    expect('😀' < 'Ａ').toBe(true); // the plain comparison gets it the other way round
  });
});
