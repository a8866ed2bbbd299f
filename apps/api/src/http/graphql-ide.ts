import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Express, Request } from 'express';

const DEFAULT_QUERY = `# TransferLab's GraphQL API. The Docs panel lists every type and field.
#
# Everything but signUp/signIn needs a token: run signIn, then put
#   { "Authorization": "Bearer <the token>" }
# in the Headers tab below, and run queries such as this one.
{
  me { id email teams { id name myRole } }
}
`;

interface IdePage {
  html: Buffer;
  gzipped: Buffer;
  etag: string;
}

let page: Promise<IdePage> | undefined;

/**
 * GraphiQL (GraphQL Yoga's build, with the explorer plugin) as one self-contained page: its
 * scripts, styles and editor workers are inlined from the npm package, so it loads on a machine
 * with no internet access, unlike Apollo's landing pages, which load from Apollo's CDN. Rendered
 * and compressed once (about 9 MB, 2 MB gzipped), then served from memory: anonymous and cheap.
 */
function idePage(): Promise<IdePage> {
  page ??= (async () => {
    const html = Buffer.from(renderGraphiQL({ title: 'TransferLab GraphQL', endpoint: '/graphql', defaultQuery: DEFAULT_QUERY, subscriptionsProtocol: 'WS' }));
    return { html, gzipped: await promisify(gzip)(html), etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` };
  })();
  return page;
}

/** A browser opening the endpoint: HTML preferred, and no `query` parameter (a GET query goes to Apollo). */
const wantsIde = (req: Request) => req.query.query === undefined && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';

/** GET /graphql in a browser: the in-browser IDE, for trying queries against this API. */
export function registerGraphqlIde(app: Express, path: string): void {
  app.get(path, async (req, res, next) => {
    if (!wantsIde(req)) {
      next();
      return;
    }
    const { html, gzipped, etag } = await idePage();
    res.setHeader('Vary', 'Accept, Accept-Encoding');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.type('html');
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(gzipped);
    } else {
      res.end(html);
    }
  });
}
