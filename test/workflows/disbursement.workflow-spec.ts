import {
  BOOT_TIMEOUT,
  bootWorld,
  COMMUNITY,
  disbursementsInLedger,
  executionProgramme,
  expectOrderedHistory,
  expectRefused,
  expectRefusedAtSave,
  fileReport,
  indexOf,
  ledgerOf,
  member,
  programme,
  publish,
  read,
  recordedEvents,
  saveDraft,
  seqOf,
  STATE,
  submit,
  trail,
  tranchesOf,
  waitFor,
  World,
} from './support';
import { errorCodes } from '../support/graphql-client';

// DISBURSEMENT: each funder's commitment paid in tranches, in order: the first on entering
// the stage, each later one once the monitoring report it waits for is filed (and no
// blocking finding is open: see the monitoring suite). It takes no human step itself.

let w: World;
beforeAll(async () => {
  w = await bootWorld();
  await publish(w, executionProgramme('disbursement-plain'));
  await publish(
    w,
    executionProgramme('disbursement-odd', {
      tranches: [
        { id: 'first', percent: '33.33', afterReport: 'PROGRESS' },
        { id: 'second', percent: '33.33' },
        { id: 'third', percent: '33.34', afterReport: 'FINAL' },
      ],
    }),
  );
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a DISBURSEMENT stage', () => {
  it('pays the advance on entering, then each tranche in the transition of the report it waits for', async () => {
    const id = await submit(w, 'disbursement-plain');
    const started = await waitFor(w, id, (a) => tranchesOf(a).length === 1);
    expect(started.status).toBe('IN_EXECUTION');
    expect(trail(started).slice(6)).toEqual([
      'FUNDING_COMMITTED:commitment',
      'STAGE_COMPLETED:commitment',
      'STAGE_STARTED:execution',
      'STAGE_STARTED:payments',
      'TRANCHE_DISBURSED:payments',
      'STAGE_STARTED:works',
    ]);
    expect(started.history[indexOf(started, 'TRANCHE_DISBURSED')].detail).toEqual({
      trancheId: 'advance',
      percent: '50',
    });
    expect(ledgerOf(started)).toEqual({ migrants: [50000, 50000], state: [50000, 50000] });
    expect(started.activeStages.sort()).toEqual(['payments', 'works']);

    const progress = await fileReport(w, id, 'PROGRESS');
    expect(progress).toMatchObject({ status: 'IN_EXECUTION' });
    const afterProgress = await read(w, id);
    expect(trail(afterProgress).slice(-2)).toEqual([
      'REPORT_FILED:works',
      'TRANCHE_DISBURSED:payments',
    ]);
    const recorded = await recordedEvents(w, id);
    expect(seqOf(recorded.at(-1)!.key)).toBe(seqOf(recorded.at(-2)!.key));
    expect(ledgerOf(afterProgress)).toEqual({ migrants: [20000, 80000], state: [20000, 80000] });

    const final = await fileReport(w, id, 'FINAL');
    expect(final).toMatchObject({ status: 'COMPLETED', activeStages: [] });
    const done = await expectOrderedHistory(w, id);
    expect(
      trail(done).slice(indexOf(done, 'REPORT_FILED', (e) => e.detail.reportType === 'FINAL')),
    ).toEqual([
      'REPORT_FILED:works',
      'STAGE_COMPLETED:works',
      'TRANCHE_DISBURSED:payments',
      'STAGE_COMPLETED:payments',
      'STAGE_COMPLETED:execution',
      'COMPLETED',
    ]);
    expect(tranchesOf(done)).toEqual(['advance', 'progress', 'completion']);
    expect(ledgerOf(done)).toEqual({ migrants: [0, 100000], state: [0, 100000] });
    expect((await disbursementsInLedger(w, id)).sort()).toEqual([
      'advance',
      'completion',
      'progress',
    ]);
  });

  it('pays in order: a tranche with no report of its own waits for the one before it; the last takes the remainder', async () => {
    const id = await submit(w, 'disbursement-odd', { totalAmount: '100000.03' });
    const started = await waitFor(w, id, (a) => a.activeStages.includes('works'));
    expect(tranchesOf(started)).toEqual([]);
    const committed = ledgerOf(started);
    await fileReport(w, id, 'PROGRESS');
    const both = await read(w, id);
    // Both tranches in the transition of the report, in order.
    expect(trail(both).slice(-3)).toEqual([
      'REPORT_FILED:works',
      'TRANCHE_DISBURSED:payments',
      'TRANCHE_DISBURSED:payments',
    ]);
    expect(tranchesOf(both)).toEqual(['first', 'second']);
    await fileReport(w, id, 'FINAL');
    const done = await expectOrderedHistory(w, id);
    expect(done.status).toBe('COMPLETED');
    // To the centavo: each funder was paid exactly what it committed.
    const paid = ledgerOf(done);
    expect(Object.keys(paid).sort()).toEqual(['migrants', 'state']);
    for (const role of Object.keys(paid)) expect(paid[role]).toEqual([0, committed[role][0]]);
    expect(committed.migrants[0] + committed.state[0]).toBeCloseTo(100000.03, 6);
    const [{ sum }] = await w.stack.db.dataSource.query(
      `SELECT sum(amount)::text AS sum FROM ledger_posting WHERE application_id = $1 AND account LIKE '%:disbursed:%'`,
      [id],
    );
    expect(sum).toBe('100000.030000');
  });

  it('takes no human step', async () => {
    const id = await submit(w, 'disbursement-plain');
    await expectRefused(
      w,
      id,
      'fileMonitoringReport',
      {
        stageId: 'payments',
        reportType: 'PROGRESS',
        uri: 'https://docs.example.org/p.pdf',
        summary: 's',
      },
      member(w, COMMUNITY),
      'BAD_USER_INPUT',
      /is a disbursement, not a monitoring/,
    );
    await expectRefused(
      w,
      id,
      'raiseFinding',
      { stageId: 'payments', description: 'd' },
      member(w, STATE),
      'BAD_USER_INPUT',
    );
    await expectOrderedHistory(w, id);
  });
});

