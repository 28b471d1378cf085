import { GraphQLError } from 'graphql';
import { CodevError } from '@codev/domain';
import { formatGraphqlError, INTERNAL_ERROR_MESSAGE } from './format-error';

function format(error: GraphQLError) {
  const logged: unknown[] = [];
  const result = formatGraphqlError(error.toJSON(), error, (e) => logged.push(e));
  return { result, logged };
}

describe('formatGraphqlError', () => {
  it('passes a CodevError through with its code and failing fields', () => {
    const original = CodevError.badInput([{ path: 'input.name', message: 'must not be blank' }]);
    const { result, logged } = format(
      new GraphQLError(original.message, { originalError: original, path: ['x'] }),
    );
    expect(result.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.name', message: 'must not be blank' }],
    });
    expect(result.path).toEqual(['x']);
    expect(logged).toEqual([]);
  });

  it('hides internal errors and their stack traces', () => {
    const original = new Error('relation "secret_table" does not exist');
    const { result, logged } = format(
      new GraphQLError(original.message, { originalError: original }),
    );
    expect(result.message).toBe(INTERNAL_ERROR_MESSAGE);
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(result)).not.toContain('secret_table');
    expect(logged).toEqual([original]);
  });

  it('keeps Apollo request errors such as validation failures', () => {
    const { result } = format(
      new GraphQLError('Cannot query field "nope" on type "Query".', {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at x'] },
      }),
    );
    expect(result.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
