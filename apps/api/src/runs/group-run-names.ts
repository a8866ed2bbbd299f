import { badInput } from '../errors';
import { characters, TEXT_LIMITS } from '../text-limits';

/** " · FINE_TUNE", " · lr 0.001 · dropout 0.3": what follows a group's name in each of its runs' names. */
export const groupRunSuffix = (parts: readonly string[]) => parts.map((p) => ` · ${p}`).join('');

/** The longest group name whose runs' names (the group's name and each suffix) stay within a model name's bound. */
export function maxGroupName(suffixes: readonly string[]): number {
  return TEXT_LIMITS.modelName - Math.max(0, ...suffixes.map(characters));
}

/**
 * Refuses a group name that would make one of its runs' names (and so its model's name) longer
 * than a model name may be, naming the bound. A run's name becomes its model's name.
 */
export function requireGroupName(kind: 'ladder' | 'sweep', name: string | null, suffixes: readonly string[]): void {
  const max = maxGroupName(suffixes);
  if (max < 1) {
    // Only a sweep's suffixes vary (with its values): one alone is already too long for a name.
    const longest = Math.max(...suffixes.map(characters));
    throw badInput(`This ${kind}'s values name a run with ${longest} characters, more than a model name's ${TEXT_LIMITS.modelName}; use shorter values (unfreezeFrom takes a layer or block name).`, { field: 'grid' });
  }
  if (!name || characters(name) <= max) return;
  const after = kind === 'ladder' ? 'its rung' : 'its grid values';
  throw badInput(
    `A ${kind} name is longer than ${max} characters (it has ${characters(name)}); shorten it. Each run is named after it and ${after}, within a model name's ${TEXT_LIMITS.modelName}.`,
    { field: 'name' },
  );
}
