import type { Command } from 'commander';
import type { TrainerEnv } from '../env';
import { startBackend } from '../start-backend';

export function registerEvaluateCommand(program: Command, env: TrainerEnv): void {
  program
    .command('evaluate')
    .description("Evaluate a saved model on a dataset folder (its test/ split if it has one, else its val/ split, else every image): accuracy, top-k, confusion matrix, per-class precision/recall/F1. Says so when the folder is the one the model was trained on.")
    .argument('<model>', 'model folder written by `transferlab train`')
    .argument('<dataset>', 'dataset folder with the same class names')
    .option('--json', 'print JSON', false)
    .action(async (modelDir: string, dataset: string, flags: { json: boolean }) => {
      await startBackend(env, flags.json);
      const { disposeModelWeights, evaluateModel, loadModel } = await import('@transferlab/ml-core');
      const loaded = await loadModel(modelDir);
      try {
        const e = await evaluateModel(loaded, dataset, { maxInputPixels: env.maxInputPixels });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(e)}\n`);
          return;
        }
        const classes = loaded.metadata.classes;
        const width = Math.max(...classes.map((c) => c.length), 9);
        const lines = [
          ...(e.trainedOn && e.split !== 'test' ? [trainedOnNote(e.split), ''] : []),
          `images ${e.count}  accuracy ${e.accuracy.toFixed(4)}  ${Object.entries(e.topK).map(([k, v]) => `top-${k} ${v.toFixed(4)}`).join('  ')}`,
          '',
          `${'class'.padEnd(width)}  precision  recall     f1  support`,
          ...e.classMetrics.map((c) => `${c.name.padEnd(width)}  ${c.precision.toFixed(4).padStart(9)}  ${c.recall.toFixed(4).padStart(6)}  ${c.f1.toFixed(4).padStart(6)}  ${String(c.support).padStart(7)}`),
          '',
          'confusion matrix (rows: true class, columns: predicted)',
          `${''.padEnd(width)}  ${classes.map((c) => c.slice(0, 8).padStart(8)).join(' ')}`,
          ...e.confusionMatrix.map((row, i) => `${classes[i]!.padEnd(width)}  ${row.map((v) => String(v).padStart(8)).join(' ')}`),
          ...e.skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        disposeModelWeights(loaded.model);
      }
    });
}

/** Numbers on the images a model learned or was selected on are not held-out accuracy: say so first. */
function trainedOnNote(split: 'val' | 'all'): string {
  const which = split === 'val' ? 'its val/ split picked the epoch that was kept' : 'these images include its training images';
  return `NOT HELD OUT: the model was trained on this dataset (its hash matches metadata.json's datasetHash), and ${which}. For a held-out measure, evaluate on images it has not seen, or train with a test/ folder or --test-split.`;
}
