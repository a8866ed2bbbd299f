import { describe, expect, it } from 'vitest';
import { describeFineTuneGain, fineTuneGain, type PhaseBestView } from './phase-bests';

const head: PhaseBestView = { phase: 'FEATURE_EXTRACTION', bestEpoch: 4, valLoss: 0.41, valAccuracy: 0.85, epochsRun: 6, stoppedEarly: true };
const tuned: PhaseBestView = { phase: 'FINE_TUNE', bestEpoch: 2, valLoss: 0.33, valAccuracy: 0.875, epochsRun: 5, stoppedEarly: false };

describe('fineTuneGain', () => {
  it("measures fine-tuning's best against the head's: accuracy points and the two losses", () => {
    const gain = fineTuneGain([head, tuned])!;
    expect(gain.accuracy).toBeCloseTo(0.025, 9);
    expect(gain).toMatchObject({ loss: [0.41, 0.33], helped: true });
    expect(describeFineTuneGain(gain)).toBe("Fine-tuning beat the head's best (+2.5 points of validation accuracy, validation loss 0.410 → 0.330): the model keeps a fine-tuned epoch.");
  });

  it('says so when fine-tuning did not help (its best loss is higher)', () => {
    const gain = fineTuneGain([head, { ...tuned, valLoss: 0.52, valAccuracy: 0.8 }])!;
    expect(gain.helped).toBe(false);
    expect(describeFineTuneGain(gain)).toBe("Fine-tuning did not beat the head's best (−5.0 points of validation accuracy, validation loss 0.410 → 0.520): the model keeps the head's epoch.");
  });

  it('is null for a baseline, feature extraction alone, or a fine-tuning phase that ran no epoch', () => {
    expect(fineTuneGain([{ ...head, phase: 'BASELINE' }])).toBeNull();
    expect(fineTuneGain([head])).toBeNull();
    expect(fineTuneGain([head, { ...tuned, bestEpoch: null, valLoss: null, valAccuracy: null, epochsRun: 0 }])).toBeNull();
  });

  it('without validation losses, judges by accuracy', () => {
    const gain = fineTuneGain([{ ...head, valLoss: null }, { ...tuned, valLoss: null }])!;
    expect(gain).toMatchObject({ loss: null, helped: true });
  });
});
