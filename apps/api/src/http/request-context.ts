import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { resolveViewer } from '../auth/viewer';
import type { ApiContext, ApiServices } from '../context';
import { AppError } from '../errors';

/** The same context a GraphQL request gets, for plain HTTP routes. */
export async function contextFor(req: Request, services: ApiServices): Promise<ApiContext> {
  return {
    ...services,
    viewer: await resolveViewer(services.db, req.headers.authorization),
    requestId: (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
    // Express computes it with the server's trusted proxies (`trust proxy`).
    clientAddress: req.ip ?? req.socket.remoteAddress ?? '',
  };
}

/**
 * Wraps an async route: AppErrors become their HTTP status with `{ error, code, reason? }`; anything
 * else is logged with a request id and answered as a masked 500.
 */
export function route(services: ApiServices, handler: (req: Request, res: Response, ctx: ApiContext) => Promise<void>) {
  return async (req: Request, res: Response, _next: NextFunction) => {
    let ctx: ApiContext | undefined;
    try {
      ctx = await contextFor(req, services);
      await handler(req, res, ctx);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof AppError) {
        // The reason (e.g. LEASE_LOST) tells a worker whether to stop, as it does over GraphQL.
        const reason = error.extensions.reason;
        res.status(error.httpStatus).json({ error: error.message, code: error.code, ...(typeof reason === 'string' && { reason }) });
        return;
      }
      const requestId = ctx?.requestId ?? randomUUID();
      services.logger.error({ err: error, requestId, path: req.path }, 'request failed');
      res.status(500).json({ error: `Internal server error (request id ${requestId}).`, code: 'INTERNAL_SERVER_ERROR' });
    }
  };
}
