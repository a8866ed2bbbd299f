import { SingleBar } from 'cli-progress';
import type { BatchProgress, EpochMetric, TrainingCallbacks } from '@transferlab/ml-core';

/**
 * Terminal output of a training run: a progress bar on stderr (only on a terminal) and one line
 * per epoch on stdout, as text or JSON lines for scripts.
 */
export function terminalCallbacks(options: { json: boolean }): TrainingCallbacks & { stop(): void } {
  const bar = process.stderr.isTTY ? new SingleBar({ format: '{phase} epoch {epoch}/{epochs} [{bar}] batch {value}/{total} eta {eta_s}s', clearOnComplete: true, stream: process.stderr }) : null;
  let barPhase = '';
  const stopBar = () => {
    bar?.stop();
    barPhase = '';
  };
  return {
    onBatchEnd(p: BatchProgress) {
      if (!bar) return;
      const key = `${p.phase}/${p.epoch}`;
      if (barPhase !== key) {
        bar.stop();
        bar.start(p.batches, 0, { phase: p.phase, epoch: p.epoch, epochs: p.epochs, eta_s: '?' });
        barPhase = key;
      }
      bar.update(p.batch, { eta_s: p.etaSeconds == null ? '?' : p.etaSeconds.toFixed(0) });
    },
    onEpochEnd(m: EpochMetric) {
      stopBar();
      process.stdout.write(options.json ? `${JSON.stringify({ type: 'epoch', ...m })}\n` : `${formatEpoch(m)}\n`);
    },
    onLog(message: string) {
      stopBar();
      process.stderr.write(`${message}\n`);
    },
    stop: stopBar,
  };
}

export function formatEpoch(m: EpochMetric): string {
  const val = m.valLoss == null ? '' : `  val_loss ${m.valLoss.toFixed(4)}  val_acc ${m.valAccuracy!.toFixed(3)}`;
  return `${m.phase} epoch ${m.epoch}  loss ${m.loss.toFixed(4)}  acc ${m.accuracy.toFixed(3)}${val}  lr ${m.learningRate}  ${(m.durationMs / 1000).toFixed(1)}s  ${m.imagesPerSecond.toFixed(1)} img/s`;
}
