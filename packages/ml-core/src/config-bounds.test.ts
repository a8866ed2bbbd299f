import { describe, expect, it } from 'vitest';
import { ConfigError, resolveTrainConfig, type TrainConfigInput } from './config';
import { CONFIG_BOUNDS, describeBound, type BoundedField, type NumberBound } from '@transferlab/run-config';

/** Sets `field` (possibly nested, "augmentation.zoom") on a minimal valid config. */
function configWith(field: BoundedField, value: number): TrainConfigInput {
  const [head, tail] = field.split('.') as [string, string | undefined];
  const base = { strategy: 'FINE_TUNE' } as Record<string, unknown>;
  return (tail ? { ...base, [head]: { [tail]: value } } : { ...base, [head]: value }) as TrainConfigInput;
}

function refusal(field: BoundedField, value: number): string {
  try {
    resolveTrainConfig(configWith(field, value));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((i) => i.field)).toEqual([field]);
    return `${field} ${issues[0]?.message}`;
  }
  throw new Error(`${field} = ${value} was accepted`);
}

const justOutside = (b: NumberBound): { below: number; above: number } => ({
  below: b.minExclusive ? b.min : b.min - (b.integer ? 1 : 0.001),
  above: b.maxExclusive ? b.max : b.max + (b.integer ? 1 : 0.001),
});

describe('CONFIG_BOUNDS', () => {
  it.each(Object.keys(CONFIG_BOUNDS) as BoundedField[])('%s: its edges are accepted, one step past them is refused naming the field, bound and value', (field) => {
    const b: NumberBound = CONFIG_BOUNDS[field];
    const { below, above } = justOutside(b);
    expect(refusal(field, above)).toBe(`${field} must be ${b.maxExclusive ? 'below' : 'at most'} ${b.max} (got ${above})`);
    expect(refusal(field, below)).toBe(`${field} must be ${b.minExclusive ? 'above' : 'at least'} ${b.min} (got ${below})`);
    if (b.integer) expect(refusal(field, b.min + 0.5)).toBe(`${field} must be a whole number (got ${b.min + 0.5})`);
    const inside = [b.minExclusive ? undefined : b.min, b.maxExclusive ? undefined : b.max].filter((v) => v !== undefined);
    for (const value of inside) expect(() => resolveTrainConfig(configWith(field, value))).not.toThrow();
  });

  it('fills each default from the bounds, so the config and its bounds cannot disagree', () => {
    const config = resolveTrainConfig({ strategy: 'FINE_TUNE' }) as unknown as Record<string, unknown>;
    for (const [field, bound] of Object.entries(CONFIG_BOUNDS) as [BoundedField, NumberBound][]) {
      if (bound.default === undefined) continue;
      const [head, tail] = field.split('.') as [string, string | undefined];
      const value = tail ? (config[head] as Record<string, unknown>)[tail] : config[head];
      expect(value, field).toBe(bound.default);
    }
  });

  it('refuses what issue 11 measured: a 1024 x 1024 batch and thousands of epochs', () => {
    expect(() => resolveTrainConfig({ strategy: 'BASELINE', batchSize: 1024, epochs: 5000 })).toThrow(
      'Invalid training configuration: batchSize must be at most 512 (got 1024); epochs must be at most 300 (got 5000).',
    );
  });

  it('describes a bound for help texts', () => {
    expect(describeBound(CONFIG_BOUNDS.imageSize)).toBe('32 to 1024; default 224');
    expect(describeBound(CONFIG_BOUNDS.dropout)).toBe('0, below 1; default 0.2');
    expect(describeBound(CONFIG_BOUNDS.earlyStoppingPatience)).toBe('1 to 100');
  });
});
