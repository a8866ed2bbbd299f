/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AugmentationInput = {
  brightness?: number | null | undefined;
  contrast?: number | null | undefined;
  flip?: boolean | null | undefined;
  hue?: number | null | undefined;
  rotationDegrees?: number | null | undefined;
  saturation?: number | null | undefined;
  zoom?: number | null | undefined;
};

export type Backbone =
  | 'EFFICIENTNET_B0'
  | 'MOBILENET_V2'
  | 'RESNET50'
  | 'VGG16';

export type Phase =
  | 'BASELINE'
  | 'FEATURE_EXTRACTION'
  | 'FINE_TUNE';

export type PredictionSplit =
  | 'TEST'
  | 'VAL';

export type RunGroupKind =
  | 'LADDER'
  | 'SWEEP';

export type RunStatus =
  | 'CANCELED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type StartLadderInput = {
  backbone?: Backbone | null | undefined;
  batchSize?: number | null | undefined;
  datasetId: string | number;
  epochs?: number | null | undefined;
  fineTuneEpochs?: number | null | undefined;
  imageSize?: number | null | undefined;
  name?: string | null | undefined;
  pretrained?: boolean | null | undefined;
  seed?: number | null | undefined;
  testSplit?: number | null | undefined;
  validationSplit?: number | null | undefined;
  weightsId?: string | number | null | undefined;
};

export type StartRunInput = {
  augmentation?: AugmentationInput | null | undefined;
  backbone?: Backbone | null | undefined;
  batchSize?: number | null | undefined;
  datasetId: string | number;
  dropout?: number | null | undefined;
  earlyStoppingPatience?: number | null | undefined;
  epochs?: number | null | undefined;
  fineTuneEpochs?: number | null | undefined;
  fineTuneLearningRate?: number | null | undefined;
  imageSize?: number | null | undefined;
  learningRate?: number | null | undefined;
  name?: string | null | undefined;
  pretrained?: boolean | null | undefined;
  seed?: number | null | undefined;
  strategy: Strategy;
  testSplit?: number | null | undefined;
  unfreezeFrom?: string | null | undefined;
  validationSplit?: number | null | undefined;
  weightsId?: string | number | null | undefined;
};

export type StartSweepInput = {
  base: StartRunInput;
  grid: SweepGridInput;
  name?: string | null | undefined;
};

export type Strategy =
  | 'BASELINE'
  | 'FEATURE_EXTRACTION'
  | 'FINE_TUNE';

export type SweepGridInput = {
  dropout?: Array<number> | null | undefined;
  fineTuneLearningRate?: Array<number> | null | undefined;
  imageSize?: Array<number> | null | undefined;
  learningRate?: Array<number> | null | undefined;
  unfreezeFrom?: Array<string> | null | undefined;
};

export type TeamRole =
  | 'ADMIN'
  | 'MEMBER'
  | 'OWNER'
  | 'VIEWER';

export type WeightsFormat =
  | 'KERAS_H5'
  | 'TFJS_LAYERS';

export type TeamApiTokensQueryVariables = Exact<{
  id: string | number;
}>;


export type TeamApiTokensQuery = { team: { id: string, apiTokens: Array<{ id: string, name: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, createdBy: { id: string, email: string, name: string | null } }> } | null };

export type CreateApiTokenMutationVariables = Exact<{
  teamId: string | number;
  name: string;
}>;


export type CreateApiTokenMutation = { createApiToken: { id: string, name: string, token: string } };

export type RevokeApiTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiTokenMutation = { revokeApiToken: { id: string, revokedAt: string | null } };

export type CompareRunsQueryVariables = Exact<{
  teamId: string | number;
  ids?: Array<string | number> | string | number | null | undefined;
}>;


export type CompareRunsQuery = { team: { id: string, runs: Array<{ id: string, name: string | null, status: RunStatus, strategy: Strategy, createdAt: string, dataset: { name: string } }>, runGroups: Array<{ id: string, kind: RunGroupKind, name: string | null, createdAt: string, runs: Array<{ id: string }> }> } | null, runs: Array<{ id: string, name: string | null, status: RunStatus, strategy: Strategy, config: unknown, bestValAccuracy: number | null, dataset: { id: string, name: string }, group: { id: string, name: string | null } | null, metrics: Array<{ phase: Phase, epoch: number, loss: number, accuracy: number, valLoss: number | null, valAccuracy: number | null, learningRate: number, durationMs: number, imagesPerSecond: number, at: string }> }> };

export type TeamDatasetsQueryVariables = Exact<{
  id: string | number;
}>;


export type TeamDatasetsQuery = { team: { id: string, myRole: TeamRole, datasets: Array<{ id: string, name: string, imageCount: number, trainCount: number, valCount: number, warnings: Array<string>, createdAt: string, classes: Array<{ name: string }> }> } | null };

export type CreateDatasetMutationVariables = Exact<{
  teamId: string | number;
  name: string;
}>;


export type CreateDatasetMutation = { createDataset: { id: string } };

export type DatasetPageQueryVariables = Exact<{
  id: string | number;
  className?: string | null | undefined;
  split?: string | null | undefined;
  first: number;
  offset: number;
}>;


