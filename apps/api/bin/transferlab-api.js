#!/usr/bin/env node
// Runs the TypeScript source through tsx (workspace packages export source; see apps/trainer).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
