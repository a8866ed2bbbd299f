import type { Strategy } from '@/generated/graphql';
import type { RunFormValues } from './form-values';

export interface Preset {
  strategy: Strategy;
  title: string;
  description: string;
  values: Partial<RunFormValues>;
}

/** The recipe's three strategies, each with the settings the Keras guide starts from. */
export const PRESETS: Preset[] = [
  {
    strategy: 'BASELINE',
    title: 'Baseline',
    description: "The recipe's small CNN (two conv/pool blocks, Dense 128) trained from scratch: what you get without transfer learning.",
    values: { strategy: 'BASELINE', pretrained: false, imageSize: '150', epochs: '20', learningRate: '0.001' },
  },
  {
    strategy: 'FEATURE_EXTRACTION',
    title: 'Feature extraction',
    description: 'Frozen pretrained backbone, new classifier head. Fast, and strong with few images.',
    values: { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: true, imageSize: '224', epochs: '10', learningRate: '0.001', dropout: '0.2' },
  },
  {
    strategy: 'FINE_TUNE',
    title: 'Feature extraction, then fine-tuning',
    description: 'Train the head, then unfreeze the last block at a 10× lower learning rate.',
    values: { strategy: 'FINE_TUNE', backbone: 'VGG16', pretrained: true, imageSize: '224', epochs: '10', fineTuneEpochs: '5', learningRate: '0.001', fineTuneLearningRate: '0.0001', dropout: '0.2' },
  },
];
