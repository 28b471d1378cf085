import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { EffectRefused } from '@codev/engine';

/**
 * What an activity's error means to Temporal. A refusal, a broken invariant or data the
 * database will never accept (SQLSTATE classes 22 and 23) fails for good, so the workflow
 * shows it instead of retrying forever; anything else (a lost connection) is retried.
 */
export function asActivityError(e: unknown): unknown {
  if (e instanceof ApplicationFailure) return e;
  if (e instanceof EffectRefused) return ApplicationFailure.nonRetryable(e.message, e.type);
  if (e instanceof QueryFailedError) {
    const code = (e.driverError as { code?: string }).code ?? '';
    if (code.startsWith('22') || code.startsWith('23'))
      return ApplicationFailure.nonRetryable(`the database refused a write: ${e.message}`, 'DATA');
  }
  return e;
}

export const brokenInvariant = (message: string) =>
  ApplicationFailure.nonRetryable(message, 'BROKEN_INVARIANT');
