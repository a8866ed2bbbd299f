// One lint config for the whole workspace; each package runs `eslint .` and ESLint finds this file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/generated/**', '**/dist/**', '**/.turbo/**', '**/.next/**', '**/node_modules/**', '**/.data/**', '**/.test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Configuration is read in exactly one validated module per app (env.ts); see STYLE.md.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through env.ts.' }],
    },
  },
  // The API's main thread and the trainer's command line stay without TensorFlow.js and ONNX Runtime
  // until a request or a command needs them (idle-server.test.ts, cli-basics.test.ts): they import
  // ml-core's values from its no-tfjs entry, and the main entry only in the files that run models
  // (or dynamically, where a command starts).
  {
    files: ['apps/api/src/**/*.ts', 'apps/trainer/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'apps/api/src/predict/predict-worker.ts', 'apps/trainer/src/worker/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@transferlab/ml-core', message: "Import from '@transferlab/ml-core/no-tfjs' (or import('@transferlab/ml-core') where the work starts): this process stays without TensorFlow.js until it is needed.", allowTypeImports: true }] },
      ],
    },
  },
  { files: ['**/env.ts', '**/*.test.ts', '**/test/**', '**/e2e/**', '**/bench/**', 'scripts/**'], rules: { 'no-restricted-properties': 'off' } },
);
