/** A failure the API (or the way to it) reported, with the GraphQL error code when there is one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** Per-field messages (BAD_USER_INPUT from startRun and others), keyed like `augmentation.zoom`. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLErrorShape {
  message?: string;
  extensions?: { code?: string; fields?: Record<string, string>; field?: string };
}

/** The first error of a GraphQL response as an ApiError. */
export function apiErrorFrom(errors: GraphQLErrorShape[]): ApiError {
  const [first] = errors;
  const extensions = first?.extensions ?? {};
  const fields = extensions.fields ?? (extensions.field ? { [extensions.field]: first?.message ?? '' } : {});
  return new ApiError(first?.message ?? 'The API answered with an error.', extensions.code ?? 'UNKNOWN', fields);
}
