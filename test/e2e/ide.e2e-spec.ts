import { startTestStack, TestStack } from '../support/test-stack';

/**
 * A browser opening /graphql in development gets GraphiQL, whose requests (JSON posts with the
 * headers its editor sets) pass CSRF prevention; GRAPHQL_IDE=0 (and production) serve none.
 */
describe('the GraphQL IDE', () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    delete process.env.GRAPHQL_IDE;
  });

  it('is served to a browser, and its requests are answered', async () => {
    stack = await startTestStack();
    const page = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL.createFetcher');
    expect(html).toContain("url: '/graphql'");
    // What GraphiQL sends: a JSON POST, as CSRF prevention wants.
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(await res.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('is not served when turned off', async () => {
    process.env.GRAPHQL_IDE = '0';
    stack = await startTestStack();
    const page = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
  });
});
