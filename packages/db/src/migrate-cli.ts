// `pnpm --filter @transferlab/db migrate`: apply the committed migrations; exits non-zero on failure.
import { createDatabase } from './client';
import { migrateDatabase } from './migrate';
import { describeMigrateTarget, resolveMigrateTarget } from './migrate-target';

async function main(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- this CLI is the only place the package reads its environment.
  const target = resolveMigrateTarget(process.env);
  const database = await createDatabase(target);
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
  console.log(`Migrated ${describeMigrateTarget(target)}.`);
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
