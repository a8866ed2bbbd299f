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
