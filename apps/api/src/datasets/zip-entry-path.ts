/** What a zip entry's name and attributes make of it, before any of its bytes are read. */
export type ZipEntryPath =
  /** A file at these path segments ('.' and empty segments dropped). */
  | { kind: 'file'; segments: string[] }
  /** A folder entry, or operating-system clutter (`__MACOSX/`, `.DS_Store`, hidden files). */
  | { kind: 'skip' }
  /** Absolute, `..`, backslashes or a symlink: it would land outside the dataset folder if extracted. */
  | { kind: 'escape' };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Classifies an entry by its decoded name (backslashes kept, not turned into separators) and its
 * external attributes, whose high 16 bits hold the Unix mode for zips made on Unix.
 */
export function zipEntryPath(name: string, externalFileAttributes: number): ZipEntryPath {
  if (name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return { kind: 'escape' };
  const parts = name.split('/');
  if (parts.includes('..')) return { kind: 'escape' };
  if (((externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return { kind: 'escape' };
  if (name.endsWith('/')) return { kind: 'skip' };
  const segments = parts.filter((part) => part !== '' && part !== '.');
  if (segments.length === 0 || segments.some((part) => part.startsWith('.') || part === '__MACOSX')) return { kind: 'skip' };
  return { kind: 'file', segments };
}
