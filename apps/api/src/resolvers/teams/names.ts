import { badInput } from '../../errors';

const MAX_NAME_LENGTH = 100;

/** Team and API token names: trimmed, non-empty, short enough to show in a list. */
export function validName(name: string, what: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput(`The ${what} name is empty; give it a name.`);
  if ([...trimmed].length > MAX_NAME_LENGTH) throw badInput(`The ${what} name is longer than ${MAX_NAME_LENGTH} characters; shorten it.`);
  return trimmed;
}
