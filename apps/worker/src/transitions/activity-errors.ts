import { ApplicationFailure } from '@temporalio/common';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { EffectRefused } from '@codev/engine';

/**
 * What an activity's error means to Temporal. A refusal, a broken invariant, input a
 * computation refuses (RangeError) or data the database will never accept (SQLSTATE classes
 * 22 and 23) fails for good, so the workflow shows it instead of retrying forever; anything
 * else (a lost connection) is retried.
 */
export function asActivityError(e: unknown): unknown {
  if (e instanceof ApplicationFailure) return e;
  if (e instanceof EffectRefused) return ApplicationFailure.nonRetryable(e.message, e.type);
  // Arithmetic or a calendar refusing its input gives the same answer on every retry.
  if (e instanceof RangeError) return ApplicationFailure.nonRetryable(e.message, 'DATA');
  if (e instanceof QueryFailedError) {
    const code = (e.driverError as { code?: string }).code ?? '';
    if (code.startsWith('22') || code.startsWith('23'))
      return ApplicationFailure.nonRetryable(`the database refused a write: ${e.message}`, 'DATA');
    // Retried as it was, but without the statement and its parameters (a voter's reason, a
    // person's name) that TypeORM's error carries and the worker's log would print.
    return ApplicationFailure.retryable(
      `the database failed (${code || 'no code'}): ${e.message}`,
      'DATABASE',
    );
  }
  return e;
}

export const brokenInvariant = (message: string) =>
  ApplicationFailure.nonRetryable(message, 'BROKEN_INVARIANT');

/** An activity's database work in one transaction, its errors classified for Temporal. */
export async function transactionally<T>(
  db: DataSource,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (e) {
    throw asActivityError(e);
  }
}
