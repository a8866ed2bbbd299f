import type { Backbone, Strategy } from '@/generated/graphql';

/** The new-run form as the inputs hold it (text where the user types numbers). */
export interface RunFormValues {
  datasetId: string;
  name: string;
  strategy: Strategy;
  backbone: Backbone;
  pretrained: boolean;
  /** The team's uploaded weights to start from; '' for ImageNet or random, as `pretrained` says. */
  weightsId: string;
  imageSize: string;
  batchSize: string;
  epochs: string;
  fineTuneEpochs: string;
  learningRate: string;
  fineTuneLearningRate: string;
  unfreezeFrom: string;
  dropout: string;
  flip: boolean;
  rotationDegrees: string;
  zoom: string;
  brightness: string;
  contrast: string;
  saturation: string;
  hue: string;
  earlyStoppingPatience: string;
  validationSplit: string;
  testSplit: string;
  seed: string;
}

/** The contract's defaults (StartRunInput). */
export const DEFAULT_VALUES: Omit<RunFormValues, 'datasetId'> = {
  name: '',
  strategy: 'FEATURE_EXTRACTION',
  backbone: 'VGG16',
  pretrained: true,
  weightsId: '',
  imageSize: '224',
  batchSize: '32',
  epochs: '10',
  fineTuneEpochs: '5',
  learningRate: '0.001',
  fineTuneLearningRate: '0.0001',
  unfreezeFrom: '',
  dropout: '0.2',
  flip: false,
  rotationDegrees: '0',
  zoom: '0',
  brightness: '0',
  contrast: '0',
  saturation: '0',
  hue: '0',
  earlyStoppingPatience: '',
  validationSplit: '0.2',
  testSplit: '0',
  seed: '',
};
