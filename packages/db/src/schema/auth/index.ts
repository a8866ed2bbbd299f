export * from './sessions';
export * from './api-tokens';
export * from './worker-tokens';
export * from './sign-in-throttles';
