import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { typeDefs } from '@transferlab/graphql';
import type { Database } from '@transferlab/db';
import { DEFAULT_MAX_INPUT_PIXELS } from '@transferlab/ml-core';
import express from 'express';
import { specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { resolveViewer } from './auth/viewer';
import type { ApiContext, ApiServices } from './context';
import { createEventBus } from './events/event-bus';
import { FileStore } from './files/file-store';
import { queryLimits } from './graphql-limits';
import { registerHttpRoutes } from './http/routes';
import type { Logger } from './logger';
import { createPredictPool } from './predict/create-predict-pool';
import { resolvers } from './resolvers';
import { startLeaseSweeper } from './runs/lease-sweeper';

export interface ApiServerOptions {
  database: Database;
  dataDir: string;
  logger: Logger;
  port?: number;
  host?: string;
  publicUrl?: string;
  maxUploadBytes?: number;
  /** Pixels an image may declare (uploads, imports, predictions); ml-core's default otherwise. */
  maxInputPixels?: number;
  predictThreads?: number;
  /** How long a claimed run stays leased without a heartbeat. */
  leaseMs?: number;
  corsOrigins?: string[];
}

export interface ApiServer {
  url: string;
  wsUrl: string;
  services: ApiServices;
  close(): Promise<void>;
}

const MAX_DEPTH = 12;
const MAX_FIELDS = 400;

/** Apollo Server and graphql-ws on one HTTP server, plus the upload/download routes. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { database, logger, maxInputPixels = DEFAULT_MAX_INPUT_PIXELS } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer: Server = createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = httpServer.address() as AddressInfo;
  const base = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;

  const services: ApiServices = {
    database,
    db: database.db,
    events: await createEventBus(database, logger),
    files: new FileStore(join(options.dataDir, 'files')),
    modelsDir: join(options.dataDir, 'models'),
    predict: createPredictPool({ threads: options.predictThreads ?? 2, logger, maxInputPixels }),
    logger,
    publicUrl: (options.publicUrl ?? base).replace(/\/$/, ''),
    maxUploadBytes: options.maxUploadBytes ?? 20 * 1024 * 1024,
    maxInputPixels,
    leaseMs: options.leaseMs ?? 60_000,
  };
  const contextFor = async (authorization: string | undefined | null, requestId: string): Promise<ApiContext> => ({
    ...services,
    viewer: await resolveViewer(services.db, authorization),
    requestId,
  });

  const schema = makeExecutableSchema({ typeDefs, resolvers: resolvers as never });
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsCleanup = useServer<Record<string, unknown>, { authorization?: string }>(
    {
      schema,
      validate: (s, doc) => validate(s, doc, [...specifiedRules, queryLimits(MAX_DEPTH, MAX_FIELDS)]),
      onConnect: async (ctx) => {
        const auth = ctx.connectionParams?.authorization;
        const authorization = typeof auth === 'string' ? auth : undefined;
        // Everything but signUp/signIn needs a token, and subscriptions are never anonymous.
        if ((await resolveViewer(services.db, authorization)).kind === 'anonymous') return false;
        ctx.extra.authorization = authorization;
        return true;
      },
      // Resolved again for every operation, so a revoked token or ended session stops working on
      // sockets that are already open, not only on new ones.
      context: (ctx) => contextFor(ctx.extra.authorization, randomUUID()),
    },
    wsServer,
  );

  const apollo = new ApolloServer<ApiContext>({
    schema,
    validationRules: [queryLimits(MAX_DEPTH, MAX_FIELDS)],
    csrfPrevention: true,
    // main.ts owns shutdown (drain sockets, close the database, then exit 0); Apollo's own
    // signal handler would stop the server and re-raise the signal before that finished.
    stopOnTerminationSignals: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
    formatError: (formatted, error) => {
      // Apollo labels whatever is not a deliberate GraphQL/App error INTERNAL_SERVER_ERROR: mask
      // those; the log has the details under the same request id.
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      const requestId = randomUUID();
      logger.error({ err: unwrapResolverError(error), requestId, path: formatted.path }, 'resolver failed');
      return { message: `Internal server error (request id ${requestId}).`, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
    },
  });
  await apollo.start();

  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && options.corsOrigins?.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, apollo-require-preflight, x-request-id');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
    }
    next();
  });
  registerHttpRoutes(app, services);
  app.use(
    '/graphql',
    // predict sends an image as base64 inside the JSON body: allow the upload limit plus its 4/3 growth.
    express.json({ limit: Math.ceil(((options.maxUploadBytes ?? 20 * 1024 * 1024) * 4) / 3) + 64 * 1024 }),
    expressMiddleware(apollo, {
      context: async ({ req }) => contextFor(req.headers.authorization, (req.headers['x-request-id'] as string | undefined) ?? randomUUID()),
    }),
  );

  const sweeper = startLeaseSweeper(services);
  let closed = false;
  return {
    url: `${base}/graphql`,
    wsUrl: `${base.replace(/^http/, 'ws')}/graphql`,
    services,
    async close() {
      if (closed) return;
      closed = true;
      sweeper.stop();
      // Apollo's drain stops accepting requests, lets in-flight ones finish, and disposes graphql-ws.
      await apollo.stop();
      for (const client of wsServer.clients) client.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await services.events.close();
      await services.predict.close();
    },
  };
}
