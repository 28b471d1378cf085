import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DemoCallPlan, runDemoCall } from '../../apps/api/src/cli/demo-call';
import { loadDemoWorld } from '../support/demo-world';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';

const ROOT = join(__dirname, '..', '..');
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  await loadDemoWorld(stack);
});
afterAll(() => stack?.close());

describe('the Madrid 2008 demo call, replayed through the API', () => {
  it('ends with 10 projects funded, 7 through NGOs and 3 by migrant organisations, within the EUR 2,000,000 budget', async () => {
    const plan = JSON.parse(
      readFileSync(join(ROOT, 'demo', 'madrid-2008-call.json'), 'utf8'),
    ) as DemoCallPlan;
    const rows = (await stack.db.dataSource.query(`SELECT name, id, kind FROM organisation`)) as {
      name: string;
      id: string;
      kind: string;
    }[];
    const organisations = new Map(rows.map((r) => [r.name, { id: r.id, kind: r.kind }]));
    const outcome = await runDemoCall({
      graphqlUrl: `${stack.url}/graphql`,
      plan,
      callDefinitionText: readFileSync(join(ROOT, 'calls', plan.callFile), 'utf8'),
      organisations,
      mint: (claims) => mintToken(claims),
      timeoutMs: 120_000,
    });
    expect(outcome.status).toBe('RESOLVED');
    expect(outcome.funded).toHaveLength(10);
    const kinds = outcome.funded.map((f) => organisations.get(f.applicant)!.kind);
    expect(kinds.filter((k) => k === 'NGO')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'IMMIGRANT_ASSOCIATION')).toHaveLength(3);
    expect(outcome.reserve).toHaveLength(3);
    expect(outcome.excluded).toEqual(['Riego comunitario en Manabí']);
    const [envelope] = await stack.db.dataSource.query(
      `SELECT amount::text, committed::text FROM envelope WHERE funder_role = 'call:es-madrid-ayuntamiento-2008'`,
    );
    expect(envelope).toEqual({ amount: '2000000.000000', committed: '1845000.000000' });
  }, 150_000); // some sixty steps, each written once Temporal has recorded it
});
