// The workspace's rules, plus Node's globals for the plain-JavaScript scripts the images run.
import root from '../eslint.config.js';

export default [
  ...root,
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' } },
  },
];