/** Refused at save time with a problem at (or under) `path`, whatever its wording; nothing saved. */
async function expectProblemAt(definition: Record<string, unknown>, path: string) {
  const res = await saveDraft(w, definition);
  expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  const fields = res.errors![0].extensions!.fields as { path: string }[];
  expect(fields.map((f) => f.path)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}`)),
    ]),
  );
}

describe('a DISBURSEMENT definition', () => {
  it('that pays out money no COMMITMENT before it committed is refused at save time', async () => {
    await expectProblemAt(
      programme('disbursement-uncommitted', [
        {
          id: 'payments',
          name: 'Payments',
          kind: 'DISBURSEMENT',
          tranches: [{ id: 'single', percent: '100' }],
        },
      ]),
      'definition.procedure.stages[0]',
    );
  });

  it('whose tranche waits for a report only a later stage can file (it could never finish) is refused at save time', async () => {
    await expectProblemAt(
      programme('disbursement-deadlock', [
        { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
        {
          id: 'payments',
          name: 'Payments',
          kind: 'DISBURSEMENT',
          tranches: [
            { id: 'advance', percent: '50' },
            { id: 'rest', percent: '50', afterReport: 'FINAL' },
          ],
        },
        {
          id: 'works',
          name: 'Works',
          kind: 'MONITORING',
          supervisor: 'community',
          reports: ['FINAL'],
        },
      ]),
      'definition.procedure.stages[1].tranches[1].afterReport',
    );
  });

  const tranchesPath = 'definition.procedure.stages[2].branches[0][0].tranches';

  it('whose tranches do not add up to 100%, repeat an id or wait for a report nobody files, is refused at save time', async () => {
    await expectRefusedAtSave(
      w,
      executionProgramme('disbursement-invalid', {
        tranches: [
          { id: 'advance', percent: '50' },
          { id: 'advance', percent: '30', afterReport: 'AUDIT' },
          { id: 'last', percent: '10', afterReport: 'FINAL' },
        ],
      }),
      [
        { path: tranchesPath, message: 'percentages add up to 90, not 100' },
        { path: `${tranchesPath}[1].id`, message: 'tranche id "advance" is used twice' },
        {
          path: `${tranchesPath}[1].afterReport`,
          message: 'no monitoring stage asks for a "AUDIT" report',
        },
      ],
    );
  });
});
