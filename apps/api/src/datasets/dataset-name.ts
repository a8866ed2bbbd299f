import { badInput } from '../errors';

const MAX_DATASET_NAME_LENGTH = 100;

/** A dataset name: trimmed, 1 to 100 characters. */
export function validDatasetName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput('The dataset name is empty; give it a name.');
  if ([...trimmed].length > MAX_DATASET_NAME_LENGTH) throw badInput(`The dataset name is longer than ${MAX_DATASET_NAME_LENGTH} characters; shorten it.`);
  return trimmed;
}
