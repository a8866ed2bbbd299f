export * from './enums';
export * from './types';
export * from './runs';
export * from './epoch-metrics';
export * from './trainers';