export type DatasetPageQuery = { dataset: { id: string, name: string, imageCount: number, trainCount: number, valCount: number, revision: number, warnings: Array<string>, createdAt: string, team: { id: string, myRole: TeamRole }, classes: Array<{ name: string, trainCount: number, valCount: number }>, images: { total: number, items: Array<{ id: string, sha256: string, fileName: string, className: string, split: string, width: number, height: number }> } } | null };

export type TeamModelsQueryVariables = Exact<{
  id: string | number;
}>;


export type TeamModelsQuery = { team: { id: string, models: Array<{ id: string, name: string, version: number, aliases: Array<string>, valAccuracy: number | null, backbone: Backbone | null, imageSize: number, createdAt: string, classes: Array<string>, run: { id: string, name: string | null } }> } | null };

export type ModelPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ModelPageQuery = { model: { id: string, name: string, version: number, classes: Array<string>, imageSize: number, backbone: Backbone | null, valAccuracy: number | null, confusionMatrix: Array<Array<number>>, aliases: Array<string>, createdAt: string, classMetrics: Array<{ name: string, precision: number, recall: number, f1: number, support: number }>, testEvaluation: { accuracy: number, count: number, confusionMatrix: Array<Array<number>>, classMetrics: Array<{ name: string, precision: number, recall: number, f1: number, support: number }> } | null, phaseBests: Array<{ phase: Phase, bestEpoch: number | null, valLoss: number | null, valAccuracy: number | null, epochsRun: number, stoppedEarly: boolean }>, run: { id: string, name: string | null, strategy: Strategy, dataset: { id: string }, team: { id: string, myRole: TeamRole } } } | null };

export type SetModelAliasMutationVariables = Exact<{
  modelId: string | number;
  alias: string;
}>;


export type SetModelAliasMutation = { setModelAlias: { id: string, aliases: Array<string> } };

export type PredictMutationVariables = Exact<{
  modelId: string | number;
  imageBase64: string;
  topK?: number | null | undefined;
}>;


export type PredictMutation = { predict: Array<{ label: string, probability: number }> };

export type ModelPredictionsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  trueClass?: string | null | undefined;
  predictedClass?: string | null | undefined;
  split?: PredictionSplit | null | undefined;
}>;


export type ModelPredictionsQuery = { model: { id: string, predictions: { totalCount: number, hasNextPage: boolean, endCursor: string | null, items: Array<{ imageSha256: string, trueClass: string, predictedClass: string, confidence: number, loss: number, image: { id: string, className: string } | null }> } } | null };

export type MoveDatasetImageMutationVariables = Exact<{
  imageId: string | number;
  className: string;
}>;


export type MoveDatasetImageMutation = { moveDatasetImage: { id: string, className: string } };

export type DeleteDatasetImageMutationVariables = Exact<{
  imageId: string | number;
}>;


export type DeleteDatasetImageMutation = { deleteDatasetImage: { id: string, revision: number } };

export type EpochPointFragment = { phase: Phase, epoch: number, loss: number, accuracy: number, valLoss: number | null, valAccuracy: number | null, learningRate: number, durationMs: number, imagesPerSecond: number, at: string };

export type RunProgressFieldsFragment = { phase: Phase, epoch: number, epochs: number, batch: number, batches: number, etaSeconds: number | null };

export type RunStateFragment = { id: string, status: RunStatus, error: string | null, startedAt: string | null, finishedAt: string | null, bestValAccuracy: number | null, attempts: number, failure: { code: string, kind: string, message: string } | null, worker: { name: string, backend: string | null, device: string | null, frozenEngine: string | null } | null, model: { id: string, name: string, version: number, valAccuracy: number | null, testEvaluation: { accuracy: number, count: number } | null } | null };

export type RunDetailFieldsFragment = { name: string | null, strategy: Strategy, config: unknown, createdAt: string, id: string, status: RunStatus, error: string | null, startedAt: string | null, finishedAt: string | null, bestValAccuracy: number | null, attempts: number, createdBy: { id: string, email: string, name: string | null }, dataset: { id: string, name: string }, team: { id: string, myRole: TeamRole }, metrics: Array<{ phase: Phase, epoch: number, loss: number, accuracy: number, valLoss: number | null, valAccuracy: number | null, learningRate: number, durationMs: number, imagesPerSecond: number, at: string }>, progress: { phase: Phase, epoch: number, epochs: number, batch: number, batches: number, etaSeconds: number | null } | null, featureCache: { hits: number, misses: number } | null, failure: { code: string, kind: string, message: string } | null, worker: { name: string, backend: string | null, device: string | null, frozenEngine: string | null } | null, model: { id: string, name: string, version: number, valAccuracy: number | null, testEvaluation: { accuracy: number, count: number } | null } | null };

export type RunDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type RunDetailQuery = { run: { name: string | null, strategy: Strategy, config: unknown, createdAt: string, id: string, status: RunStatus, error: string | null, startedAt: string | null, finishedAt: string | null, bestValAccuracy: number | null, attempts: number, createdBy: { id: string, email: string, name: string | null }, dataset: { id: string, name: string }, team: { id: string, myRole: TeamRole }, metrics: Array<{ phase: Phase, epoch: number, loss: number, accuracy: number, valLoss: number | null, valAccuracy: number | null, learningRate: number, durationMs: number, imagesPerSecond: number, at: string }>, progress: { phase: Phase, epoch: number, epochs: number, batch: number, batches: number, etaSeconds: number | null } | null, featureCache: { hits: number, misses: number } | null, failure: { code: string, kind: string, message: string } | null, worker: { name: string, backend: string | null, device: string | null, frozenEngine: string | null } | null, model: { id: string, name: string, version: number, valAccuracy: number | null, testEvaluation: { accuracy: number, count: number } | null } | null } | null };

