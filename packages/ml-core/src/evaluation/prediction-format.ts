/**
 * The per-image predictions a model is saved with (`predictions.json`): its shape and bounds, in
 * one place for ml-core, which writes it, and the API, which checks an upload against it.
 * Deliberately free of TensorFlow.js (`@transferlab/ml-core/prediction-format`).
 */
export const PREDICTIONS_FILE = 'predictions.json';
export const PREDICTIONS_FORMAT = 'transferlab-predictions/1';
/** How many of the most likely classes each image keeps: enough to see what the model hesitated between. */
export const PREDICTION_TOP_K = 3;
/**
 * At most this many images per model: one per evaluated image, and a run evaluates its validation
 * and test splits, which no dataset the API accepts makes larger.
 */
export const MAX_PREDICTIONS = 100_000;

export type PredictionSplit = 'val' | 'test';

/** How the kept model saw one held-out image. */
export interface ImagePrediction {
  /** Hex SHA-256 of the image file: the API's images are content-addressed by it. */
  sha256: string;
  split: PredictionSplit;
  trueClass: string;
  predictedClass: string;
  /** Cross-entropy of the true class (clipped as Keras clips it): what "most wrong" sorts by. */
  loss: number;
  /** The PREDICTION_TOP_K most likely classes, most likely first. */
  topK: { className: string; probability: number }[];
}

export interface ModelPredictions {
  format: typeof PREDICTIONS_FORMAT;
  images: ImagePrediction[];
}
