import { ConfigError, resolveTrainConfig, type TrainConfig, type TrainConfigInput } from '@transferlab/ml-core/no-tfjs';
import { badInput } from '../errors';
import type { StartRunInput } from '../generated/graphql';

/**
 * Validates every hyperparameter of a StartRunInput with ml-core (the trainer applies the same
 * rules) and returns the resolved config with every default filled and the seed drawn, which is
 * what the run stores. All bad fields are reported together, as one BAD_USER_INPUT error whose
 * `fields` extension maps each field to what is wrong with it. `fromWeights` are settings the
 * chosen uploaded weights decide (their width multiplier).
 */
export function resolveRunConfig(input: StartRunInput, fromWeights: Pick<TrainConfigInput, 'alpha'> = {}): TrainConfig {
  const { datasetId: _datasetId, name: _name, weightsId: _weightsId, ...settings } = input;
  // An explicit null means "the default", exactly like leaving the field out.
  const given = { ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== null && value !== undefined)), ...fromWeights };
  try {
    return resolveTrainConfig(given as TrainConfigInput);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const fields: Record<string, string> = {};
    for (const { field, message } of error.issues) fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
    const list = Object.entries(fields)
      .map(([field, message]) => `${field} ${message}`)
      .join('; ');
    throw badInput(`Invalid run settings: ${list}. Fix ${Object.keys(fields).length === 1 ? 'this field' : 'these fields'} and start the run again.`, { fields });
  }
}
