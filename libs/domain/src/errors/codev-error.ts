import { Violation } from './violation';

/** The error codes a client sees in `extensions.code`; the API maps nothing else through. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  /** A service the request needs is down or overloaded: retry it (with the same idempotency key). */
  Unavailable = 'UNAVAILABLE',
}

/**
 * An expected failure with a code the client can act on. Anything thrown that is not a
 * CodevError is an internal fault and reaches the client only as a generic message.
 */
export class CodevError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly violations: Violation[] = [],
  ) {
    super(message);
    this.name = 'CodevError';
  }

  static badInput(violations: Violation[]): CodevError {
    const summary = violations.map((v) => `${v.path}: ${v.message}`).join('; ');
    return new CodevError(ErrorCode.BadUserInput, `Invalid input: ${summary}`, violations);
  }

  static notFound(what: string): CodevError {
    return new CodevError(ErrorCode.NotFound, `${what} was not found`);
  }

  static conflict(message: string): CodevError {
    return new CodevError(ErrorCode.Conflict, message);
  }

  static forbidden(message: string): CodevError {
    return new CodevError(ErrorCode.Forbidden, message);
  }

  static unavailable(message: string): CodevError {
    return new CodevError(ErrorCode.Unavailable, message);
  }

  static unauthenticated(message = 'Authentication required'): CodevError {
    return new CodevError(ErrorCode.Unauthenticated, message);
  }
}
