import { GraphQLError } from 'graphql';
import { CodevError } from '@codev/domain';
import { createServer } from 'node:net';
import { Client } from 'pg';
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  formatGraphqlError,
  INTERNAL_ERROR_MESSAGE,
} from './format-error';

/** A port nothing listens on: taken, then freed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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

  it('answers UNAVAILABLE, to be retried, when the database cannot be reached', async () => {
    const client = new Client({ host: '127.0.0.1', port: await closedPort(), user: 'x' });
    const refused = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    const { result, logged } = format(
      new GraphQLError('x', { originalError: refused as Error, path: ['organisations'] }),
    );
    expect(result.extensions).toEqual({ code: 'UNAVAILABLE' });
    expect(result.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    expect(logged).toEqual([refused]);
  });
});
