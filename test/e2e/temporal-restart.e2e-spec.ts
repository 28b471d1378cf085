import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTES } from '@codev/engine/contract/search-attributes';
import { freePort } from '../support/service-processes';
import {
  attempt,
  bootWorld,
  member,
  programme,
  publish,
  STATE,
  submit,
  waitFor,
  World,
} from '../workflows/support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { devServerFlags } = require('../../scripts/lib/temporal-dynamic-config.cjs') as {
  devServerFlags(): string[];
};

/**
 * The Temporal server goes away in the middle of running lifecycles (SIGKILL) and comes back
 * on its own data: the API answers UNAVAILABLE meanwhile, retried steps land once, every
 * application completes, and the ledger holds each commitment and each tranche exactly once.
 * (A worker killed mid-transition is test/e2e/worker-crash.e2e-spec.ts.)
 */
const KEY = 'temporal-restart';
const APPLICATIONS = 4;
let temporal: ChildProcess | undefined;
let port: number;
let scratch: string;
let w: World;
const previousAddress = process.env.TEMPORAL_ADDRESS;

function startTemporal(): Promise<void> {
  temporal = spawn(
    process.env.TEMPORAL_CLI_PATH!,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--headless',
      '--log-level',
      'error',
      '--db-filename',
      join(scratch, 'temporal.db'),
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
      ...devServerFlags(),
      ...Object.values(SEARCH_ATTRIBUTES).flatMap((k) => [
        '--search-attribute',
        `${k.name}=${k.type === 'INT' ? 'Int' : 'Keyword'}`,
      ]),
    ],
    { stdio: 'ignore' },
  );
  return until('Temporal listens', () => listening(port), 60_000);
}

const listening = (p: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(p, '127.0.0.1');
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
  });

async function until(what: string, check: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const review = (id: string) =>
  attempt(
    w,
    'decideReview',
    {
      applicationId: id,
      stageId: 'works-review',
      decision: 'APPROVE',
      reason: 'obra verificada',
      idempotencyKey: `review-${id}`,
    },
    member(w, STATE),
  );

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'codev-temporal-restart-'));
  port = await freePort();
  await startTemporal();
  process.env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
  w = await bootWorld();
  const p = programme(
    KEY,
    [
      { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
      {
        id: 'payments',
        name: 'Payments',
        kind: 'DISBURSEMENT',
        tranches: [{ id: 'single', percent: '100' }],
      },
      { id: 'works-review', name: 'Works review', kind: 'REVIEW', reviewer: 'state' },
    ],
    { envelope: `${APPLICATIONS * 100000}.00` },
  );
  await publish(w, p);
}, 180_000);

afterAll(async () => {
  await w?.stack.close();
  temporal?.kill('SIGKILL');
  process.env.TEMPORAL_ADDRESS = previousAddress;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('a Temporal server killed and restarted mid-lifecycle', () => {
  it('loses nothing: steps retried land once, every application completes, money moves once', async () => {
    const ids = await Promise.all(Array.from({ length: APPLICATIONS }, () => submit(w, KEY)));
    await Promise.all(
      ids.map((id) => waitFor(w, id, (a) => a.activeStages.includes('works-review'))),
    );

    // The server dies while two reviews are on their way.
    const during = ids.slice(0, 2).map(review);
    temporal!.kill('SIGKILL');
    await until('Temporal is gone', async () => !(await listening(port)));
    const answered = await Promise.all(during);
    for (const a of answered) expect(['UNAVAILABLE', 'CONFLICT', undefined]).toContain(a.codes[0]);
    // While it is down, a step is answered UNAVAILABLE (retry), never a server error.
    const down = await review(ids[2]);
    expect(down.codes).toEqual(['UNAVAILABLE']);

    await startTemporal();
    // Each client retries its step with the same key until it is taken.
    for (const id of ids) {
      await until(
        `the review of ${id} is taken`,
        async () => (await review(id)).codes.length === 0,
      );
    }
    const done = await Promise.all(
      ids.map((id) => waitFor(w, id, (a) => a.status === 'COMPLETED')),
    );
    for (const app of done) {
      expect(app.history.filter((e) => e.kind === 'REVIEW_APPROVED')).toHaveLength(1);
      expect(app.ledger.map((b) => [b.role, b.committed, b.disbursed])).toEqual([
        ['migrants', '0.00', '100000.00'],
        ['state', '0.00', '100000.00'],
      ]);
    }
    const rows = (await w.stack.db.dataSource.query(
      `SELECT t.idempotency_key AS key, count(*)::int AS n
         FROM ledger_transaction t WHERE t.application_id = ANY($1) GROUP BY 1`,
      [ids],
    )) as { key: string; n: number }[];
    expect(rows).toHaveLength(APPLICATIONS * 2);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  }, 240_000);
});
