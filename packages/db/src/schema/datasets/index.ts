export * from './enums';
export * from './datasets';
export * from './dataset-images';
export * from './dataset-changes';
