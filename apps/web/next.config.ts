import type { NextConfig } from 'next';

const config: NextConfig = {
  // The dashboard runs as one Node server beside the API (`next start`), never as a static export.
  poweredByHeader: false,
  reactStrictMode: true,
  // ml-core ships TypeScript source; the form imports its config bounds (a module without dependencies).
  transpilePackages: ['@transferlab/ml-core'],
  // The monorepo root holds the lockfile; tell Turbopack so it does not guess.
  turbopack: { root: new URL('../../', import.meta.url).pathname },
};

export default config;
