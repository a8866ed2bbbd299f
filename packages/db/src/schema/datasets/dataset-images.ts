import { index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { datasets } from './datasets';
import { imageSplit } from './enums';

/** One image of a dataset; the bytes live in the content-addressed file store under `sha256`. */
export const datasetImages = pgTable(
  'dataset_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    className: text('class_name').notNull(),
    split: imageSplit('split').notNull().default('train'),
    fileName: text('file_name').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The same file uploaded twice into one class and split is stored once (insert ... on conflict do nothing).
    unique('dataset_images_dataset_split_class_sha256_unique').on(t.datasetId, t.split, t.className, t.sha256),
    // Class counts and the paged image browser filter by class and split.
    index('dataset_images_dataset_class_split_idx').on(t.datasetId, t.className, t.split),
  ],
);

export type DatasetImage = typeof datasetImages.$inferSelect;
export type NewDatasetImage = typeof datasetImages.$inferInsert;
