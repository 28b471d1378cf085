import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { serverAudits } from 'graphql-http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestStack, TestStack } from '../support/test-stack';

const SCHEMA_FILE = join(__dirname, '..', '..', 'apps', 'api', 'schema.graphql');

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

type Indicator = { status: string; message?: string; pollers?: number };
type HealthBody = { info: Record<string, Indicator>; error: Record<string, Indicator> };

async function health(): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(`${stack.url}/health`);
  return { status: res.status, body: (await res.json()) as HealthBody };
}

describe('GET /health', () => {
  it('reports 503 naming the missing worker, then 200 once a worker polls the task queue', async () => {
    const before = await health();
    expect(before.status).toBe(503);
    expect(before.body.info.database.status).toBe('up');
    expect(before.body.info.temporal.status).toBe('up');
    expect(before.body.error.worker).toMatchObject({
      status: 'down',
      message: 'no worker is polling the task queue',
    });

    await stack.startWorker();
    let after = await health();
    for (let i = 0; i < 50 && after.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await health();
    }
    expect(after.status).toBe(200);
    expect(after.body.info.worker).toMatchObject({ status: 'up', pollers: expect.any(Number) });
  });
});

describe('GraphQL schema', () => {
  it('matches the committed apps/api/schema.graphql (run with UPDATE_SCHEMA=1 to accept a change)', () => {
    const generated = printSchema(stack.app.get(GraphQLSchemaHost).schema) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(generated).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  it('passes every MUST audit', async () => {
    const audits = serverAudits({ url: `${stack.url}/graphql` });
    const results = await Promise.all(audits.map((audit) => audit.fn()));
    const mustFailures = results
      .filter((r) => r.name.startsWith('MUST') && r.status !== 'ok')
      .map((r) => `${r.name}: ${'reason' in r ? r.reason : r.status}`);
    expect(mustFailures).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });
});
