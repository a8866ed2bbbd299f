import { describe, expect, it } from 'vitest';
import { apiErrorFrom } from './api-error';

describe('apiErrorFrom', () => {
  it('keeps the code and the per-field messages of BAD_USER_INPUT', () => {
    const error = apiErrorFrom([{ message: 'Invalid run settings', extensions: { code: 'BAD_USER_INPUT', fields: { imageSize: 'must be at least 32' } } }]);
    expect(error).toMatchObject({ message: 'Invalid run settings', code: 'BAD_USER_INPUT', fields: { imageSize: 'must be at least 32' } });
  });

  it('reads a single `field` extension as that field\'s message', () => {
    expect(apiErrorFrom([{ message: 'Alias is not valid', extensions: { code: 'BAD_USER_INPUT', field: 'alias' } }]).fields).toEqual({ alias: 'Alias is not valid' });
  });

  it('still says something when the error is bare', () => {
    expect(apiErrorFrom([])).toMatchObject({ code: 'UNKNOWN', fields: {} });
  });
});
