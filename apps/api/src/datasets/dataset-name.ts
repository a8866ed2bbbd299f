import { badInput } from '../errors';
import { characters, TEXT_LIMITS } from '../text-limits';

const MAX_DATASET_NAME_LENGTH = TEXT_LIMITS.datasetName;

/** A dataset name: trimmed, 1 to 100 characters. */
export function validDatasetName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput('The dataset name is empty; give it a name.');
  if (characters(trimmed) > MAX_DATASET_NAME_LENGTH) throw badInput(`The dataset name is longer than ${MAX_DATASET_NAME_LENGTH} characters; shorten it.`);
  return trimmed;
}
