import { pgEnum } from 'drizzle-orm/pg-core';

/** How the weights were uploaded: a Keras HDF5 weights file, or a TensorFlow.js layers export (stored converted to HDF5). */
export const weightsFormat = pgEnum('weights_format', ['KERAS_H5', 'TFJS_LAYERS']);

export type WeightsFormat = (typeof weightsFormat.enumValues)[number];
