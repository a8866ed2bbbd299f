import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openDatabase, type Database } from '@transferlab/db';
import { workerTokens } from '@transferlab/db/schema';
import { hashToken, newToken } from './auth/tokens';
import { readEnv, type ApiEnv } from './env';
import { collectGarbage } from './files/collect-garbage';
import { LocalFileStore } from './files/local-file-store';
import { migrateFiles } from './files/migrate-files';
import { openFileStore } from './files/open-file-store';
import { S3FileStore } from './files/s3-file-store';
import { createLogger } from './logger';
import { startApiServer } from './server';
import { storeImagenetCopy } from './weights/store-imagenet-copy';

const USAGE = `usage: transferlab-api serve [--worker-token-file PATH]
       transferlab-api worker-token --name NAME     (creates a trainer token; prints it once)
       transferlab-api gc                           (deletes stored files no row names; prints what it did as JSON)
       transferlab-api import-weights FILE          (one of Keras's ImageNet .h5 files, under Keras's name, for every trainer)
       transferlab-api files migrate --to s3        (copies TRANSFERLAB_DATA_DIR/files into TRANSFERLAB_S3_BUCKET; resumable; prints what it did as JSON)`;

async function open(env: ApiEnv): Promise<Database> {
  if (env.databaseUrl) return openDatabase({ url: env.databaseUrl });
  const dir = join(env.dataDir, 'db');
  await mkdir(dir, { recursive: true });
  return openDatabase({ dataDir: dir });
}

async function createWorkerToken(database: Database, name: string): Promise<string> {
  const token = newToken('worker');
  await database.db.insert(workerTokens).values({ name, tokenHash: hashToken(token) });
  return token;
}

/**
 * On the embedded defaults the API process owns the PGlite database, so the local trainer's
 * token is made here, once, and handed over in a file only this user can read.
 */
async function ensureWorkerTokenFile(database: Database, path: string): Promise<void> {
  const existing = await readFile(path, 'utf8').catch(() => '');
  if (existing.trim()) return;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${await createWorkerToken(database, 'local-worker')}\n`, { mode: 0o600 });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const env = readEnv();
  const logger = createLogger(env.logLevel);
  if (command === 'worker-token') {
    const name = rest[rest.indexOf('--name') + 1];
    if (!rest.includes('--name') || !name) throw new Error(`--name is required.\n${USAGE}`);
    const database = await open(env);
    try {
      process.stdout.write(`${await createWorkerToken(database, name)}\n`);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'gc') {
    const database = await open(env);
    try {
      const report = await collectGarbage({ db: database.db, files: openFileStore(env) });
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'files') {
    if (rest[0] !== 'migrate' || rest[1] !== '--to' || rest[2] !== 's3') throw new Error(USAGE);
    if (!env.s3) throw new Error('files migrate --to s3 needs TRANSFERLAB_S3_BUCKET (and the other TRANSFERLAB_S3_* settings the API will use).');
    const report = await migrateFiles({ from: new LocalFileStore(join(env.dataDir, 'files')), to: new S3FileStore(env.s3) });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    if (report.damaged.length) process.exitCode = 1;
    return;
  }
  if (command === 'import-weights') {
    const [file] = rest;
    if (!file) throw new Error(`import-weights needs the file.\n${USAGE}`);
    const database = await open(env);
    try {
      const copy = await storeImagenetCopy({ db: database.db, files: openFileStore(env), path: file, fileName: file, requireMd5: false, createdBy: null });
      process.stdout.write(`${JSON.stringify({ fileName: copy.fileName, backbone: copy.backbone, alpha: copy.alpha, sha256: copy.sha256, md5: copy.md5, sizeBytes: copy.sizeBytes })}\n`);
    } finally {
      await database.close();
    }
    return;
  }
  if (command !== 'serve') throw new Error(USAGE);
  const database = await open(env);
  const tokenFileFlag = rest.indexOf('--worker-token-file');
  if (tokenFileFlag >= 0) await ensureWorkerTokenFile(database, rest[tokenFileFlag + 1] ?? join(env.dataDir, 'worker-token'));
  const server = await startApiServer({
    database,
    dataDir: env.dataDir,
    files: openFileStore(env),
    logger,
    port: env.port,
    host: env.host,
    publicUrl: env.publicUrl,
    maxUploadBytes: env.maxUploadBytes,
    maxInputPixels: env.maxInputPixels,
    predictThreads: env.predictThreads,
    predictIdleMs: env.predictIdleMs,
    predictWhileTraining: env.predictWhileTraining,
    corsOrigins: env.corsOrigins,
    leaseMs: env.leaseMs,
    leaseGraceMs: env.leaseGraceMs,
    graphqlIde: env.graphqlIde,
    graphqlCompile: env.graphqlCompile,
    graphqlMaxCost: env.graphqlMaxCost,
    maxGraphqlBodyBytes: env.maxGraphqlBodyBytes,
    maxUploadRequestBytes: env.maxUploadRequestBytes,
    predictQueueBytes: env.predictQueueBytes,
    maxWeightsBytes: env.maxWeightsBytes,
    signInLimit: env.signInLimit,
    signInWindowMs: env.signInWindowMs,
    passwordHashConcurrency: env.passwordHashConcurrency,
    passwordHashQueue: env.passwordHashQueue,
    trustProxy: env.trustProxy,
    runQueue: env.runQueue,
  });
  logger.info({ url: server.url, database: database.kind }, 'TransferLab API listening');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down: draining requests and sockets');
    await server.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`transferlab-api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
