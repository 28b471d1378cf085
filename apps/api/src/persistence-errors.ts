import { QueryFailedError } from 'typeorm';

/** True when `error` is PostgreSQL's unique_violation on the named constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}

/** Socket errors of a connection that could not be made or was lost. */
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);
/** SQLSTATEs of a server that is going away or full: class 08, shutdowns, too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
/** What pg and its pool say when a connection ends or cannot be had in time. */
const CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * True when `error` says the database could not be reached or went away mid-request, rather
 * than refusing the request: the client should retry it (with the same idempotency key), and
 * it is told so with UNAVAILABLE instead of an internal error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const found = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  // Not `instanceof Error`: socket errors may come from another realm (a vm context).
  if (typeof found !== 'object' || found === null) return false;
  const { code, message } = found as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_ERRNOS.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
    return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}
