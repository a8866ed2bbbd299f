// Each factory makes fresh rows (unique names and emails) and creates what they need when not given,
// so tests never share seed ids.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  datasetImages,
  datasets,
  epochMetrics,
  models,
  runs,
  teamMembers,
  teams,
  users,
  type Dataset,
  type DatasetImage,
  type EpochMetric,
  type Model,
  type NewDataset,
  type NewDatasetImage,
  type NewEpochMetric,
  type NewModel,
  type NewRun,
  type NewTeam,
  type NewTeamMember,
  type NewUser,
  type Run,
  type Team,
  type TeamMember,
  type User,
} from '../schema';
import type { DbExecutor } from '../types';

function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A random hex sha256, as the file store would name a file. */
export function fakeSha256(): string {
  return createHash('sha256').update(randomBytes(16)).digest('hex');
}

async function insertOne<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('The insert returned no row.');
  return row;
}

export function createUser(db: DbExecutor, overrides: Partial<NewUser> = {}): Promise<User> {
  return insertOne(
    db
      .insert(users)
      .values({
        email: `${unique('user')}@example.test`,
        name: 'Test User',
        passwordHash: 'not-a-real-password-hash',
        ...overrides,
      })
      .returning(),
  );
}

export function createTeam(db: DbExecutor, overrides: Partial<NewTeam> = {}): Promise<Team> {
  return insertOne(db.insert(teams).values({ name: unique('team'), ...overrides }).returning());
}

export function addMember(
  db: DbExecutor,
  member: Pick<NewTeamMember, 'teamId' | 'userId'> & Partial<NewTeamMember>,
): Promise<TeamMember> {
  return insertOne(db.insert(teamMembers).values({ role: 'MEMBER', ...member }).returning());
}

/** A dataset; without `teamId` it makes a team, and without `createdBy` a user who is a member of it. */
export async function createDataset(db: DbExecutor, overrides: Partial<NewDataset> = {}): Promise<Dataset> {
  let { teamId, createdBy } = overrides;
  const newTeam = !teamId;
  if (!teamId) teamId = (await createTeam(db)).id;
  if (!createdBy) {
    createdBy = (await createUser(db)).id;
    await addMember(db, { teamId, userId: createdBy, role: newTeam ? 'OWNER' : 'MEMBER' });
  } else if (newTeam) {
    await addMember(db, { teamId, userId: createdBy, role: 'OWNER' });
  }
  return insertOne(
    db
      .insert(datasets)
      .values({ name: unique('dataset'), ...overrides, teamId, createdBy })
      .returning(),
  );
}

export function createDatasetImage(
  db: DbExecutor,
  image: Pick<NewDatasetImage, 'datasetId'> & Partial<NewDatasetImage>,
): Promise<DatasetImage> {
  return insertOne(
    db
      .insert(datasetImages)
      .values({
        sha256: fakeSha256(),
        className: 'daisy',
        split: 'train',
        fileName: `${unique('image')}.jpg`,
        bytes: 1024,
        width: 224,
        height: 224,
        ...image,
      })
      .returning(),
  );
}

/** A QUEUED run; without `datasetId` it makes a dataset (and its team and owner). */
export async function createRun(db: DbExecutor, overrides: Partial<NewRun> = {}): Promise<Run> {
  let { teamId, datasetId, createdBy } = overrides;
  if (!datasetId) {
    const dataset = await createDataset(db, { teamId, createdBy });
    datasetId = dataset.id;
    teamId = dataset.teamId;
    createdBy = dataset.createdBy;
  } else if (!teamId || !createdBy) {
    const [dataset] = await db.select().from(datasets).where(eq(datasets.id, datasetId));
    if (!dataset) throw new Error(`No dataset ${datasetId}.`);
    teamId ??= dataset.teamId;
    createdBy ??= dataset.createdBy;
  }
  return insertOne(
    db
      .insert(runs)
      .values({
        name: unique('run'),
        strategy: 'FEATURE_EXTRACTION',
        config: { backbone: 'VGG16', epochs: 10, batchSize: 32, learningRate: 0.001 },
        ...overrides,
        teamId,
        datasetId,
        createdBy,
      })
      .returning(),
  );
}

export function createEpochMetric(
  db: DbExecutor,
  metric: Pick<NewEpochMetric, 'runId'> & Partial<NewEpochMetric>,
): Promise<EpochMetric> {
  return insertOne(
    db
      .insert(epochMetrics)
      .values({
        phase: 'FEATURE_EXTRACTION',
        epoch: 1,
        loss: 0.9,
        accuracy: 0.6,
        valLoss: 1.1,
        valAccuracy: 0.55,
        learningRate: 0.001,
        durationMs: 1000,
        imagesPerSecond: 50,
        ...metric,
      })
      .returning(),
  );
}

/** A model version; without `runId` it makes a run (and what the run needs). */
export async function createModel(db: DbExecutor, overrides: Partial<NewModel> = {}): Promise<Model> {
  let { runId, teamId } = overrides;
  if (!runId) {
    const run = await createRun(db, teamId ? { teamId, datasetId: (await createDataset(db, { teamId })).id } : {});
    runId = run.id;
    teamId = run.teamId;
  } else if (!teamId) {
    const [run] = await db.select().from(runs).where(eq(runs.id, runId));
    if (!run) throw new Error(`No run ${runId}.`);
    teamId = run.teamId;
  }
  return insertOne(
    db
      .insert(models)
      .values({
        name: unique('model'),
        version: 1,
        classes: ['daisy', 'tulips'],
        imageSize: 224,
        backbone: 'VGG16',
        valAccuracy: 0.9,
        confusionMatrix: [
          [9, 1],
          [1, 9],
        ],
        classMetrics: [
          { name: 'daisy', precision: 0.9, recall: 0.9, f1: 0.9, support: 10 },
          { name: 'tulips', precision: 0.9, recall: 0.9, f1: 0.9, support: 10 },
        ],
        metadata: {},
        files: { modelJson: fakeSha256(), weights: fakeSha256() },
        ...overrides,
        runId,
        teamId,
      })
      .returning(),
  );
}
