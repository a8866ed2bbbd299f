import { describe, expect, it } from 'vitest';
import type { AppError } from '../../errors';
import { decodeImageBase64 } from './decode-image-base64';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as AppError).code;
  }
  return 'ok';
};

describe('decodeImageBase64', () => {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x01]);

  it('accepts standard, URL-safe, unpadded, wrapped and data: URL base64', () => {
    for (const text of [
      bytes.toString('base64'),
      bytes.toString('base64url'),
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('base64').replace(/(.{4})/g, '$1\n'),
      `data:image/png;base64,${bytes.toString('base64')}`,
    ]) {
      expect(decodeImageBase64(text, 100), text).toEqual(bytes);
    }
  });

  it('refuses text that is not base64, and empty input', () => {
    for (const text of ['', '   ', 'abc$', 'a', 'abcde', 'ab=c', 'data:image/png;base64,']) expect(code(() => decodeImageBase64(text, 100)), text).toBe('BAD_USER_INPUT');
  });

  it('refuses images over the limit before decoding them', () => {
    expect(code(() => decodeImageBase64(Buffer.alloc(101).toString('base64'), 100))).toBe('PAYLOAD_TOO_LARGE');
    expect(code(() => decodeImageBase64(Buffer.alloc(100).toString('base64'), 100))).toBe('ok');
  });
});
