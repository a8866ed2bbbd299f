import type * as tf from '@tensorflow/tfjs';
import { createFrozenNetwork, type FrozenNetwork, type FrozenNetworkOptions } from '../onnx/frozen-network';
import type { TrainingSession } from './training-session';

/** Builds a frozen network and says in the log where it runs (and why not on ONNX Runtime, if not). */
export async function openFrozenNetwork(model: tf.LayersModel, options: FrozenNetworkOptions, log: (m: string) => void, note = ''): Promise<FrozenNetwork> {
  const network = await createFrozenNetwork(model, options);
  log(`frozen layers (${model.name}) on ${network.engine}${network.fallbackReason ? ` (${network.fallbackReason})` : ''}${note}`);
  return network;
}

/** Builds the frozen network, hands it to `use`, and releases it whatever happens. */
export async function withFrozenNetwork<T>(model: tf.LayersModel, options: FrozenNetworkOptions, log: (m: string) => void, use: (network: FrozenNetwork) => Promise<T>): Promise<T> {
  const network = await openFrozenNetwork(model, options, log);
  try {
    return await use(network);
  } finally {
    await network.dispose();
  }
}

/**
 * A frozen network that phases (and the evaluation after them) run every batch: it stays open
 * until the session closes.
 */
export async function openPerBatchNetwork(session: TrainingSession, model: tf.LayersModel, options: FrozenNetworkOptions, log: (m: string) => void): Promise<FrozenNetwork> {
  const network = await openFrozenNetwork(model, options, log, ', every batch');
  session.defer(() => network.dispose());
  return network;
}
