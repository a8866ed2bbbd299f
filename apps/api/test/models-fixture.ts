// Real model files for the models and predict tests: a tiny classifier trained with ml-core on its
// demo dataset (seconds), saved with saveModel, and stored in a test API's file store.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMember, createModel, createRun, createTeam } from '@transferlab/db/testing';
import type { Model, ModelFiles, TeamRole } from '@transferlab/db/schema';
import { generateDemoDataset, saveModel, selectBackend, trainClassifier, type ModelMetadata } from '@transferlab/ml-core';
import type { AppDb } from '@transferlab/db';
import type { FileStore } from '../src/files/file-store';
import type { TestApi } from './harness';

export interface TrainedModel {
  /** A folder written by saveModel: model.json, weights.bin, metadata.json. */
  dir: string;
  metadata: ModelMetadata;
  bytes: { 'model.json': Buffer; 'weights.bin': Buffer; 'metadata.json': Buffer };
  /** Demo images (PNG and JPEG) of each class, with their class. */
  images: { className: string; bytes: Buffer }[];
  dispose(): Promise<void>;
}

/** Trains a BASELINE model on 32x32 demo images for one epoch; call once per test file. */
export async function trainTinyModel(): Promise<TrainedModel> {
  await selectBackend({ prefer: 'auto' });
  const root = await mkdtemp(join(tmpdir(), 'transferlab-model-'));
  const datasetDir = join(root, 'dataset');
  const { classNames } = await generateDemoDataset({ dir: datasetDir, classes: 3, imagesPerClass: 8, imageSize: 32, seed: 11 });
  const result = await trainClassifier({ datasetDir, config: { strategy: 'BASELINE', imageSize: 32, epochs: 1, batchSize: 8, seed: 3 } });
  const dir = join(root, 'model');
  try {
    await saveModel(dir, result.model, result.metadata);
  } finally {
    result.dispose();
  }
  const images: TrainedModel['images'] = [];
  for (const className of classNames) {
    for (const file of (await readdir(join(datasetDir, className))).sort().slice(0, 2)) {
      images.push({ className, bytes: await readFile(join(datasetDir, className, file)) });
    }
  }
  const read = (name: string) => readFile(join(dir, name));
  return {
    dir,
    metadata: result.metadata,
    bytes: { 'model.json': await read('model.json'), 'weights.bin': await read('weights.bin'), 'metadata.json': await read('metadata.json') },
    images,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

/** Where storeModel writes: a test API, or a database and file store a real server will open. */
export interface ModelStoreTarget {
  server: { services: { files: FileStore } };
  database: { db: AppDb };
}

/**
 * Stores the trained files in the API's file store and inserts a run and a model row for them, as
 * the worker protocol does when a run finishes.
 */
export async function storeModel(api: ModelStoreTarget, trained: TrainedModel, { teamId, name = 'flowers', version = 1, files }: { teamId: string; name?: string; version?: number; files?: Record<string, string> }): Promise<Model> {
  const store = api.server.services.files;
  const shas = {
    'model.json': await store.put(trained.bytes['model.json']),
    'weights.bin': await store.put(trained.bytes['weights.bin']),
    'metadata.json': await store.put(trained.bytes['metadata.json']),
  };
  const db = api.database.db;
  const run = await createRun(db, { teamId, strategy: 'BASELINE', status: 'SUCCEEDED' });
  const evaluation = trained.metadata.evaluation;
  return createModel(db, {
    teamId,
    runId: run.id,
    name,
    version,
    classes: trained.metadata.classes,
    imageSize: trained.metadata.imageSize,
    backbone: null,
    valAccuracy: trained.metadata.metrics.valAccuracy,
    confusionMatrix: evaluation?.confusionMatrix ?? [],
    classMetrics: evaluation?.classMetrics ?? [],
    metadata: trained.metadata as unknown as Record<string, unknown>,
    // As finishRun stores them: by file name, plus the role keys the db type requires.
    files: (files ?? { ...shas, modelJson: shas['model.json'], weights: shas['weights.bin'] }) as ModelFiles,
  });
}

export interface TeamPeople {
  teamId: string;
  owner: string;
  member: string;
  viewer: string;
}

/** A fresh team with an owner, a member and a viewer, each signed up over GraphQL. */
export async function teamWithPeople(api: TestApi): Promise<TeamPeople> {
  const team = await createTeam(api.database.db);
  const person = async (role: TeamRole) => {
    const { token, userId } = await api.signUp();
    await addMember(api.database.db, { teamId: team.id, userId, role });
    return token;
  };
  return { teamId: team.id, owner: await person('OWNER'), member: await person('MEMBER'), viewer: await person('VIEWER') };
}

export const MODEL_FIELDS = `id name version classes imageSize backbone valAccuracy confusionMatrix aliases downloadUrl metadata createdAt
  classMetrics { name precision recall f1 support } run { id status }`;
