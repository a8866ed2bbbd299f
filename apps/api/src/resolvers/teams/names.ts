import { badInput } from '../../errors';
import { characters, TEXT_LIMITS } from '../../text-limits';

const MAX_LENGTH = { team: TEXT_LIMITS.teamName, 'API token': TEXT_LIMITS.apiTokenName } as const;

/** Team and API token names: trimmed, non-empty, short enough to show in a list. */
export function validName(name: string, what: keyof typeof MAX_LENGTH): string {
  const max = MAX_LENGTH[what];
  const trimmed = name.trim();
  if (!trimmed) throw badInput(`The ${what} name is empty; give it a name.`);
  if (characters(trimmed) > max) throw badInput(`The ${what} name is longer than ${max} characters; shorten it.`);
  return trimmed;
}
