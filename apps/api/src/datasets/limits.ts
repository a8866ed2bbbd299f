// Limits of what one upload or import may ask of the server. Byte limits come from the server
// options `maxUploadBytes` (one file) and `maxUploadRequestBytes` (one request), the pixel limit
// from `maxInputPixels`; these are the rest.

/** Files in one multipart request: enough for a class folder, few enough to answer in one go. */
export const MAX_FILES_PER_UPLOAD = 500;

/** Entries in one zip, counted from its directory before anything is read. */
export const MAX_ZIP_ENTRIES = 20_000;

/** "20", "0.25", "1.5": megabytes (MiB) for messages, without noise digits. */
export function megabytes(bytes: number): string {
  return String(Number((bytes / (1024 * 1024)).toPrecision(3)));
}

export const tooLargeReason = (maxBytes: number) => `too large (max ${megabytes(maxBytes)} MB)`;
