import { expect } from 'vitest';
import { WeightsError } from '../errors';

/** Awaits a promise that must reject with a WeightsError (of `code`, when given) and returns it. */
export async function expectWeightsError(promise: Promise<unknown>, code?: WeightsError['code']): Promise<WeightsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WeightsError);
  if (code) expect((error as WeightsError).code).toBe(code);
  return error as WeightsError;
}
