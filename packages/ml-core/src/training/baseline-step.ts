import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import { BASELINE_PREPROCESSING, buildBaselineCnn } from '../model/baseline-cnn';
import { trainableVariables } from '../model/transfer-classifier';
import { unlessEmpty, type StepContext, type TrainedPhases } from './step-context';

/** BASELINE's network: the recipe's small CNN from scratch, which rescales pixels 0..255 itself. */
export function buildBaseline(config: TrainConfig, numClasses: number): tf.LayersModel {
  return buildBaselineCnn({ imageSize: config.imageSize, numClasses, seed: config.seed });
}

/** BASELINE's one phase: every layer trains on pixels, for `epochs`. */
export async function trainBaseline(ctx: StepContext, model: tf.LayersModel): Promise<TrainedPhases> {
  const { config, data } = ctx;
  const predict = (x: tf.Tensor, training: boolean) => model.apply(x, { training }) as tf.Tensor;
  const val = unlessEmpty(data.val, (s) => ctx.images(s, BASELINE_PREPROCESSING));
  const end = await ctx.runner.train('BASELINE', 0, {
    epochs: config.epochs,
    learningRate: config.learningRate,
    variables: trainableVariables(model),
    predict,
    train: ctx.images(data.train, BASELINE_PREPROCESSING),
    val,
  });
  return { end, target: { predict, val, test: unlessEmpty(data.test, (s) => ctx.images(s, BASELINE_PREPROCESSING)) } };
}
