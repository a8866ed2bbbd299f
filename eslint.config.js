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
  { files: ['**/env.ts', '**/*.test.ts', '**/test/**', '**/e2e/**', '**/bench/**', 'scripts/**'], rules: { 'no-restricted-properties': 'off' } },
);
