export * from './types';
export * from './models';
export * from './model-aliases';
export * from './model-predictions';
