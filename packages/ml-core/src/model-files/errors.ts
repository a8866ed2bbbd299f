/** A model folder that is not one `saveModel` wrote (missing, unreadable, or another format). */
export class ModelFilesError extends Error {
  readonly code = 'BAD_MODEL_FILES';
  constructor(message: string) {
    super(message);
    this.name = 'ModelFilesError';
  }
}
