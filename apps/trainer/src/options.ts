import { InvalidArgumentError } from 'commander';

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
