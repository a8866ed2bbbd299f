import { eq, isNotNull, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbExecutor } from '@transferlab/db';
import { backboneWeights, datasetImages, imagenetWeights, models, runs } from '@transferlab/db/schema';

/** One place where rows name stored files: every file it names, and whether it names one. */
interface FileReference {
  all(db: DbExecutor): Promise<string[]>;
  names(db: DbExecutor, sha256: string): Promise<boolean>;
}

/** A column holding one file's sha256 per row. */
function shaColumn(table: PgTable, column: AnyPgColumn): FileReference {
  return {
    all: async (db) => (await db.selectDistinct({ sha256: column }).from(table).where(isNotNull(column))).map((r) => r.sha256 as string),
    names: async (db, sha256) => (await db.select({ one: sql`1` }).from(table).where(eq(column, sha256)).limit(1)).length > 0,
  };
}

/** A JSON column of `{ fileName: sha256 }` (a model's files). */
function shaMap(table: PgTable, column: AnyPgColumn): FileReference {
  return {
    all: async (db) => (await db.select({ files: column }).from(table).where(isNotNull(column))).flatMap((r) => Object.values(r.files as Record<string, string>)),
    names: async (db, sha256) => {
      const named = sql`jsonb_path_exists(${column}, '$.* ? (@ == $sha)', jsonb_build_object('sha', ${sha256}::text))`;
      return (await db.select({ one: sql`1` }).from(table).where(named).limit(1)).length > 0;
    },
  };
}

/**
 * Every place a row names a stored file: dataset images, runs' checkpoints and uploaded model
 * files, models' files, and uploaded weights (a team's and the server's ImageNet copies). A table
 * that stores files must be listed here, or garbage collection deletes files it still names.
 */
const FILE_REFERENCES: FileReference[] = [
  shaColumn(datasetImages, datasetImages.sha256),
  shaColumn(runs, runs.checkpointSha256),
  shaMap(runs, runs.modelFiles),
  shaMap(models, models.files),
  shaColumn(backboneWeights, backboneWeights.sha256),
  shaColumn(imagenetWeights, imagenetWeights.sha256),
];

/** Every stored file some row names. Files are stored by content, so one file may be named by several rows. */
export async function referencedFiles(db: DbExecutor): Promise<Set<string>> {
  const named = new Set<string>();
  for (const reference of FILE_REFERENCES) for (const sha256 of await reference.all(db)) named.add(sha256);
  return named;
}

/** Whether any row still names the file. */
export async function isFileReferenced(db: DbExecutor, sha256: string): Promise<boolean> {
  for (const reference of FILE_REFERENCES) if (await reference.names(db, sha256)) return true;
  return false;
}
