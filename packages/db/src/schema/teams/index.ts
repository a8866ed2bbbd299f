export * from './enums';
export * from './teams';
export * from './team-members';
