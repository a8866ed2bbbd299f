export * from './enums';
export * from './types';
export * from './runs';
export * from './run-groups';
export * from './epoch-metrics';
export * from './lease-clock';
export * from './trainers';
