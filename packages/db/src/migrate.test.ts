import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from './client';
import { migrateDatabase } from './migrate';
import { backbone } from './schema/runs/enums';
import { createTestDatabase, type TestDatabase } from './testing';

const expectedTables = [
  'api_tokens',
  'backbone_weights',
  'dataset_changes',
  'dataset_images',
  'datasets',
  'epoch_metrics',
  'imagenet_weights',
  'lease_clock',
  'model_aliases',
  'model_predictions',
  'models',
  'run_groups',
  'runs',
  'sessions',
  'sign_in_throttles',
  'team_members',
  'teams',
  'trainers',
  'users',
  'worker_tokens',
];

async function publicTables(database: TestDatabase): Promise<string[]> {
  const result = await database.db.execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return result.rows.map((row) => row.table_name);
}

async function appliedMigrations(database: TestDatabase): Promise<number> {
  const result = await database.db.execute<{ count: string | number }>(
    sql`select count(*) as count from drizzle.__drizzle_migrations`,
  );
  return Number(result.rows[0]?.count);
}

describe.each(['pglite', 'postgres'] as const)('migrations on %s', (kind) => {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.dispose()));
  });

  it('create every table on an empty database, and a second run is a no-op', async () => {
    const database = await createTestDatabase(kind);
    opened.push(database);
    expect(await publicTables(database)).toEqual(expectedTables);
    const applied = await appliedMigrations(database);
    expect(applied).toBeGreaterThan(0);

    await migrateDatabase(database);
    expect(await appliedMigrations(database)).toBe(applied);
    expect(await publicTables(database)).toEqual(expectedTables);
  });

  it("gives the backbone enum every backbone the schema names (the contract's two and the extension's two)", async () => {
    const database = await createTestDatabase(kind);
    opened.push(database);
    const result = await database.db.execute<{ label: string }>(sql`select unnest(enum_range(null::backbone))::text as label`);
    expect(result.rows.map((row) => row.label)).toEqual([...backbone.enumValues]);
    expect(backbone.enumValues).toEqual(['VGG16', 'MOBILENET_V2', 'RESNET50', 'EFFICIENTNET_B0']);
  });

  it('creates the named indexes', async () => {
    const database = await createTestDatabase(kind);
    opened.push(database);
    const result = await database.db.execute<{ indexname: string }>(
      sql`select indexname from pg_indexes where schemaname = 'public'`,
    );
    const names = result.rows.map((row) => row.indexname);
    expect(names).toEqual(
      expect.arrayContaining([
        'runs_status_created_at_idx',
        'runs_team_id_created_at_idx',
        'team_members_user_id_idx',
        'dataset_images_dataset_class_split_idx',
        'epoch_metrics_run_phase_epoch_unique',
        'models_team_name_version_unique',
        'model_aliases_team_model_name_alias_unique',
        'users_email_unique',
      ]),
    );
  });
});

describe('migrations on postgres, from two processes at once', () => {
  it('both succeed and apply each migration once', async () => {
    const database = await createTestDatabase('postgres');
    try {
      // Start from an empty database: drop what createTestDatabase migrated.
      await database.db.execute(sql`drop schema public cascade`);
      await database.db.execute(sql`drop schema drizzle cascade`);
      await database.db.execute(sql`create schema public`);
      const url = database.url;
      if (!url) throw new Error('no url');
      const first = await createDatabase({ url });
      const second = await createDatabase({ url });
      try {
        await Promise.all([migrateDatabase(first), migrateDatabase(second)]);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
      expect(await publicTables(database)).toEqual(expectedTables);
      expect(await appliedMigrations(database)).toBeGreaterThan(0);
    } finally {
      await database.dispose();
    }
  });
});
