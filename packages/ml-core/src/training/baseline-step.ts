import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import { buildBaselineCnn } from '../model/baseline-cnn';
import { trainableVariables } from '../model/transfer-classifier';
import { unlessEmpty, type StepContext, type TrainedPhases } from './step-context';

/** BASELINE's network: a small CNN from scratch, on pixels rescaled to 0..1. */
export function buildBaseline(config: TrainConfig, numClasses: number): tf.LayersModel {
  return buildBaselineCnn({ imageSize: config.imageSize, numClasses, dropout: config.dropout, seed: config.seed });
}

/** BASELINE's one phase: every layer trains on pixels, for `epochs`. */
export async function trainBaseline(ctx: StepContext, model: tf.LayersModel): Promise<TrainedPhases> {
  const { config, data } = ctx;
  const predict = (x: tf.Tensor, training: boolean) => model.apply(x, { training }) as tf.Tensor;
  const val = unlessEmpty(data.val, (s) => ctx.images(s, 'rescale'));
  const end = await ctx.runner.train('BASELINE', 0, {
    epochs: config.epochs,
    learningRate: config.learningRate,
    variables: trainableVariables(model),
    predict,
    train: ctx.images(data.train, 'rescale'),
    val,
  });
  return { end, target: { predict, val, test: unlessEmpty(data.test, (s) => ctx.images(s, 'rescale')) } };
}
