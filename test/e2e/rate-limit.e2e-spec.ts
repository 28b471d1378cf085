import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';

/**
 * One client cannot take the API for itself: past its share of a minute it is answered 429
 * RATE_LIMITED with Retry-After, while other clients and /health go on being answered.
 */
const PER_MINUTE = 5;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ rateLimitPerMinute: PER_MINUTE });
});
afterAll(() => stack?.close());

const ask = (token?: string) =>
  fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

describe('the rate limit', () => {
  it('answers a client past its share 429 RATE_LIMITED, and nobody else', async () => {
    const statuses = [];
    for (let i = 0; i < PER_MINUTE; i++) statuses.push((await ask()).status);
    expect(statuses).toEqual(Array(PER_MINUTE).fill(200));

    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^Too many requests: at most 5 a minute per client/),
          extensions: { code: 'RATE_LIMITED' },
        },
      ],
    });

    // Another client, from the same address, has its own share; /health is never limited.
    const token = mintToken({ sub: 'someone-else', roles: [] });
    expect((await ask(token)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await fetch(`${stack.url}/health`)).status).not.toBe(429);
  });
});
