/** The runs the bench trains: VGG16 with random weights on 3 generated classes at 32 px. */
export interface Scenario {
  name: 'FEATURE_EXTRACTION' | 'FINE_TUNE';
  /** startRun input on top of test/e2e/fixtures startRun's defaults (pretrained false, imageSize 32, batchSize 8, seed 1). */
  input: Record<string, unknown>;
}

export const SCENARIOS: Scenario[] = [
  { name: 'FEATURE_EXTRACTION', input: { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', epochs: 5 } },
  { name: 'FINE_TUNE', input: { strategy: 'FINE_TUNE', backbone: 'VGG16', epochs: 3, fineTuneEpochs: 2 } },
];

/** What test/e2e/fixtures seedTeamWithDataset generates: 3 classes, 32 px, seed 5. */
export const DATASET = { classes: 3, imageSize: 32, seed: 5 } as const;
