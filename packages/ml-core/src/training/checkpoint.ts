import * as tf from '@tensorflow/tfjs';
import type { Phase } from '../types';
import type { EpochMetric } from './types';

/** What a phase's loop carries from one epoch to the next, besides the weights. */
export interface PhaseState {
  learningRate: number;
  /** This phase's lowest monitored loss (early stopping counts against it, not the run's best). */
  phaseBest: number;
  sinceBest: number;
  sinceLrImproved: number;
  lrScore: number;
  /** The phase is over (its last epoch, or early stopping). */
  done: boolean;
}

/**
 * Where a run stood after an epoch: enough to carry on in another process after this one dies.
 * The optimizer's moments and the shuffling order start afresh on resume; the weights, the
 * best epoch's weights, the learning rate and the early-stopping counters do not.
 */
export interface TrainCheckpoint {
  phase: Phase;
  /** Epochs of `phase` completed. */
  epoch: number;
  state: PhaseState;
  /** Every epoch so far, all phases. */
  metrics: EpochMetric[];
  /** Every weight of the model, by its name. */
  weights: Map<string, Float32Array>;
  /** The best epoch so far; its weights are absent when they are the current ones. */
  best: { score: number; at: { phase: string; epoch: number }; weights: Map<string, Float32Array> | null } | null;
}

const MAGIC = 'TLCKPT1\n';

interface Header {
  phase: Phase;
  epoch: number;
  // JSON has no Infinity: a score not yet set is null. `phaseBest` is absent from older checkpoints.
  state: Omit<PhaseState, 'lrScore' | 'phaseBest'> & { lrScore: number | null; phaseBest?: number | null };
  metrics: (Omit<EpochMetric, 'at'> & { at: string })[];
  best: { score: number; at: { phase: string; epoch: number } } | null;
  tensors: { set: 'weights' | 'best'; name: string; length: number }[];
}

/** A model's weights by name (layer names are fixed by the builders, so they match in any process). */
export function readWeights(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, Float32Array.from(w.read().dataSync() as Float32Array)]));
}

/** Writes `weights` into `model`; every weight must be there with its size, or nothing is written. */
export function writeWeights(model: tf.LayersModel, weights: Map<string, Float32Array>): void {
  const variables = [...new Set(model.weights)];
  for (const w of variables) {
    const values = weights.get(w.originalName);
    const size = w.read().size;
    if (!values) throw new CheckpointError(`it has no weight '${w.originalName}': it was written for another model or configuration`);
    if (values.length !== size) throw new CheckpointError(`weight '${w.originalName}' has ${values.length} values where the model has ${size}`);
  }
  for (const w of variables) {
    const t = tf.tensor(weights.get(w.originalName)!, w.read().shape);
    w.write(t);
    t.dispose();
  }
}

export class CheckpointError extends Error {
  constructor(reason: string) {
    super(`Cannot resume from this checkpoint: ${reason}. Start the run afresh.`);
    this.name = 'CheckpointError';
  }
}

/** One self-describing file: a magic line, a JSON header's length and the header, then float32 values. */
export function encodeCheckpoint(checkpoint: TrainCheckpoint): Uint8Array {
  const sets = [['weights', checkpoint.weights], ...(checkpoint.best?.weights ? [['best', checkpoint.best.weights] as const] : [])] as const;
  const tensors = sets.flatMap(([set, map]) => [...map].map(([name, values]) => ({ set, name, values })));
  const header: Header = {
    phase: checkpoint.phase,
    epoch: checkpoint.epoch,
    // JSON has no Infinity: a loss never yet seen is written as null.
    state: { ...checkpoint.state, lrScore: finiteOrNull(checkpoint.state.lrScore), phaseBest: finiteOrNull(checkpoint.state.phaseBest) },
    metrics: checkpoint.metrics.map((m) => ({ ...m, at: m.at.toISOString() })),
    best: checkpoint.best && { score: checkpoint.best.score, at: checkpoint.best.at },
    tensors: tensors.map(({ set, name, values }) => ({ set, name, length: values.length })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  // The float32 block starts on a 4-byte boundary so it can be read in place.
  const headerEnd = align4(MAGIC.length + 4 + json.length);
  const floats = tensors.reduce((n, t) => n + t.values.length, 0);
  const bytes = new Uint8Array(headerEnd + floats * 4);
  bytes.set(new TextEncoder().encode(MAGIC));
  new DataView(bytes.buffer).setUint32(MAGIC.length, json.length, true);
  bytes.set(json, MAGIC.length + 4);
  const data = new Float32Array(bytes.buffer, headerEnd, floats);
  let offset = 0;
  for (const { values } of tensors) {
    data.set(values, offset);
    offset += values.length;
  }
  return bytes;
}

export function decodeCheckpoint(bytes: Uint8Array): TrainCheckpoint {
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw new CheckpointError('it is not a TransferLab checkpoint');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = bytes.length >= MAGIC.length + 4 ? view.getUint32(MAGIC.length, true) : Number.POSITIVE_INFINITY;
  if (MAGIC.length + 4 + jsonLength > bytes.length) throw new CheckpointError('it is truncated');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + jsonLength))) as Header;
  } catch {
    throw new CheckpointError('its header is damaged');
  }
  const headerEnd = align4(MAGIC.length + 4 + jsonLength);
  const floats = header.tensors.reduce((n, t) => n + t.length, 0);
  if (bytes.length !== headerEnd + floats * 4) throw new CheckpointError(`it holds ${bytes.length} bytes where its header describes ${headerEnd + floats * 4}`);
  // Copied out, so the values do not pin (or depend on the alignment of) the caller's buffer.
  const data = new Float32Array(bytes.slice(headerEnd).buffer);
  const sets = { weights: new Map<string, Float32Array>(), best: new Map<string, Float32Array>() };
  let offset = 0;
  for (const { set, name, length } of header.tensors) {
    sets[set].set(name, data.subarray(offset, offset + length));
    offset += length;
  }
  return {
    phase: header.phase,
    epoch: header.epoch,
    state: { ...header.state, lrScore: header.state.lrScore ?? Number.POSITIVE_INFINITY, phaseBest: header.state.phaseBest ?? Number.POSITIVE_INFINITY },
    metrics: header.metrics.map((m) => ({ ...m, at: new Date(m.at) })),
    weights: sets.weights,
    best: header.best && { ...header.best, weights: sets.best.size > 0 ? sets.best : null },
  };
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
