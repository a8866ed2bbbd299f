import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { typeDefs } from '@transferlab/graphql';
import type { Database } from '@transferlab/db';
import { DEFAULT_MAX_INPUT_PIXELS } from '@transferlab/ml-core/no-tfjs';
import express from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { clientAddress, trustedProxies } from './auth/client-address';
import { credentialFieldLimit } from './auth/credential-field-limit';
import { createPasswordHasher, PASSWORD_HASH_DEFAULTS } from './auth/password-hasher';
import { createSignInThrottle, SIGN_IN_DEFAULTS } from './auth/sign-in-throttle';
import { resolveViewer, type Viewer } from './auth/viewer';
import { withWorkerScope } from './auth/worker-scope';
import type { ApiContext, ApiServices } from './context';
import { createEventBus } from './events/event-bus';
import { createCompilingExecutor, fixedSchemaGateway, type CompilingExecutor } from './execution/compiling-executor';
import { UNREFERENCED_MIN_AGE_MS } from './files/collect-garbage';
import type { FileStore } from './files/file-store';
import { LocalFileStore } from './files/local-file-store';
import { readEnv } from './env';
import { apolloLimits } from './graphql-limits/apollo-limits';
import { FIXED_GRAPHQL_LIMITS, type GraphqlLimits } from './graphql-limits/limits';
import { socketLimits } from './graphql-limits/socket-limits';
import { predictOnlyPlugin } from './graphql-limits/predict-only-plugin';
import { bodyViewer, graphqlBody } from './http/graphql-body';
import { registerGraphqlIde } from './http/graphql-ide';
import { noStorePlugin } from './http/no-store-plugin';
import { registerHttpRoutes } from './http/routes';
import type { Logger } from './logger';
import { createPredictPool } from './predict/create-predict-pool';
import { resolvers } from './resolvers';
import { subscribeSharingResults } from './resolvers/subscriptions/shared-execution';
import { anyRunTraining } from './runs/any-run-training';
import { createFinishedRunMetrics } from './runs/finished-run-metrics';
import { startLeaseSweeper } from './runs/lease-sweeper';
import type { RunQueueLimits } from './runs/run-queue-limits';

export interface ApiServerOptions {
  database: Database;
  dataDir: string;
  /** Where images, checkpoints and model files live: `<dataDir>/files` unless given (main.ts picks from the settings). */
  files?: FileStore;
  logger: Logger;
  port?: number;
  host?: string;
  publicUrl?: string;
  maxUploadBytes?: number;
  /** Pixels an image may declare (uploads, imports, predictions); ml-core's default otherwise. */
  maxInputPixels?: number;
  predictThreads?: number;
  /** A prediction thread idle this long ends (its memory released); the setting's default otherwise. */
  predictIdleMs?: number;
  /** Start a prediction thread on each claim and keep one while any run trains (the setting's default otherwise). */
  predictWhileTraining?: boolean;
  /** How long a claimed run stays leased without a heartbeat. */
  leaseMs?: number;
  /** After no API took heartbeats for longer than a lease, how long workers have to beat again. */
  leaseGraceMs?: number;
  corsOrigins?: string[];
  /** GraphiQL at GET /graphql. */
  graphqlIde?: boolean;
  graphqlMaxCost?: number;
  /** Repeated documents of signed-in callers run compiled (the setting's default otherwise). */
  graphqlCompile?: boolean;
  /** The largest /graphql body, but for a signed-in caller's predict. */
  maxGraphqlBodyBytes?: number;
  /** All files of one upload request together. */
  maxUploadRequestBytes?: number;
  /** One pretrained-weights upload, all its files together. */
  maxWeightsBytes?: number;
  /** Image bytes waiting for a prediction worker. */
  predictQueueBytes?: number;
  /** Failed sign-ins/sign-ups allowed per email and per client network in `signInWindowMs`. */
  signInLimit?: number;
  signInWindowMs?: number;
  passwordHashConcurrency?: number;
  passwordHashQueue?: number;
  /** Proxies trusted to name the client in X-Forwarded-For (default: loopback, e.g. the dashboard's server). */
  trustProxy?: string[];
  /** Claim order, queued runs per team, and the trainer memory runs are held to. */
  runQueue?: Partial<RunQueueLimits>;
}

export interface ApiServer {
  url: string;
  wsUrl: string;
  services: ApiServices;
  /** Runs queries and mutations: interpreted at first, compiled once their document repeats. */
  executor: CompilingExecutor;
  close(): Promise<void>;
}

// The settings' defaults (env.ts), for options a caller (a test) leaves out.
const DEFAULTS = readEnv({});

