import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { CodevError, ErrorCode } from '@codev/domain';
import { isDatabaseUnavailable } from '../persistence-errors';

/** Codes Apollo itself assigns to problems with the request document or variables; safe to pass on. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable; retry the request (a mutation with the same idempotency key)';

/**
 * What a client may see of an error: a CodevError's code, message and failing fields, or an
 * Apollo request error; anything else is an internal fault, reported to the log and replaced
 * by a generic message so that no stack trace or internal detail leaves the server.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logInternal: (error: unknown) => void,
): GraphQLFormattedError {
  const original = originalErrorOf(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof CodevError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: original.code,
        ...(original.code === ErrorCode.BadUserInput ? { fields: original.violations } : {}),
      },
    };
  }
  const code = requestErrorCode(formatted, error);
  if (code) return { ...base, message: formatted.message, extensions: { code } };
  logInternal(original ?? error);
  if (isDatabaseUnavailable(original)) {
    return {
      ...base,
      message: DATABASE_UNAVAILABLE_MESSAGE,
      extensions: { code: ErrorCode.Unavailable },
    };
  }
  return {
    ...base,
    message: INTERNAL_ERROR_MESSAGE,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function originalErrorOf(error: unknown): unknown {
  let current = error;
  while (
    current &&
    typeof current === 'object' &&
    'originalError' in current &&
    current.originalError
  ) {
    current = current.originalError;
  }
  return current;
}

/**
 * A problem with the request itself, which the client must see to fix: Apollo's own codes,
 * or graphql-js errors raised before execution (no path; caused by nothing or by graphql-js), such as a
 * variable that does not coerce to its input type.
 */
function requestErrorCode(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) return code;
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  if (error instanceof GraphQLError && !error.path && (!cause || cause instanceof GraphQLError)) {
    return error.message.startsWith('Variable "$') ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED';
  }
  return undefined;
}
