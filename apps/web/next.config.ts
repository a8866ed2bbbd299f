import type { NextConfig } from 'next';

const config: NextConfig = {
  // The dashboard runs as one Node server beside the API (`next start`), never as a static export.
  poweredByHeader: false,
  reactStrictMode: true,
  // run-config ships TypeScript source: the form's bounds are the ones the server applies.
  transpilePackages: ['@transferlab/run-config'],
  // The monorepo root holds the lockfile; tell Turbopack so it does not guess.
  turbopack: { root: new URL('../../', import.meta.url).pathname },
};

export default config;