export type RunEventsSubscriptionVariables = Exact<{
  runId: string | number;
}>;


export type RunEventsSubscription = { runEvents:
    | { __typename: 'RunEpochEvent', metric: { phase: Phase, epoch: number, loss: number, accuracy: number, valLoss: number | null, valAccuracy: number | null, learningRate: number, durationMs: number, imagesPerSecond: number, at: string } }
    | { __typename: 'RunProgressEvent', progress: { phase: Phase, epoch: number, epochs: number, batch: number, batches: number, etaSeconds: number | null } }
    | { __typename: 'RunStatusEvent', status: RunStatus, error: string | null, run: { id: string, status: RunStatus, error: string | null, startedAt: string | null, finishedAt: string | null, bestValAccuracy: number | null, attempts: number, failure: { code: string, kind: string, message: string } | null, worker: { name: string, backend: string | null, device: string | null, frozenEngine: string | null } | null, model: { id: string, name: string, version: number, valAccuracy: number | null, testEvaluation: { accuracy: number, count: number } | null } | null } }
   };

export type LadderComparisonFieldsFragment = { transferGain: number | null, fineTuneGain: number | null, fineTuneHelped: boolean | null, rungs: Array<{ strategy: Strategy, valAccuracy: number | null, testAccuracy: number | null, wallTimeSeconds: number | null, imagesPerSecond: number | null, run: { id: string } }> };

export type RunGroupPageQueryVariables = Exact<{
  id: string | number;
}>;


export type RunGroupPageQuery = { runGroup: { id: string, kind: RunGroupKind, name: string | null, createdAt: string, createdBy: { id: string, email: string, name: string | null }, runs: Array<{ name: string | null, strategy: Strategy, config: unknown, createdAt: string, id: string, status: RunStatus, error: string | null, startedAt: string | null, finishedAt: string | null, bestValAccuracy: number | null, attempts: number, createdBy: { id: string, email: string, name: string | null }, dataset: { id: string, name: string }, team: { id: string, myRole: TeamRole }, metrics: Array<{ phase: Phase, epoch: number, loss: number, accuracy: number, valLoss: number | null, valAccuracy: number | null, learningRate: number, durationMs: number, imagesPerSecond: number, at: string }>, progress: { phase: Phase, epoch: number, epochs: number, batch: number, batches: number, etaSeconds: number | null } | null, featureCache: { hits: number, misses: number } | null, failure: { code: string, kind: string, message: string } | null, worker: { name: string, backend: string | null, device: string | null, frozenEngine: string | null } | null, model: { id: string, name: string, version: number, valAccuracy: number | null, testEvaluation: { accuracy: number, count: number } | null } | null }>, comparison: { transferGain: number | null, fineTuneGain: number | null, fineTuneHelped: boolean | null, rungs: Array<{ strategy: Strategy, valAccuracy: number | null, testAccuracy: number | null, wallTimeSeconds: number | null, imagesPerSecond: number | null, run: { id: string } }> } | null, sweep: { finished: number, grid: { learningRate: Array<number>, fineTuneLearningRate: Array<number>, unfreezeFrom: Array<string>, dropout: Array<number>, imageSize: Array<number> }, entries: Array<{ rank: number | null, valAccuracy: number | null, testAccuracy: number | null, wallTimeSeconds: number | null, params: { learningRate: number, fineTuneLearningRate: number | null, unfreezeFrom: string | null, dropout: number, imageSize: number }, run: { id: string, name: string | null, status: RunStatus } }>, best: { run: { id: string, name: string | null, model: { id: string, name: string, version: number, aliases: Array<string> } | null } } | null } | null } | null };

export type LadderComparisonQueryVariables = Exact<{
  id: string | number;
}>;


export type LadderComparisonQuery = { runGroup: { id: string, comparison: { transferGain: number | null, fineTuneGain: number | null, fineTuneHelped: boolean | null, rungs: Array<{ strategy: Strategy, valAccuracy: number | null, testAccuracy: number | null, wallTimeSeconds: number | null, imagesPerSecond: number | null, run: { id: string } }> } | null } | null };

export type StartLadderMutationVariables = Exact<{
  input: StartLadderInput;
}>;


export type StartLadderMutation = { startLadder: { id: string } };

export type SweepRankingFieldsFragment = { finished: number, grid: { learningRate: Array<number>, fineTuneLearningRate: Array<number>, unfreezeFrom: Array<string>, dropout: Array<number>, imageSize: Array<number> }, entries: Array<{ rank: number | null, valAccuracy: number | null, testAccuracy: number | null, wallTimeSeconds: number | null, params: { learningRate: number, fineTuneLearningRate: number | null, unfreezeFrom: string | null, dropout: number, imageSize: number }, run: { id: string, name: string | null, status: RunStatus } }>, best: { run: { id: string, name: string | null, model: { id: string, name: string, version: number, aliases: Array<string> } | null } } | null };

export type SweepRankingQueryVariables = Exact<{
  id: string | number;
}>;


