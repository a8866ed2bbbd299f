// The workspace's rules plus React's and Next.js's for the dashboard.
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import root from '../../eslint.config.js';

export default [
  ...root,
  { ignores: ['next-env.d.ts', 'e2e/.output/**'] },
  { ...reactHooks.configs.flat['recommended-latest'], files: ['src/**/*.{ts,tsx}'] },
  { ...nextPlugin.configs['core-web-vitals'], files: ['src/**/*.{ts,tsx}'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    settings: { next: { rootDir: import.meta.dirname } },
    rules: {
      // Thumbnails and uploads come through the authenticated /api proxy; next/image's optimizer
      // would fetch them without the session cookie.
      '@next/next/no-img-element': 'off',
    },
  },
  // The browser tests start and configure the stack; they read the environment the way scripts do.
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly' } } },
  // Playwright fixtures must destructure their first argument, even when they need nothing from it.
  { files: ['e2e/**'], rules: { 'no-restricted-properties': 'off', 'no-empty-pattern': 'off' } },
];
