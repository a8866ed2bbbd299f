import { GraphQLError } from 'graphql';

/** Every failure a caller can cause, by code; mapped once to GraphQL errors and HTTP statuses. */
export type AppErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'PAYLOAD_TOO_LARGE' | 'SERVICE_UNAVAILABLE';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  SERVICE_UNAVAILABLE: 503,
};

export class AppError extends GraphQLError {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, { extensions: { code, http: { status: HTTP_STATUS[code] }, ...details } });
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found, or you cannot see it.`);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const badInput = (message: string, details?: Record<string, unknown>) => new AppError('BAD_USER_INPUT', message, details);
