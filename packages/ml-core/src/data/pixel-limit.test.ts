import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from './errors';
import { checkPixelLimit, DEFAULT_MAX_IMAGE_MEGAPIXELS, DEFAULT_MAX_INPUT_PIXELS, maxImageMegapixelsSetting, megapixelsToPixels } from './pixel-limit';

describe('the pixel limit', () => {
  it('validates TRANSFERLAB_MAX_IMAGE_MEGAPIXELS in megapixels, 40 by default, as pixels', () => {
    const setting = maxImageMegapixelsSetting.default(DEFAULT_MAX_IMAGE_MEGAPIXELS);
    expect(megapixelsToPixels(setting.parse(undefined))).toBe(40_000_000);
    expect(DEFAULT_MAX_INPUT_PIXELS).toBe(40_000_000);
    expect(megapixelsToPixels(setting.parse('12.5'))).toBe(12_500_000);
    expect(megapixelsToPixels(setting.parse('268'))).toBe(268_000_000);
    for (const bad of ['0', '-3', 'lots', '269']) expect(setting.safeParse(bad).success, bad).toBe(false);
  });

  it('allows the limit itself and refuses one pixel more, naming the size and the limit', () => {
    expect(() => checkPixelLimit({ width: 8000, height: 5000 }, 40_000_000)).not.toThrow();
    const error = (() => {
      try {
        checkPixelLimit({ width: 8000, height: 5001 }, 40_000_000);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({ code: 'TOO_LARGE', reason: 'too many pixels: 8000 x 5001 is 40.01 MP, over the limit of 40 MP; scale the image down (training resizes it to at most 1024 px anyway)' });
  });
});
