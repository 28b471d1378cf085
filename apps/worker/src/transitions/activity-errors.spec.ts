import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { asActivityError } from './activity-errors';

const failed = (code: string, message: string) =>
  new QueryFailedError(
    'INSERT INTO application_event (reason) VALUES ($1)',
    ['a voter’s private reason'],
    Object.assign(new Error(message), { code }),
  );

describe('asActivityError', () => {
  it('keeps a transient database failure retryable, without its statement or parameters', () => {
    const e = asActivityError(failed('57P01', 'terminating connection')) as ApplicationFailure;
    expect(e).toBeInstanceOf(ApplicationFailure);
    expect(e.nonRetryable).toBe(false);
    expect(e.message).toBe('the database failed (57P01): terminating connection');
    expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toMatch(
      /private reason|INSERT INTO/,
    );
  });

  it('fails data the database will never accept for good', () => {
    const e = asActivityError(failed('23505', 'duplicate key')) as ApplicationFailure;
    expect(e.nonRetryable).toBe(true);
    expect(e.type).toBe('DATA');
  });
});
