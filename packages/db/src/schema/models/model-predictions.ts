import { index, pgEnum, pgTable, primaryKey, real, text, jsonb, uuid } from 'drizzle-orm/pg-core';
import { models } from './models';

export const predictionSplit = pgEnum('prediction_split', ['val', 'test']);

/**
 * How a model saw one held-out image at the end of its run (ml-core's predictions.json): what the
 * "most wrong" gallery pages through. The image is named by content, as the file store names it.
 */
export const modelPredictions = pgTable(
  'model_predictions',
  {
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    imageSha256: text('image_sha256').notNull(),
    split: predictionSplit('split').notNull(),
    trueClass: text('true_class').notNull(),
    predictedClass: text('predicted_class').notNull(),
    loss: real('loss').notNull(),
    // The most likely classes, most likely first: [{ className, probability }].
    topK: jsonb('top_k').$type<{ className: string; probability: number }[]>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.split, t.imageSha256] }),
    // The gallery's default order, and its filters by cell of the confusion matrix.
    index('model_predictions_model_loss_idx').on(t.modelId, t.loss.desc()),
    index('model_predictions_model_cell_idx').on(t.modelId, t.trueClass, t.predictedClass),
  ],
);

export type ModelPrediction = typeof modelPredictions.$inferSelect;
export type NewModelPrediction = typeof modelPredictions.$inferInsert;
