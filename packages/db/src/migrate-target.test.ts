import { describe, expect, it } from 'vitest';
import { describeMigrateTarget, resolveMigrateTarget } from './migrate-target';

describe('resolveMigrateTarget', () => {
  it('prefers DATABASE_URL', () => {
    expect(resolveMigrateTarget({ DATABASE_URL: 'postgres://db/app', TRANSFERLAB_DATA_DIR: '/data' })).toEqual({
      url: 'postgres://db/app',
    });
  });

  it('uses the db folder of TRANSFERLAB_DATA_DIR otherwise', () => {
    expect(resolveMigrateTarget({ TRANSFERLAB_DATA_DIR: '/srv/transferlab' })).toEqual({
      dataDir: '/srv/transferlab/db',
    });
  });

  it('names both variables when neither is set', () => {
    expect(() => resolveMigrateTarget({ DATABASE_URL: ' ' })).toThrow(/DATABASE_URL.*TRANSFERLAB_DATA_DIR/);
  });

  it('hides the password when describing the target', () => {
    expect(describeMigrateTarget({ url: 'postgres://app:s3cret@db:5432/app' })).toBe(
      'PostgreSQL postgres://app:***@db:5432/app',
    );
    expect(describeMigrateTarget({ dataDir: '/srv/db' })).toBe('PGlite /srv/db');
  });
});
