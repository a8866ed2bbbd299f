// Bounds on a weights upload besides its size (TRANSFERLAB_MAX_WEIGHTS_MB, in env.ts).

/** model.json plus its shards: tensorflowjs_converter writes 4 MB shards, so 63 of them hold 250 MB. */
export const MAX_WEIGHTS_FILES = 64;
/** Entries a TF.js zip may hold, folders and clutter included. */
export const MAX_WEIGHTS_ZIP_ENTRIES = 256;
/** `name`, `backbone`, `alpha`, `imagenet`, with room for a client's extra fields. */
export const MAX_WEIGHTS_FIELDS = 10;
export const MAX_WEIGHTS_FIELD_BYTES = 1024;
