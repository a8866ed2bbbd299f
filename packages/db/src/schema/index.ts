// The whole schema, by domain. drizzle-kit reads this file to generate migrations.
export * from './users';
export * from './auth';
export * from './teams';
export * from './datasets';
export * from './runs';
export * from './models';
export * from './weights';
export * from './relations';
