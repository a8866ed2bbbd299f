export * from './enums';
export * from './backbone-weights';
export * from './imagenet-weights';
