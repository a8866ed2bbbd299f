import { describeBackend, measureThroughput, selectBackend, type BackboneName } from '../src/index';
import { emit, round, type BackboneLine } from './bench-lines';
import type { BenchOptions } from './bench-options';

/**
 * Child task: one backbone through the recipe's two hot loops as training runs them (frozen
 * forward passes, fine-tuning steps from the backbone's default layer), on the engines the trainer
 * would pick here: ml-core's measureThroughput, what `transferlab throughput` prints.
 */
export async function measureBackbone(options: BenchOptions, backbone: BackboneName): Promise<void> {
  const info = await selectBackend({ prefer: options.backend === 'auto' ? 'auto' : options.backend });
  const result = await measureThroughput({ backbone, imageSize: options.backboneSize, batchSize: options.batchSize, reps: options.backboneReps });
  const line: BackboneLine = {
    type: 'backbone',
    backbone,
    backend: describeBackend(info),
    imageSize: options.backboneSize,
    batchSize: options.batchSize,
    reps: options.backboneReps,
    frozenEngine: result.frozenEngine,
    trainingEngine: result.trainingEngine,
    forwardImagesPerSecond: round(result.forwardImagesPerSecond),
    fineTuneStepImagesPerSecond: round(result.fineTuneStepImagesPerSecond),
    fineTuneStepOnCachedPrefixImagesPerSecond: round(result.fineTuneStepOnCachedPrefixImagesPerSecond),
  };
  emit(line);
}
