import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of `.graphql` files: the public contract and TransferLab's extensions to it. */
export const schemaDir = fileURLToPath(new URL('../schema/', import.meta.url));

/** Every schema file's SDL, contract first, for `makeExecutableSchema` and codegen. */
export const typeDefs: string[] = readdirSync(schemaDir)
  .filter((f) => f.endsWith('.graphql'))
  .sort((a, b) => (a === 'contract.graphql' ? -1 : b === 'contract.graphql' ? 1 : a.localeCompare(b)))
  .map((f) => readFileSync(`${schemaDir}${f}`, 'utf8'));
