import { CONFIG_BOUNDS } from '@transferlab/run-config';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VALUES, type RunFormValues } from './form-values';
import { PRESETS } from './presets';
import { formFieldOf, toStartRunInput } from './to-start-run-input';

const values = (overrides: Partial<RunFormValues> = {}): RunFormValues => ({ ...DEFAULT_VALUES, datasetId: 'd1', ...overrides });

describe('toStartRunInput', () => {
  it('turns the defaults into the contract defaults, without fine-tuning settings for feature extraction', () => {
    const { input } = toStartRunInput(values());
    expect(input).toMatchObject({ datasetId: 'd1', strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: true, imageSize: 224, batchSize: 32, epochs: 10, learningRate: 0.001, dropout: 0.2, validationSplit: 0.2, testSplit: 0, seed: null, earlyStoppingPatience: null, name: null });
    expect(input).not.toHaveProperty('fineTuneEpochs');
    expect(input).not.toHaveProperty('unfreezeFrom');
  });

  it('sends the fine-tuning settings for FINE_TUNE', () => {
    const { input } = toStartRunInput(values({ ...PRESETS[2]!.values, unfreezeFrom: ' block5_conv1 ' }));
    expect(input).toMatchObject({ strategy: 'FINE_TUNE', fineTuneEpochs: 5, fineTuneLearningRate: 0.0001, unfreezeFrom: 'block5_conv1' });
  });

  it('ignores what the disabled fine-tuning fields hold for other strategies', () => {
    expect(toStartRunInput(values({ fineTuneEpochs: 'lots' })).errors).toBeUndefined();
    expect(toStartRunInput(values({ strategy: 'FINE_TUNE', fineTuneEpochs: 'lots' })).errors).toEqual({ fineTuneEpochs: 'Fine-tune epochs must be a number' });
  });

  it('sends no backbone for the baseline, and never pretrained weights', () => {
    const { input } = toStartRunInput(values({ ...PRESETS[0]!.values, pretrained: true }));
    expect(input).toMatchObject({ strategy: 'BASELINE', pretrained: false });
    expect(input).not.toHaveProperty('backbone');
  });

  it('sends the chosen uploaded weights for a transfer strategy, and none for the baseline', () => {
    expect(toStartRunInput(values({ weightsId: 'w1' })).input).toMatchObject({ weightsId: 'w1', pretrained: true });
    expect(toStartRunInput(values()).input).not.toHaveProperty('weightsId');
    expect(toStartRunInput(values({ ...PRESETS[0]!.values, weightsId: 'w1' })).input).not.toHaveProperty('weightsId');
  });

  it('reports every bad field with a message that says what is allowed', () => {
    const { errors } = toStartRunInput(values({ imageSize: '16', batchSize: '2.5', learningRate: '0', dropout: '1', zoom: '0.95', seed: '-1', epochs: '', datasetId: '' }));
    expect(errors).toEqual({
      imageSize: 'Image size must be at least 32',
      batchSize: 'Batch size must be a whole number',
      learningRate: 'Learning rate must be above 0',
      dropout: 'Dropout must be below 1',
      zoom: 'Zoom must be below 0.9',
      seed: 'Seed must be at least 0',
      epochs: 'Epochs is required',
      datasetId: 'Choose a dataset',
    });
  });

  it('treats empty optional numbers as "none" and reads augmentation', () => {
    const { input } = toStartRunInput(values({ earlyStoppingPatience: ' ', seed: '42', flip: true, rotationDegrees: '15' }));
    expect(input).toMatchObject({ earlyStoppingPatience: null, seed: 42, augmentation: { flip: true, rotationDegrees: 15, zoom: 0, brightness: 0, contrast: 0, saturation: 0, hue: 0 } });
  });

  it('sends a test split, and refuses one past the bound ml-core sets', () => {
    expect(toStartRunInput(values({ testSplit: '0.15' })).input).toMatchObject({ testSplit: 0.15 });
    expect(toStartRunInput(values({ testSplit: '0.6' })).errors).toEqual({ testSplit: `Test split must be at most ${CONFIG_BOUNDS.testSplit.max}` });
  });

  it('sends saturation and hue, and refuses them past the bounds ml-core sets', () => {
    expect(toStartRunInput(values({ saturation: '0.3', hue: '0.05' })).input?.augmentation).toEqual({ flip: false, rotationDegrees: 0, zoom: 0, brightness: 0, contrast: 0, saturation: 0.3, hue: 0.05 });
    expect(toStartRunInput(values({ saturation: '1.2', hue: '0.6' })).errors).toEqual({ saturation: 'Saturation must be at most 1', hue: 'Hue must be at most 0.5' });
    expect(toStartRunInput(values({ hue: '-0.1' })).errors).toEqual({ hue: 'Hue must be at least 0' });
  });

  it("holds every number to ml-core's bounds, not looser ones of its own", () => {
    expect(toStartRunInput(values({ batchSize: '1024', epochs: '1000', earlyStoppingPatience: '500' })).errors).toEqual({
      batchSize: `Batch size must be at most ${CONFIG_BOUNDS.batchSize.max}`,
      epochs: `Epochs must be at most ${CONFIG_BOUNDS.epochs.max}`,
      earlyStoppingPatience: `Early-stopping patience must be at most ${CONFIG_BOUNDS.earlyStoppingPatience.max}`,
    });
    expect(toStartRunInput(values({ batchSize: String(CONFIG_BOUNDS.batchSize.max), epochs: String(CONFIG_BOUNDS.epochs.max) })).errors).toBeUndefined();
  });
});

describe('formFieldOf', () => {
  it('maps the API field paths onto the form inputs', () => {
    expect(formFieldOf('augmentation.zoom')).toBe('zoom');
    expect(formFieldOf('imageSize')).toBe('imageSize');
  });
});
