import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for the dashboard, checked against the one schema in packages/graphql.
// `graphql(...)` calls in src/ are the documents; the preset writes their types to src/generated.
const config: CodegenConfig = {
  schema: '../../packages/graphql/schema/*.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/generated/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        onlyOperationTypes: true,
      },
    },
  },
};

export default config;
