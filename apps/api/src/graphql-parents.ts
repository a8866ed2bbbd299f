import type { DatasetImage, EpochMetric, ModelPrediction, Run, TeamMember, User } from '@transferlab/db/schema';
import type { EPOCH_METRIC_COLUMNS } from './runs/epoch-metric-columns';

// What resolvers return for types that are not a single database row.

/** An epoch_metrics row as EPOCH_METRIC_COLUMNS selects it. */
export type EpochMetricParent = Pick<EpochMetric, keyof typeof EPOCH_METRIC_COLUMNS>;

export interface TeamMemberParent {
  teamId: string;
  userId: string;
  role: TeamMember['role'];
  user?: User;
}

export interface RunProgressShape {
  phase: 'BASELINE' | 'FEATURE_EXTRACTION' | 'FINE_TUNE';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  etaSeconds?: number | null;
}

export interface RunProgressEventParent {
  __typename: 'RunProgressEvent';
  run: Run;
  progress: RunProgressShape;
}
export interface RunEpochEventParent {
  __typename: 'RunEpochEvent';
  run: Run;
  metric: EpochMetricParent;
}
export interface RunStatusEventParent {
  __typename: 'RunStatusEvent';
  run: Run;
  status: Run['status'];
  error: string | null;
}

export interface ClaimedRunParent {
  run: Run;
  config: unknown;
  classes: string[];
  images: { sha256: string; className: string; split: string; url: string }[];
  attempt: number;
  leaseId: string;
  leaseExpiresAt: Date;
  checkpointUrl: string | null;
  weights: ClaimedWeightsParent | null;
}

export interface ClaimedWeightsParent {
  kind: 'asset' | 'imagenet';
  id: string | null;
  name: string;
  sha256: string;
  url: string;
}

export interface AuthPayloadParent {
  token: string;
  user: User;
}

/** A model_predictions row with what its resolvers need: the run's dataset (for the URL) and the image there now. */
export interface ModelPredictionParent {
  row: ModelPrediction;
  datasetId: string;
  image: DatasetImage | null;
}