export type SweepRankingQuery = { runGroup: { id: string, sweep: { finished: number, grid: { learningRate: Array<number>, fineTuneLearningRate: Array<number>, unfreezeFrom: Array<string>, dropout: Array<number>, imageSize: Array<number> }, entries: Array<{ rank: number | null, valAccuracy: number | null, testAccuracy: number | null, wallTimeSeconds: number | null, params: { learningRate: number, fineTuneLearningRate: number | null, unfreezeFrom: string | null, dropout: number, imageSize: number }, run: { id: string, name: string | null, status: RunStatus } }>, best: { run: { id: string, name: string | null, model: { id: string, name: string, version: number, aliases: Array<string> } | null } } | null } | null } | null };

export type StartSweepMutationVariables = Exact<{
  input: StartSweepInput;
}>;


export type StartSweepMutation = { startSweep: { id: string } };

export type CompareGroupQueryVariables = Exact<{
  id: string | number;
}>;


export type CompareGroupQuery = { runGroup: { id: string, kind: RunGroupKind, name: string | null, runs: Array<{ id: string }> } | null };

export type RunSummaryFragment = { id: string, name: string | null, status: RunStatus, strategy: Strategy, bestValAccuracy: number | null, createdAt: string, startedAt: string | null, finishedAt: string | null, createdBy: { id: string, email: string, name: string | null }, dataset: { id: string, name: string }, group: { id: string } | null };

export type TeamRunsQueryVariables = Exact<{
  id: string | number;
}>;


export type TeamRunsQuery = { team: { id: string, myRole: TeamRole, runs: Array<{ id: string, name: string | null, status: RunStatus, strategy: Strategy, bestValAccuracy: number | null, createdAt: string, startedAt: string | null, finishedAt: string | null, createdBy: { id: string, email: string, name: string | null }, dataset: { id: string, name: string }, group: { id: string } | null }> } | null };

export type TeamRunsLiveSubscriptionVariables = Exact<{
  teamId: string | number;
}>;


export type TeamRunsLiveSubscription = { teamRuns: { id: string, name: string | null, status: RunStatus, strategy: Strategy, bestValAccuracy: number | null, createdAt: string, startedAt: string | null, finishedAt: string | null, createdBy: { id: string, email: string, name: string | null }, dataset: { id: string, name: string }, group: { id: string } | null } };

export type NewRunOptionsQueryVariables = Exact<{
  id: string | number;
}>;


export type NewRunOptionsQuery = { team: { id: string, myRole: TeamRole, datasets: Array<{ id: string, name: string, imageCount: number, trainCount: number, valCount: number, classes: Array<{ name: string }> }>, weights: Array<{ id: string, name: string, backbone: Backbone, alpha: number | null }> } | null, imagenetWeights: Array<{ backbone: Backbone, alpha: number | null, fileName: string }> };

export type StartRunMutationVariables = Exact<{
  input: StartRunInput;
}>;


export type StartRunMutation = { startRun: { id: string } };

export type CancelRunMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelRunMutation = { cancelRun: { id: string, status: RunStatus } };

export type SignUpMutationVariables = Exact<{
  email: string;
  password: string;
  name?: string | null | undefined;
}>;


export type SignUpMutation = { signUp: { token: string, user: { id: string } } };

export type SignInMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type SignInMutation = { signIn: { token: string, user: { id: string } } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string, name: string | null, teams: Array<{ id: string, name: string, myRole: TeamRole }> } | null };

export type CreateTeamMutationVariables = Exact<{
  name: string;
}>;


export type CreateTeamMutation = { createTeam: { id: string, name: string } };

export type TeamShellQueryVariables = Exact<{
  id: string | number;
}>;


export type TeamShellQuery = { team: { id: string, name: string, myRole: TeamRole } | null };

export type TeamMembersQueryVariables = Exact<{
  id: string | number;
}>;


export type TeamMembersQuery = { team: { id: string, myRole: TeamRole, members: Array<{ role: TeamRole, user: { id: string, email: string, name: string | null } }> } | null };

export type AddTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  email: string;
  role: TeamRole;
}>;


export type AddTeamMemberMutation = { addTeamMember: { role: TeamRole, user: { id: string, email: string } } };

export type UpdateTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  userId: string | number;
  role: TeamRole;
}>;


export type UpdateTeamMemberMutation = { updateTeamMember: { role: TeamRole, user: { id: string } } };

export type RemoveTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  userId: string | number;
}>;


export type RemoveTeamMemberMutation = { removeTeamMember: boolean };

export type TeamWeightsQueryVariables = Exact<{
  id: string | number;
}>;


export type TeamWeightsQuery = { team: { id: string, myRole: TeamRole, weights: Array<{ id: string, name: string, backbone: Backbone, alpha: number | null, format: WeightsFormat, sha256: string, sizeBytes: number, createdAt: string, createdBy: { id: string, email: string, name: string | null } }> } | null, imagenetWeights: Array<{ fileName: string, backbone: Backbone, alpha: number | null, sizeBytes: number, createdAt: string }> };

export type DeleteBackboneWeightsMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteBackboneWeightsMutation = { deleteBackboneWeights: boolean };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const RunStateFragmentDoc = new TypedDocumentString(`
    fragment RunState on Run {
  id
  status
  error
  failure {
    code
    kind
    message
  }
  startedAt
  finishedAt
  bestValAccuracy
  attempts
  worker {
    name
    backend
    device
    frozenEngine
  }
  model {
    id
    name
    version
    valAccuracy
    testEvaluation {
      accuracy
      count
    }
  }
}
    `, {"fragmentName":"RunState"}) as unknown as TypedDocumentString<RunStateFragment, unknown>;
