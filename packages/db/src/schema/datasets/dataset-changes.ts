import { index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users';
import { datasets } from './datasets';
import { imageSplit } from './enums';

export const datasetChangeKind = pgEnum('dataset_change_kind', ['RELABEL', 'DELETE']);

/**
 * What a member changed in a dataset after looking at a model's mistakes: an image moved to
 * another class or deleted. Kept so a later run's dataset visibly differs from an earlier one's.
 */
export const datasetChanges = pgTable(
  'dataset_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    // The dataset's revision this change made.
    revision: integer('revision').notNull(),
    kind: datasetChangeKind('kind').notNull(),
    imageSha256: text('image_sha256').notNull(),
    split: imageSplit('split').notNull(),
    fromClass: text('from_class').notNull(),
    // Null for a delete.
    toClass: text('to_class'),
    // Null once the user is deleted: the change itself stays.
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('dataset_changes_dataset_revision_unique').on(t.datasetId, t.revision), index('dataset_changes_dataset_created_idx').on(t.datasetId, t.createdAt)],
);

export type DatasetChange = typeof datasetChanges.$inferSelect;
