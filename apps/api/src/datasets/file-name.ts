import { TEXT_LIMITS } from '../text-limits';

const MAX_FILE_NAME_LENGTH = TEXT_LIMITS.fileName;

/**
 * The name to keep and show for an uploaded file: its last path segment (some clients send
 * paths), without control characters, at most 255 characters. It is only a label; the bytes are
 * stored by their sha256.
 */
export function displayFileName(raw: string | undefined): string {
  const last = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = [...last.replace(/[\u0000-\u001f\u007f]/g, '')].slice(0, MAX_FILE_NAME_LENGTH).join('').trim();
  return clean || 'unnamed';
}
