import { GraphQLError } from 'graphql';

/** Every failure a caller can cause, by code; mapped once to GraphQL errors and HTTP statuses. */
export type AppErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'PAYLOAD_TOO_LARGE' | 'SERVICE_UNAVAILABLE' | 'RATE_LIMITED';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  SERVICE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
};

export class AppError extends GraphQLError {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    details?: Record<string, unknown>,
    /** HTTP response headers to send with it (Apollo reads them from `extensions.http`). */
    headers?: Record<string, string>,
  ) {
    const http = { status: HTTP_STATUS[code], ...(headers && { headers: new Map(Object.entries(headers)) }) };
    super(message, { extensions: { code, http, ...details } });
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found, or you cannot see it.`);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const badInput = (message: string, details?: Record<string, unknown>) => new AppError('BAD_USER_INPUT', message, details);

/** A limit on how often something may be tried: says when to try again, in the message and in `Retry-After`. */
export const rateLimited = (message: string, retryAfterSeconds: number, details?: Record<string, unknown>) =>
  new AppError('RATE_LIMITED', message, { retryAfterSeconds, ...details }, { 'retry-after': String(retryAfterSeconds) });
