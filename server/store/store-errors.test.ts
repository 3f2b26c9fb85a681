import { describe, expect, it } from 'vitest';
import { storeFailure } from './store-errors.js';

const failure = (code: string | undefined, message = 'x') => Object.assign(new Error(message), code ? { code } : {});

describe('storeFailure', () => {
  it.each([
    ['SQLITE_FULL', 'storage_full', 507],
    ['53100', 'storage_full', 507],
    ['SQLITE_READONLY', 'unavailable', 503],
    ['SQLITE_IOERR_WRITE', 'unavailable', 503],
    ['SQLITE_BUSY', 'unavailable', 503],
    ['ECONNREFUSED', 'unavailable', 503],
    ['57P01', 'unavailable', 503],
    ['57P03', 'unavailable', 503],
    ['08006', 'unavailable', 503],
  ])('%s is %s (%i)', (code, expected, status) => {
    expect(storeFailure(failure(code))).toMatchObject({ code: expected, status });
  });

  it('knows pg’s own words for a connection that went away', () => {
    expect(storeFailure(failure(undefined, 'Connection terminated unexpectedly'))?.code).toBe('unavailable');
  });

  it('leaves everything else alone: a bug stays a 500', () => {
    expect(storeFailure(failure('SQLITE_CONSTRAINT_UNIQUE'))).toBeUndefined();
    expect(storeFailure(failure('23505'))).toBeUndefined();
    expect(storeFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(storeFailure('not an error')).toBeUndefined();
  });
});
