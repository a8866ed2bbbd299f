import { AppError, badInput } from '../../errors';

const DATA_URL_PREFIX = /^data:[\w.+-]+\/[\w.+-]+(;[\w-]+=[\w.+-]+)*;base64,/i;
// Standard and URL-safe alphabets, padding optional: whatever browsers and tools produce.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * The bytes of a base64 image (a `data:image/...;base64,` URL is accepted too). Refuses text that
 * is not base64, and images over `maxBytes` before decoding them.
 */
export function decodeImageBase64(text: string, maxBytes: number): Buffer {
  const body = text.replace(DATA_URL_PREFIX, '').replace(/\s+/g, '');
  if (body.length === 0) throw badInput('imageBase64 is empty: send the image file base64-encoded.', { field: 'imageBase64' });
  if (!BASE64.test(body) || body.replace(/=+$/, '').length % 4 === 1) {
    throw badInput('imageBase64 is not valid base64: send the image file base64-encoded (RFC 4648), optionally as a data: URL.', { field: 'imageBase64' });
  }
  const bytes = Math.floor((body.replace(/=+$/, '').length * 3) / 4);
  if (bytes > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The image is ${formatSize(bytes)}; the limit is ${formatSize(maxBytes)}. Send a smaller image (the model resizes it anyway).`, { field: 'imageBase64' });
  }
  return Buffer.from(body, 'base64');
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
