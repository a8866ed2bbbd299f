import { integer, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { backbone } from '../runs/enums';
import { users } from '../users/users';

/**
 * The server's copies of Keras's official ImageNet files, one per Keras file name, for trainers
 * that cannot download them. Server-wide, not a team's: every team's pretrained runs use them.
 */
export const imagenetWeights = pgTable('imagenet_weights', {
  // Keras's own file name, e.g. vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5.
  fileName: text('file_name').primaryKey(),
  backbone: backbone('backbone').notNull(),
  alpha: real('alpha'),
  sha256: text('sha256').notNull(),
  md5: text('md5').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  // Null when an operator imported it with `transferlab-api import-weights`.
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type ImagenetWeights = typeof imagenetWeights.$inferSelect;
export type NewImagenetWeights = typeof imagenetWeights.$inferInsert;