/** Apollo Server and graphql-ws on one HTTP server, plus the upload/download routes. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { database, logger, maxInputPixels = DEFAULT_MAX_INPUT_PIXELS } = options;
  const app = express();
  app.disable('x-powered-by');
  const trust = trustedProxies(options.trustProxy ?? ['loopback']);
  app.set('trust proxy', trust);
  const httpServer: Server = createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = httpServer.address() as AddressInfo;
  const base = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;

  const files = options.files ?? new LocalFileStore(join(options.dataDir, 'files'));
  const predictWhileTraining = options.predictWhileTraining ?? DEFAULTS.predictWhileTraining;
  // A crash between writing a file and moving it to its content name leaves a temporary file nothing names.
  // Housekeeping only: a store that cannot be reached right now must not keep the API from starting.
  const leftovers = await files.removeLeftovers(UNREFERENCED_MIN_AGE_MS).catch((error: unknown) => {
    logger.warn({ err: error, store: files.location }, 'could not clear unfinished file writes; the file store may be unreachable');
    return 0;
  });
  if (leftovers) logger.info({ files: leftovers }, 'removed unfinished file writes left by an earlier crash');
  const services: ApiServices = {
    database,
    db: database.db,
    events: await createEventBus(database, logger),
    files,
    modelsDir: join(options.dataDir, 'models'),
    predict: createPredictPool({
      threads: options.predictThreads ?? DEFAULTS.predictThreads,
      maxQueueBytes: options.predictQueueBytes ?? DEFAULTS.predictQueueBytes,
      idleMs: options.predictIdleMs ?? DEFAULTS.predictIdleMs,
      keepOneWhile: predictWhileTraining ? () => anyRunTraining(database.db) : undefined,
      logger,
      maxInputPixels,
    }),
    predictWhileTraining,
    logger,
    publicUrl: (options.publicUrl ?? base).replace(/\/$/, ''),
    maxUploadBytes: options.maxUploadBytes ?? DEFAULTS.maxUploadBytes,
    maxUploadRequestBytes: options.maxUploadRequestBytes ?? DEFAULTS.maxUploadRequestBytes,
    maxWeightsBytes: options.maxWeightsBytes ?? DEFAULTS.maxWeightsBytes,
    maxInputPixels,
    leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
    leaseGraceMs: options.leaseGraceMs ?? DEFAULTS.leaseGraceMs,
    runQueue: { ...DEFAULTS.runQueue, ...options.runQueue },
    finishedRunMetrics: createFinishedRunMetrics(),
    signInThrottle: createSignInThrottle({
      db: database.db,
      limit: options.signInLimit ?? SIGN_IN_DEFAULTS.limit,
      windowMs: options.signInWindowMs ?? SIGN_IN_DEFAULTS.windowSeconds * 1000,
    }),
    passwords: createPasswordHasher({
      concurrency: options.passwordHashConcurrency ?? PASSWORD_HASH_DEFAULTS.concurrency,
      maxQueued: options.passwordHashQueue ?? PASSWORD_HASH_DEFAULTS.maxQueued,
    }),
  };
  const contextFor = async (authorization: string | undefined | null, requestId: string, address: string, viewer?: Viewer): Promise<ApiContext> => ({
    ...services,
    viewer: viewer ?? (await resolveViewer(services.db, authorization)),
    requestId,
    clientAddress: address,
  });
  const bodyLimits = { maxBodyBytes: options.maxGraphqlBodyBytes ?? DEFAULTS.maxGraphqlBodyBytes, maxImageBytes: services.maxUploadBytes };

  const schema = withWorkerScope(makeExecutableSchema({ typeDefs, resolvers: resolvers as never }));
  const limits: GraphqlLimits = { ...FIXED_GRAPHQL_LIMITS, maxCost: options.graphqlMaxCost ?? DEFAULTS.graphqlMaxCost };
  const httpLimits = apolloLimits(limits);
  // Rules beyond graphql's own, the same on HTTP and the socket.
  const validationRules = [credentialFieldLimit];
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsCleanup = useServer<Record<string, unknown>, { authorization?: string }>(
    {
      schema,
      onSubscribe: socketLimits(schema, limits, validationRules),
      subscribe: subscribeSharingResults,
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
      context: (ctx) => contextFor(ctx.extra.authorization, randomUUID(), clientAddress(ctx.extra.request, trust)),
    },
    wsServer,
  );

  const compile = options.graphqlCompile ?? DEFAULTS.graphqlCompile;
  const executor = createCompilingExecutor(schema, { mayCompile: (ctx) => compile && (ctx as ApiContext).viewer.kind !== 'anonymous' });
  const apollo = new ApolloServer<ApiContext>({
    gateway: fixedSchemaGateway(schema, executor),
    parseOptions: httpLimits.parseOptions,
    validationRules,
    csrfPrevention: true,
    // main.ts owns shutdown (drain sockets, close the database, then exit 0); Apollo's own
    // signal handler would stop the server and re-raise the signal before that finished.
    stopOnTerminationSignals: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // GET /graphql in a browser is served GraphiQL below (or nothing); Apollo's own landing pages load from its CDN.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      httpLimits.plugin,
      predictOnlyPlugin(bodyLimits.maxBodyBytes),
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
  if (options.graphqlIde ?? DEFAULTS.graphqlIde) registerGraphqlIde(app, '/graphql');
  app.use(
    '/graphql',
    graphqlBody(services.db, bodyLimits),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        contextFor(req.headers.authorization, (req.headers['x-request-id'] as string | undefined) ?? randomUUID(), req.ip ?? '', bodyViewer(res)),
    }),
  );

  const sweeper = startLeaseSweeper(services);
  let closed = false;
  return {
    url: `${base}/graphql`,
    wsUrl: `${base.replace(/^http/, 'ws')}/graphql`,
    services,
    executor,
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
      services.signInThrottle.close();
    },
  };
}
