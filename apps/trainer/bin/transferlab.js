#!/usr/bin/env node
// The workspace ships TypeScript source (packages export src/), so the CLI runs it through tsx's
// loader; each package then resolves its own dependencies, as pnpm's strict layout requires.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