export const EpochPointFragmentDoc = new TypedDocumentString(`
    fragment EpochPoint on EpochMetric {
  phase
  epoch
  loss
  accuracy
  valLoss
  valAccuracy
  learningRate
  durationMs
  imagesPerSecond
  at
}
    `, {"fragmentName":"EpochPoint"}) as unknown as TypedDocumentString<EpochPointFragment, unknown>;
export const RunProgressFieldsFragmentDoc = new TypedDocumentString(`
    fragment RunProgressFields on RunProgress {
  phase
  epoch
  epochs
  batch
  batches
  etaSeconds
}
    `, {"fragmentName":"RunProgressFields"}) as unknown as TypedDocumentString<RunProgressFieldsFragment, unknown>;
export const RunDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment RunDetailFields on Run {
  ...RunState
  name
  strategy
  config
  createdAt
  createdBy {
    id
    email
    name
  }
  dataset {
    id
    name
  }
  team {
    id
    myRole
  }
  metrics {
    ...EpochPoint
  }
  progress {
    ...RunProgressFields
  }
  featureCache {
    hits
    misses
  }
}
    fragment EpochPoint on EpochMetric {
  phase
  epoch
  loss
  accuracy
  valLoss
  valAccuracy
  learningRate
  durationMs
  imagesPerSecond
  at
}
fragment RunProgressFields on RunProgress {
  phase
  epoch
  epochs
  batch
  batches
  etaSeconds
}
fragment RunState on Run {
  id
  status
  error
  failure {
    code
    kind
    message
  }
  startedAt
  finishedAt
  bestValAccuracy
  attempts
  worker {
    name
    backend
    device
    frozenEngine
  }
  model {
    id
    name
    version
    valAccuracy
    testEvaluation {
      accuracy
      count
    }
  }
}`, {"fragmentName":"RunDetailFields"}) as unknown as TypedDocumentString<RunDetailFieldsFragment, unknown>;
export const LadderComparisonFieldsFragmentDoc = new TypedDocumentString(`
    fragment LadderComparisonFields on LadderComparison {
  transferGain
  fineTuneGain
  fineTuneHelped
  rungs {
    strategy
    valAccuracy
    testAccuracy
    wallTimeSeconds
    imagesPerSecond
    run {
      id
    }
  }
}
    `, {"fragmentName":"LadderComparisonFields"}) as unknown as TypedDocumentString<LadderComparisonFieldsFragment, unknown>;
export const SweepRankingFieldsFragmentDoc = new TypedDocumentString(`
    fragment SweepRankingFields on SweepRanking {
  finished
  grid {
    learningRate
    fineTuneLearningRate
    unfreezeFrom
    dropout
    imageSize
  }
  entries {
    rank
    valAccuracy
    testAccuracy
    wallTimeSeconds
    params {
      learningRate
      fineTuneLearningRate
      unfreezeFrom
      dropout
      imageSize
    }
    run {
      id
      name
      status
    }
  }
  best {
    run {
      id
      name
      model {
        id
        name
        version
        aliases
      }
    }
  }
}
    `, {"fragmentName":"SweepRankingFields"}) as unknown as TypedDocumentString<SweepRankingFieldsFragment, unknown>;
export const RunSummaryFragmentDoc = new TypedDocumentString(`
    fragment RunSummary on Run {
  id
  name
  status
  strategy
  bestValAccuracy
  createdAt
  startedAt
  finishedAt
  createdBy {
    id
    email
    name
  }
  dataset {
    id
    name
  }
  group {
    id
  }
}
    `, {"fragmentName":"RunSummary"}) as unknown as TypedDocumentString<RunSummaryFragment, unknown>;
export const TeamApiTokensDocument = new TypedDocumentString(`
    query TeamApiTokens($id: ID!) {
  team(id: $id) {
    id
    apiTokens {
      id
      name
      createdAt
      lastUsedAt
      revokedAt
      createdBy {
        id
        email
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TeamApiTokensQuery, TeamApiTokensQueryVariables>;
export const CreateApiTokenDocument = new TypedDocumentString(`
    mutation CreateApiToken($teamId: ID!, $name: String!) {
  createApiToken(teamId: $teamId, name: $name) {
    id
    name
    token
  }
}
    `) as unknown as TypedDocumentString<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const RevokeApiTokenDocument = new TypedDocumentString(`
    mutation RevokeApiToken($id: ID!) {
  revokeApiToken(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;
export const CompareRunsDocument = new TypedDocumentString(`
    query CompareRuns($teamId: ID!, $ids: [ID!]) {
  team(id: $teamId) {
    id
    runs(first: 200) {
      id
      name
      status
      strategy
      createdAt
      dataset {
        name
      }
    }
    runGroups(first: 20) {
      id
      kind
      name
      createdAt
      runs {
        id
      }
    }
  }
  runs(teamId: $teamId, ids: $ids) {
    id
    name
    status
    strategy
    config
    bestValAccuracy
    dataset {
      id
      name
    }
    group {
      id
      name
    }
    metrics {
      ...EpochPoint
    }
  }
}
    fragment EpochPoint on EpochMetric {
  phase
  epoch
  loss
  accuracy
  valLoss
  valAccuracy
  learningRate
  durationMs
  imagesPerSecond
  at
}`) as unknown as TypedDocumentString<CompareRunsQuery, CompareRunsQueryVariables>;
export const TeamDatasetsDocument = new TypedDocumentString(`
    query TeamDatasets($id: ID!) {
  team(id: $id) {
    id
    myRole
    datasets {
      id
      name
      imageCount
      trainCount
      valCount
      warnings
      createdAt
      classes {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TeamDatasetsQuery, TeamDatasetsQueryVariables>;
export const CreateDatasetDocument = new TypedDocumentString(`
    mutation CreateDataset($teamId: ID!, $name: String!) {
  createDataset(teamId: $teamId, name: $name) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateDatasetMutation, CreateDatasetMutationVariables>;
export const DatasetPageDocument = new TypedDocumentString(`
    query DatasetPage($id: ID!, $className: String, $split: String, $first: Int!, $offset: Int!) {
  dataset(id: $id) {
    id
    name
    team {
      id
      myRole
    }
    imageCount
    trainCount
    valCount
    revision
    warnings
    createdAt
    classes {
      name
      trainCount
      valCount
    }
    images(className: $className, split: $split, first: $first, offset: $offset) {
      total
      items {
        id
        sha256
        fileName
        className
        split
        width
        height
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DatasetPageQuery, DatasetPageQueryVariables>;
export const TeamModelsDocument = new TypedDocumentString(`
    query TeamModels($id: ID!) {
  team(id: $id) {
    id
    models {
      id
      name
      version
      aliases
      valAccuracy
      backbone
      imageSize
      createdAt
      classes
      run {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TeamModelsQuery, TeamModelsQueryVariables>;
export const ModelPageDocument = new TypedDocumentString(`
    query ModelPage($id: ID!) {
  model(id: $id) {
    id
    name
    version
    classes
    imageSize
    backbone
    valAccuracy
    confusionMatrix
    classMetrics {
      name
      precision
      recall
      f1
      support
    }
    testEvaluation {
      accuracy
      count
      confusionMatrix
      classMetrics {
        name
        precision
        recall
        f1
        support
      }
    }
    phaseBests {
      phase
      bestEpoch
      valLoss
      valAccuracy
      epochsRun
      stoppedEarly
    }
    aliases
    createdAt
    run {
      id
      name
      strategy
      dataset {
        id
      }
      team {
        id
        myRole
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ModelPageQuery, ModelPageQueryVariables>;
export const SetModelAliasDocument = new TypedDocumentString(`
    mutation SetModelAlias($modelId: ID!, $alias: String!) {
  setModelAlias(modelId: $modelId, alias: $alias) {
    id
    aliases
  }
}
    `) as unknown as TypedDocumentString<SetModelAliasMutation, SetModelAliasMutationVariables>;
export const PredictDocument = new TypedDocumentString(`
    mutation Predict($modelId: ID!, $imageBase64: String!, $topK: Int) {
  predict(modelId: $modelId, imageBase64: $imageBase64, topK: $topK) {
    label
    probability
  }
}
    `) as unknown as TypedDocumentString<PredictMutation, PredictMutationVariables>;
export const ModelPredictionsDocument = new TypedDocumentString(`
    query ModelPredictions($id: ID!, $first: Int, $after: String, $trueClass: String, $predictedClass: String, $split: PredictionSplit) {
  model(id: $id) {
    id
    predictions(
      first: $first
      after: $after
      trueClass: $trueClass
      predictedClass: $predictedClass
      split: $split
    ) {
      totalCount
      hasNextPage
      endCursor
      items {
        imageSha256
        trueClass
        predictedClass
        confidence
        loss
        image {
          id
          className
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ModelPredictionsQuery, ModelPredictionsQueryVariables>;
export const MoveDatasetImageDocument = new TypedDocumentString(`
    mutation MoveDatasetImage($imageId: ID!, $className: String!) {
  moveDatasetImage(imageId: $imageId, className: $className) {
    id
    className
  }
}
    `) as unknown as TypedDocumentString<MoveDatasetImageMutation, MoveDatasetImageMutationVariables>;
export const DeleteDatasetImageDocument = new TypedDocumentString(`
    mutation DeleteDatasetImage($imageId: ID!) {
  deleteDatasetImage(imageId: $imageId) {
    id
    revision
  }
}
    `) as unknown as TypedDocumentString<DeleteDatasetImageMutation, DeleteDatasetImageMutationVariables>;
export const RunDetailDocument = new TypedDocumentString(`
    query RunDetail($id: ID!) {
  run(id: $id) {
    ...RunDetailFields
  }
}
    fragment EpochPoint on EpochMetric {
  phase
  epoch
  loss
  accuracy
  valLoss
  valAccuracy
  learningRate
  durationMs
  imagesPerSecond
  at
}
fragment RunProgressFields on RunProgress {
  phase
  epoch
  epochs
  batch
  batches
  etaSeconds
}
fragment RunState on Run {
  id
  status
  error
  failure {
    code
    kind
    message
  }
  startedAt
  finishedAt
  bestValAccuracy
  attempts
  worker {
    name
    backend
    device
    frozenEngine
  }
  model {
    id
    name
    version
    valAccuracy
    testEvaluation {
      accuracy
      count
    }
  }
}
fragment RunDetailFields on Run {
  ...RunState
  name
  strategy
  config
  createdAt
  createdBy {
    id
    email
    name
  }
  dataset {
    id
    name
  }
  team {
    id
    myRole
  }
  metrics {
    ...EpochPoint
  }
  progress {
    ...RunProgressFields
  }
  featureCache {
    hits
    misses
  }
}`) as unknown as TypedDocumentString<RunDetailQuery, RunDetailQueryVariables>;
export const RunEventsDocument = new TypedDocumentString(`
    subscription RunEvents($runId: ID!) {
  runEvents(runId: $runId) {
    __typename
    ... on RunProgressEvent {
      progress {
        ...RunProgressFields
      }
    }
    ... on RunEpochEvent {
      metric {
        ...EpochPoint
      }
    }
    ... on RunStatusEvent {
      status
      error
      run {
        ...RunState
      }
    }
  }
}
    fragment EpochPoint on EpochMetric {
  phase
  epoch
  loss
  accuracy
  valLoss
  valAccuracy
  learningRate
  durationMs
  imagesPerSecond
  at
}
fragment RunProgressFields on RunProgress {
  phase
  epoch
  epochs
  batch
  batches
  etaSeconds
}
fragment RunState on Run {
  id
  status
  error
  failure {
    code
    kind
    message
  }
  startedAt
  finishedAt
  bestValAccuracy
  attempts
  worker {
    name
    backend
    device
    frozenEngine
  }
  model {
    id
    name
    version
    valAccuracy
    testEvaluation {
      accuracy
      count
    }
  }
}`) as unknown as TypedDocumentString<RunEventsSubscription, RunEventsSubscriptionVariables>;
export const RunGroupPageDocument = new TypedDocumentString(`
    query RunGroupPage($id: ID!) {
  runGroup(id: $id) {
    id
    kind
    name
    createdAt
    createdBy {
      id
      email
      name
    }
    runs {
      ...RunDetailFields
    }
    comparison {
      ...LadderComparisonFields
    }
    sweep {
      ...SweepRankingFields
    }
  }
}
    fragment EpochPoint on EpochMetric {
  phase
  epoch
  loss
  accuracy
  valLoss
  valAccuracy
  learningRate
  durationMs
  imagesPerSecond
  at
}
fragment RunProgressFields on RunProgress {
  phase
  epoch
  epochs
  batch
  batches
  etaSeconds
}
fragment RunState on Run {
  id
  status
  error
  failure {
    code
    kind
    message
  }
  startedAt
  finishedAt
  bestValAccuracy
  attempts
  worker {
    name
    backend
    device
    frozenEngine
  }
  model {
    id
    name
    version
    valAccuracy
    testEvaluation {
      accuracy
      count
    }
  }
}
fragment RunDetailFields on Run {
  ...RunState
  name
  strategy
  config
  createdAt
  createdBy {
    id
    email
    name
  }
  dataset {
    id
    name
  }
  team {
    id
    myRole
  }
  metrics {
    ...EpochPoint
  }
  progress {
    ...RunProgressFields
  }
  featureCache {
    hits
    misses
  }
}
fragment LadderComparisonFields on LadderComparison {
  transferGain
  fineTuneGain
  fineTuneHelped
  rungs {
    strategy
    valAccuracy
    testAccuracy
    wallTimeSeconds
    imagesPerSecond
    run {
      id
    }
  }
}
fragment SweepRankingFields on SweepRanking {
  finished
  grid {
    learningRate
    fineTuneLearningRate
    unfreezeFrom
    dropout
    imageSize
  }
  entries {
    rank
    valAccuracy
    testAccuracy
    wallTimeSeconds
    params {
      learningRate
      fineTuneLearningRate
      unfreezeFrom
      dropout
      imageSize
    }
    run {
      id
      name
      status
    }
  }
  best {
    run {
      id
      name
      model {
        id
        name
        version
        aliases
      }
    }
  }
}`) as unknown as TypedDocumentString<RunGroupPageQuery, RunGroupPageQueryVariables>;
export const LadderComparisonDocument = new TypedDocumentString(`
    query LadderComparison($id: ID!) {
  runGroup(id: $id) {
    id
    comparison {
      ...LadderComparisonFields
    }
  }
}
    fragment LadderComparisonFields on LadderComparison {
  transferGain
  fineTuneGain
  fineTuneHelped
  rungs {
    strategy
    valAccuracy
    testAccuracy
    wallTimeSeconds
    imagesPerSecond
    run {
      id
    }
  }
}`) as unknown as TypedDocumentString<LadderComparisonQuery, LadderComparisonQueryVariables>;
export const StartLadderDocument = new TypedDocumentString(`
    mutation StartLadder($input: StartLadderInput!) {
  startLadder(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<StartLadderMutation, StartLadderMutationVariables>;
export const SweepRankingDocument = new TypedDocumentString(`
    query SweepRanking($id: ID!) {
  runGroup(id: $id) {
    id
    sweep {
      ...SweepRankingFields
    }
  }
}
    fragment SweepRankingFields on SweepRanking {
  finished
  grid {
    learningRate
    fineTuneLearningRate
    unfreezeFrom
    dropout
    imageSize
  }
  entries {
    rank
    valAccuracy
    testAccuracy
    wallTimeSeconds
    params {
      learningRate
      fineTuneLearningRate
      unfreezeFrom
      dropout
      imageSize
    }
    run {
      id
      name
      status
    }
  }
  best {
    run {
      id
      name
      model {
        id
        name
        version
        aliases
      }
    }
  }
}`) as unknown as TypedDocumentString<SweepRankingQuery, SweepRankingQueryVariables>;
export const StartSweepDocument = new TypedDocumentString(`
    mutation StartSweep($input: StartSweepInput!) {
  startSweep(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<StartSweepMutation, StartSweepMutationVariables>;
export const CompareGroupDocument = new TypedDocumentString(`
    query CompareGroup($id: ID!) {
  runGroup(id: $id) {
    id
    kind
    name
    runs {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CompareGroupQuery, CompareGroupQueryVariables>;
export const TeamRunsDocument = new TypedDocumentString(`
    query TeamRuns($id: ID!) {
  team(id: $id) {
    id
    myRole
    runs(first: 200) {
      ...RunSummary
    }
  }
}
    fragment RunSummary on Run {
  id
  name
  status
  strategy
  bestValAccuracy
  createdAt
  startedAt
  finishedAt
  createdBy {
    id
    email
    name
  }
  dataset {
    id
    name
  }
  group {
    id
  }
}`) as unknown as TypedDocumentString<TeamRunsQuery, TeamRunsQueryVariables>;
export const TeamRunsLiveDocument = new TypedDocumentString(`
    subscription TeamRunsLive($teamId: ID!) {
  teamRuns(teamId: $teamId) {
    ...RunSummary
  }
}
    fragment RunSummary on Run {
  id
  name
  status
  strategy
  bestValAccuracy
  createdAt
  startedAt
  finishedAt
  createdBy {
    id
    email
    name
  }
  dataset {
    id
    name
  }
  group {
    id
  }
}`) as unknown as TypedDocumentString<TeamRunsLiveSubscription, TeamRunsLiveSubscriptionVariables>;
export const NewRunOptionsDocument = new TypedDocumentString(`
    query NewRunOptions($id: ID!) {
  team(id: $id) {
    id
    myRole
    datasets {
      id
      name
      imageCount
      trainCount
      valCount
      classes {
        name
      }
    }
    weights {
      id
      name
      backbone
      alpha
    }
  }
  imagenetWeights {
    backbone
    alpha
    fileName
  }
}
    `) as unknown as TypedDocumentString<NewRunOptionsQuery, NewRunOptionsQueryVariables>;
export const StartRunDocument = new TypedDocumentString(`
    mutation StartRun($input: StartRunInput!) {
  startRun(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<StartRunMutation, StartRunMutationVariables>;
export const CancelRunDocument = new TypedDocumentString(`
    mutation CancelRun($id: ID!) {
  cancelRun(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CancelRunMutation, CancelRunMutationVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($email: String!, $password: String!, $name: String) {
  signUp(email: $email, password: $password, name: $name) {
    token
    user {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) {
    token
    user {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    email
    name
    teams {
      id
      name
      myRole
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const CreateTeamDocument = new TypedDocumentString(`
    mutation CreateTeam($name: String!) {
  createTeam(name: $name) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<CreateTeamMutation, CreateTeamMutationVariables>;
export const TeamShellDocument = new TypedDocumentString(`
    query TeamShell($id: ID!) {
  team(id: $id) {
    id
    name
    myRole
  }
}
    `) as unknown as TypedDocumentString<TeamShellQuery, TeamShellQueryVariables>;
export const TeamMembersDocument = new TypedDocumentString(`
    query TeamMembers($id: ID!) {
  team(id: $id) {
    id
    myRole
    members {
      role
      user {
        id
        email
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TeamMembersQuery, TeamMembersQueryVariables>;
export const AddTeamMemberDocument = new TypedDocumentString(`
    mutation AddTeamMember($teamId: ID!, $email: String!, $role: TeamRole!) {
  addTeamMember(teamId: $teamId, email: $email, role: $role) {
    role
    user {
      id
      email
    }
  }
}
    `) as unknown as TypedDocumentString<AddTeamMemberMutation, AddTeamMemberMutationVariables>;
export const UpdateTeamMemberDocument = new TypedDocumentString(`
    mutation UpdateTeamMember($teamId: ID!, $userId: ID!, $role: TeamRole!) {
  updateTeamMember(teamId: $teamId, userId: $userId, role: $role) {
    role
    user {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateTeamMemberMutation, UpdateTeamMemberMutationVariables>;
export const RemoveTeamMemberDocument = new TypedDocumentString(`
    mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {
  removeTeamMember(teamId: $teamId, userId: $userId)
}
    `) as unknown as TypedDocumentString<RemoveTeamMemberMutation, RemoveTeamMemberMutationVariables>;
export const TeamWeightsDocument = new TypedDocumentString(`
    query TeamWeights($id: ID!) {
  team(id: $id) {
    id
    myRole
    weights {
      id
      name
      backbone
      alpha
      format
      sha256
      sizeBytes
      createdAt
      createdBy {
        id
        email
        name
      }
    }
  }
  imagenetWeights {
    fileName
    backbone
    alpha
    sizeBytes
    createdAt
  }
}
    `) as unknown as TypedDocumentString<TeamWeightsQuery, TeamWeightsQueryVariables>;
export const DeleteBackboneWeightsDocument = new TypedDocumentString(`
    mutation DeleteBackboneWeights($id: ID!) {
  deleteBackboneWeights(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteBackboneWeightsMutation, DeleteBackboneWeightsMutationVariables>;