/** Precision, recall and F1 of one class on the validation images (`ClassMetric` in the contract). */
export interface ClassMetric {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * The sha256 of each file of the model in the content-addressed file store: the TensorFlow.js
 * `model.json`, its weights, and the model's metadata.json; further files by their names.
 */
export interface ModelFiles {
  modelJson: string;
  weights: string;
  [file: string]: string;
}

/** The model's metadata.json (preprocessing, input size, training summary); its shape belongs to ml-core. */
export type ModelMetadata = Record<string, unknown>;
