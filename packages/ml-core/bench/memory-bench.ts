// `pnpm --filter @transferlab/ml-core bench:memory`: estimateRunMemory beside TensorFlow.js's
// measured peak for each phase of a few small runs. One JSON line per run, the summary last.
import { selectBackend } from '../src/backend/select-backend';
import { estimateRunMemory, type MemoryConfig } from '../src/memory/estimate-run-memory';
import { measurePhasePeaks, NUM_CLASSES } from '../src/memory/measure-phase-peaks';
import { emit } from './bench-lines';

const CASES: MemoryConfig[] = [
  { strategy: 'BASELINE', backbone: 'VGG16', alpha: 1, imageSize: 128, batchSize: 8, unfreezeFrom: null },
  { strategy: 'FEATURE_EXTRACTION', backbone: 'MOBILENET_V2', alpha: 1, imageSize: 128, batchSize: 8, unfreezeFrom: null },
  { strategy: 'FINE_TUNE', backbone: 'MOBILENET_V2', alpha: 0.35, imageSize: 128, batchSize: 8, unfreezeFrom: 'block_16_expand' },
  { strategy: 'FINE_TUNE', backbone: 'VGG16', alpha: 1, imageSize: 64, batchSize: 4, unfreezeFrom: 'block5_conv1' },
];

const MB = 1024 * 1024;
const backend = await selectBackend({ prefer: 'auto' });
const ratios: number[] = [];
for (const config of CASES) {
  const measured = await measurePhasePeaks(config);
  const estimate = estimateRunMemory(config, { numClasses: NUM_CLASSES, imageCount: 0 });
  const phases = estimate.phases.map((p, i) => {
    const estimatedBytes = estimate.weightBytes + p.activationBytes + p.optimizerBytes;
    ratios.push(estimatedBytes / measured[i]!);
    return { phase: p.phase, measuredMb: +(measured[i]! / MB).toFixed(1), estimatedMb: +(estimatedBytes / MB).toFixed(1), ratio: +(estimatedBytes / measured[i]!).toFixed(2) };
  });
  emit({ kind: 'run', backend: backend.name, ...config, phases });
}
emit({ kind: 'summary', backend: backend.name, phases: ratios.length, minRatio: +Math.min(...ratios).toFixed(2), maxRatio: +Math.max(...ratios).toFixed(2) });
