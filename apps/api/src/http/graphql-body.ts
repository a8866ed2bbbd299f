import type { AppDb } from '@transferlab/db';
import type { Request, RequestHandler, Response } from 'express';
import getRawBody from 'raw-body';
import { resolveViewer, type Viewer } from '../auth/viewer';
import { megabytes } from '../datasets/limits';

export interface GraphqlBodyOptions {
  /** Any request's JSON body: queries, variables, everything but an image. */
  maxBodyBytes: number;
  /** predict's image, which travels base64-encoded in the body. */
  maxImageBytes: number;
}

/** A signed-in caller's body: predict's base64 image (4/3 of its bytes) plus an ordinary body. */
export const maxPredictBodyBytes = ({ maxBodyBytes, maxImageBytes }: GraphqlBodyOptions) => Math.ceil((maxImageBytes * 4) / 3) + maxBodyBytes;

// Body bytes by parsed body object: Apollo hands its plugins that same object (request.http.body).
const bodyBytes = new WeakMap<object, number>();

/** How many bytes the JSON body that parsed into `body` had. */
export const graphqlBodyBytes = (body: unknown): number | undefined => (body && typeof body === 'object' ? bodyBytes.get(body) : undefined);

/** The viewer graphqlBody resolved from the Authorization header, for the request's context. */
export const bodyViewer = (res: Response): Viewer | undefined => res.locals.viewer as Viewer | undefined;

/** Callers who may predict (a member's session or a team's API token), and so may send an image. */
const mayPredict = (viewer: Viewer) => viewer.kind === 'user' || viewer.kind === 'apiToken';

function refuse(res: Response, status: number, code: string, message: string, limit?: number): void {
  // No `Connection: close`: closing with the body's rest unread resets the connection, and a client
  // still sending then sees EPIPE instead of this answer. Node discards what still arrives (its
  // request timeout bounds a client that never stops), buffering and parsing none of it.
  res.status(status).json({ errors: [{ message, extensions: { code, ...(limit ? { limit } : {}) } }] });
}

/**
 * Reads /graphql's JSON body with a limit chosen before reading it: the caller is known from the
 * Authorization header, so an anonymous (or worker) body is refused past `maxBodyBytes`, from its
 * Content-Length before a byte of it is read, or as soon as a chunked body passes it; the rest
 * is discarded as it arrives, never buffered or parsed. Only a caller who may predict gets room for an image;
 * predictOnlyPlugin then refuses a large body that is not a predict.
 */
export function graphqlBody(db: AppDb, options: GraphqlBodyOptions): RequestHandler {
  const tooLarge = (limit: number) =>
    limit === options.maxBodyBytes
      ? `The request body is larger than ${Math.round(limit / 1024)} KB, the limit for a GraphQL request. Send less at once (only a signed-in caller's predict may send more).`
      : `The request body is larger than ${megabytes(limit)} MB, the limit for a predict request (an image of at most ${megabytes(options.maxImageBytes)} MB, base64-encoded). Send a smaller image.`;

  return async (req: Request, res: Response, next) => {
    // Apollo's express integration insists that a body parser ran, even for a GET.
    if (!Reflect.has(req, 'body')) req.body = undefined;
    if (!req.is('application/json')) {
      next();
      return;
    }
    try {
      const viewer = await resolveViewer(db, req.headers.authorization);
      res.locals.viewer = viewer;
      const limit = mayPredict(viewer) ? maxPredictBodyBytes(options) : options.maxBodyBytes;
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        refuse(res, 413, 'PAYLOAD_TOO_LARGE', tooLarge(limit), limit);
        return;
      }
      let raw: string;
      try {
        raw = await getRawBody(req, { limit, encoding: 'utf8' });
      } catch (error) {
        const tooBig = (error as { type?: string }).type === 'entity.too.large';
        refuse(res, tooBig ? 413 : 400, tooBig ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', tooBig ? tooLarge(limit) : 'The request body could not be read in full; send it again.', tooBig ? limit : undefined);
        return;
      }
      try {
        req.body = JSON.parse(raw) as unknown;
      } catch (error) {
        res.status(400).json({ errors: [{ message: `The body is not valid JSON (${(error as Error).message}): send {"query": "...", "variables": {...}}.`, extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
      if (req.body && typeof req.body === 'object') bodyBytes.set(req.body as object, Buffer.byteLength(raw));
      next();
    } catch (error) {
      next(error);
    }
  };
}
