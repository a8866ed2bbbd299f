import { InvalidArgumentError } from 'commander';
import { boundProblem, CONFIG_BOUNDS, describeBound, type BoundedField } from '@transferlab/run-config';

export function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`'${value}' is not a number.`);
  return n;
}

export function parseInteger(value: string): number {
  const n = parseNumber(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`'${value}' is not a whole number.`);
  return n;
}

/** A parser for a whole number in [min, max], for flags whose valid range the CLI knows up front. */
export function parseIntegerBetween(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = parseInteger(value);
    if (n < min || n > max) throw new InvalidArgumentError(`'${value}' is not between ${min} and ${max}.`);
    return n;
  };
}

/**
 * A flag for a bounded config field: its help names the bound (and default), and a value outside it
 * is refused before anything loads, naming the bound and the value, as ml-core's config schema would.
 */
export function boundedFlag(field: BoundedField, help: string): [description: string, parse: (value: string) => number] {
  const bound = CONFIG_BOUNDS[field];
  const parse = (value: string) => {
    const n = parseNumber(value);
    const problem = boundProblem(bound, n);
    if (problem) throw new InvalidArgumentError(`${field} ${problem}.`);
    return n;
  };
  return [`${help} (${describeBound(bound)})`, parse];
}
