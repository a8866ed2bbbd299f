import { describe, expect, it } from 'vitest';
import { EARLY_STOPPING_START, earlyStoppingStep } from '../src/training/early-stopping';
import { trainClassifier } from '../src/training/train-classifier';
import { useShapesDataset } from './training-fixtures';

/** How many epochs a phase with these validation losses runs when it stops on its own best. */
function epochsOnOwnPatience(losses: number[], patience: number, planned: number): number {
  let state = EARLY_STOPPING_START;
  for (const [i, loss] of losses.entries()) {
    const step = earlyStoppingStep(state, loss, { patience, epoch: i + 1, epochs: planned });
    state = step.state;
    if (step.stop) return i + 1;
  }
  return losses.length;
}

describe('FINE_TUNE phases stop on their own patience', () => {
  const dataset = useShapesDataset({ imagesPerClass: 24, valFraction: 0.3, seed: 5 });

  it("runs fine-tuning past `patience` epochs that are worse than the head's best, keeping the best epoch overall", async () => {
    const patience = 2;
    const fineTuneEpochs = 8;
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      // At this rate fine-tuning's first epochs are worse than the head's best (as a fresh optimizer
      // on newly unfrozen layers often is), then it beats it (measured: val loss 3.95, 2.30, 1.17,
      // then 0.37 against the head's 0.65).
      config: { strategy: 'FINE_TUNE', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 16, epochs: 10, fineTuneEpochs, learningRate: 0.05, fineTuneLearningRate: 0.001, unfreezeFrom: 'block5_conv3', earlyStoppingPatience: patience, seed: 4 },
    });
    try {
      const rows = (phase: string) => result.metrics.filter((m) => m.phase === phase);
      const head = rows('FEATURE_EXTRACTION');
      const fineTune = rows('FINE_TUNE');
      const headBest = Math.min(...head.map((m) => m.valLoss!));
      // The situation this is about: fine-tuning's first `patience` epochs are all worse than the head's best…
      expect(fineTune.slice(0, patience).every((m) => m.valLoss! > headBest)).toBe(true);
      // …yet it ran on, and stopped exactly where its own best and patience say.
      expect(fineTune.length).toBeGreaterThan(patience);
      expect(fineTune.length).toBe(epochsOnOwnPatience(fineTune.map((m) => m.valLoss!), patience, fineTuneEpochs));

      const ftBest = fineTune.reduce((a, m) => (m.valLoss! < a.valLoss! ? m : a));
      const headBestRow = head.find((m) => m.valLoss === headBest)!;
      expect(result.phases).toEqual([
        { phase: 'FEATURE_EXTRACTION', bestEpoch: headBestRow.epoch, valLoss: headBest, valAccuracy: headBestRow.valAccuracy, epochsRun: head.length, stoppedEarly: head.length < 10 },
        { phase: 'FINE_TUNE', bestEpoch: ftBest.epoch, valLoss: ftBest.valLoss, valAccuracy: ftBest.valAccuracy, epochsRun: fineTune.length, stoppedEarly: fineTune.length < fineTuneEpochs },
      ]);
      expect(result.metadata.metrics.phases).toEqual(result.phases);
      // Fine-tuning, which a shared counter would have cut after `patience` epochs, went on to beat
      // the head, and the saved model is the best epoch over both phases: one of fine-tuning's.
      expect(ftBest.valLoss!).toBeLessThan(headBest);
      expect(result.metadata.metrics.bestEpoch).toEqual({ phase: 'FINE_TUNE', epoch: ftBest.epoch });
      expect(result.metadata.metrics.valLoss).toBeCloseTo(ftBest.valLoss!, 6);
    } finally {
      result.dispose();
    }
  });
});
