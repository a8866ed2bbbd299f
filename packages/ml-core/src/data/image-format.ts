import { extname } from 'node:path';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

/** How messages name each format. */
export const FORMAT_LABEL: Record<ImageFormat, string> = { jpeg: 'JPEG', png: 'PNG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' };

/** Keras `image_dataset_from_directory` lists .bmp .gif .jpeg .jpg .png; WebP is common on the web too. */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.gif', '.webp', '.bmp']);

export function hasImageExtension(fileName: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(fileName).toLowerCase());
}

/**
 * The format from the file's first bytes, never its name: a renamed file must not reach a decoder
 * for another format, and sharp also reads formats we do not accept (SVG, PDF, TIFF, HEIF...).
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const ascii = (start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1');
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 2) === 'BM') return 'bmp';
  return null;
}
