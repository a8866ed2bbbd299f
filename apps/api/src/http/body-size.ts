import type { Request, Response } from 'express';
import type { AppError } from '../errors';

/**
 * Throws `tooLarge()` when the request declares a body over `maxBytes`, before any of it is read,
 * and marks the connection to close after the answer (the unread rest is not worth receiving).
 */
export function refuseDeclaredLength(req: Request, res: Response, maxBytes: number, tooLarge: () => AppError): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.setHeader('Connection', 'close');
    throw tooLarge();
  }
}
