import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  COMMUNITY,
  disbursementsInLedger,
  executionProgramme,
  expectOrderedHistory,
  expectRefused,
  fileReport,
  indexOf,
  ledgerOf,
  member,
  publish,
  raiseFinding,
  read,
  recordedEvents,
  resolveFinding,
  seqOf,
  STATE,
  submit,
  trail,
  tranchesOf,
  waitFor,
  World,
} from './support';

// MONITORING: the supervising body files its reports in order and raises findings; open
// findings hold back every later tranche (unless the programme says they do not) and keep the
// stage open until they are resolved.

let w: World;
beforeAll(async () => {
  w = await bootWorld();
  await publish(w, executionProgramme('monitoring-blocking'));
  await publish(w, executionProgramme('monitoring-not-blocking', { findingsBlock: false }));
  await publish(
    w,
    executionProgramme('monitoring-beneficiary', {
      reports: ['PROGRESS', { type: 'FINAL', filedBy: 'migrants' }],
    }),
  );
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

const report = (reportType: string, extra: Record<string, unknown> = {}) => ({
  stageId: 'works',
  reportType,
  uri: `https://docs.example.org/${reportType}.pdf`,
  summary: 'works on schedule',
  ...extra,
});

describe('a MONITORING stage', () => {
  it('takes the reports in order from its supervisor only, and refuses what it does not allow, recording nothing', async () => {
    const id = await submit(w, 'monitoring-blocking');
    const community = member(w, COMMUNITY);
    await expectRefused(
      w,
      id,
      'fileMonitoringReport',
      report('FINAL'),
      community,
      'CONFLICT',
      /the next report due is PROGRESS/,
    );
    await expectRefused(
      w,
      id,
      'fileMonitoringReport',
      report('PROGRESS'),
      member(w, STATE),
      'FORBIDDEN',
      /acting as "community"/,
    );
    await expectRefused(
      w,
      id,
      'fileMonitoringReport',
      report('PROGRESS'),
      member(w, CLUB),
      'FORBIDDEN',
    );
    await expectRefused(
      w,
      id,
      'fileMonitoringReport',
      report('progress'),
      community,
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'fileMonitoringReport',
      report('PROGRESS', { summary: ' ' }),
      community,
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'raiseFinding',
      { stageId: 'works', description: ' ' },
      community,
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'raiseFinding',
      { stageId: 'works', description: 'd' },
      member(w, STATE),
      'FORBIDDEN',
    );
    await expectRefused(
      w,
      id,
      'resolveFinding',
      { stageId: 'works', findingId: 'finding-1', resolution: 'r' },
      community,
      'CONFLICT',
      /no open finding/,
    );

    const raised = await raiseFinding(w, id);
    expect(raised.findingId).toBe('finding-1');
    await expectRefused(
      w,
      id,
      'resolveFinding',
      { stageId: 'works', findingId: 'finding-1', resolution: 'r' },
      member(w, STATE),
      'FORBIDDEN',
    );
    await resolveFinding(w, id, 'finding-1');
    await expectRefused(
      w,
      id,
      'resolveFinding',
      { stageId: 'works', findingId: 'finding-1', resolution: 'again' },
      community,
      'CONFLICT',
      /no open finding/,
    );

    await fileReport(w, id, 'PROGRESS');
    await expectRefused(
      w,
      id,
      'fileMonitoringReport',
      report('PROGRESS'),
      community,
      'CONFLICT',
      /the next report due is FINAL/,
    );
    await fileReport(w, id, 'FINAL');
    // Every report filed, no finding open: the stage and the application are done.
    await expectRefused(
      w,
      id,
      'raiseFinding',
      { stageId: 'works', description: 'late' },
      community,
      'CONFLICT',
    );
    const app = await expectOrderedHistory(w, id);
    expect(app.status).toBe('COMPLETED');
    expect(
      app.history.filter((e) => e.stageId === 'works').map((e) => [e.kind, e.actorRole, e.reason]),
    ).toEqual([
      ['STAGE_STARTED', null, null],
      ['FINDING_RAISED', 'community', 'the tank leaks'],
      ['FINDING_RESOLVED', 'community', 'repaired'],
      ['REPORT_FILED', 'community', 'PROGRESS report'],
      ['REPORT_FILED', 'community', 'FINAL report'],
      ['STAGE_COMPLETED', null, null],
    ]);
  });

  it('takes the report the definition expects from the beneficiary, which the supervisor accepts or returns', async () => {
    const id = await submit(w, 'monitoring-beneficiary');
    await fileReport(w, id, 'PROGRESS');
    const final = (summary: string) => report('FINAL', { applicationId: id, summary });
    // The club's own report: not the supervisor's to file.
    await expectRefused(
      w,
      id,
      'fileMonitoringReport',
      final('x'),
      member(w, COMMUNITY),
      'FORBIDDEN',
    );
    await act(w, 'fileMonitoringReport', final('works finished'), member(w, CLUB));
    let app = await read(w, id);
    expect(tranchesOf(app)).toEqual(['advance', 'progress']);
    expect(
      (await attempt(w, 'fileMonitoringReport', final('again'), member(w, CLUB))).message,
    ).toMatch(/awaits the supervisor's acceptance/);
    const decide = (decision: string, reason: string) =>
      act(
        w,
        'acceptMonitoringReport',
        { applicationId: id, stageId: 'works', reportType: 'FINAL', decision, reason },
        member(w, COMMUNITY),
      );
    expect(
      (
        await attempt(
          w,
          'acceptMonitoringReport',
          {
            applicationId: id,
            stageId: 'works',
            reportType: 'FINAL',
            decision: 'ACCEPT',
            reason: 'ok',
          },
          member(w, CLUB),
        )
      ).codes,
    ).toEqual(['FORBIDDEN']);
    await decide('RETURN', 'the photographs of the tank are missing');
    await act(w, 'fileMonitoringReport', final('with photographs'), member(w, CLUB));
    await decide('ACCEPT', 'complete');
    app = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect(tranchesOf(app)).toEqual(['advance', 'progress', 'completion']);
    expect(
      app.history
        .filter((e) => e.stageId === 'works' && e.kind.startsWith('REPORT_'))
        .map((e) => [e.kind, e.actorRole, e.reason]),
    ).toEqual([
      ['REPORT_FILED', 'community', 'PROGRESS report'],
      ['REPORT_FILED', 'migrants', 'works finished'],
      ['REPORT_RETURNED', 'community', 'the photographs of the tank are missing'],
      ['REPORT_FILED', 'migrants', 'with photographs'],
      ['REPORT_ACCEPTED', 'community', 'complete'],
    ]);
  });

  it('holds back tranches while a finding is open; the last one resolved releases them in its transition', async () => {
    const id = await submit(w, 'monitoring-blocking');
    const first = (await raiseFinding(w, id, 'no fence around the tank')).findingId!;
    const second = (await raiseFinding(w, id, 'pipes not buried')).findingId!;
    expect([first, second]).toEqual(['finding-1', 'finding-2']);
    await fileReport(w, id, 'PROGRESS');
    let app = await read(w, id);
    expect(tranchesOf(app)).toEqual(['advance']);
    expect(ledgerOf(app)).toEqual({ migrants: [50000, 50000], state: [50000, 50000] });

    await resolveFinding(w, id, first);
    app = await read(w, id);
    expect(tranchesOf(app)).toEqual(['advance']);
    await resolveFinding(w, id, second);
    app = await read(w, id);
    expect(trail(app).slice(-2)).toEqual(['FINDING_RESOLVED:works', 'TRANCHE_DISBURSED:payments']);
    const recorded = await recordedEvents(w, id);
    expect(seqOf(recorded.at(-1)!.key)).toBe(seqOf(recorded.at(-2)!.key));
    expect(ledgerOf(app)).toEqual({ migrants: [20000, 80000], state: [20000, 80000] });

    // A finding raised after the report holds back the next tranche too.
    const third = (await raiseFinding(w, id)).findingId!;
    await fileReport(w, id, 'FINAL');
    app = await read(w, id);
    expect(tranchesOf(app)).toEqual(['advance', 'progress']);
    expect(app.activeStages.sort()).toEqual(['payments', 'works']);
    await resolveFinding(w, id, third);
    app = await expectOrderedHistory(w, id);
    expect(app.status).toBe('COMPLETED');
    expect(tranchesOf(app)).toEqual(['advance', 'progress', 'completion']);
    expect((await disbursementsInLedger(w, id)).sort()).toEqual([
      'advance',
      'completion',
      'progress',
    ]);
  });

  it('where findings do not block, pays on the reports but stays open until every finding is resolved', async () => {
    const id = await submit(w, 'monitoring-not-blocking');
    const finding = (await raiseFinding(w, id)).findingId!;
    await fileReport(w, id, 'PROGRESS');
    await fileReport(w, id, 'FINAL');
    let app = await read(w, id);
    expect(tranchesOf(app)).toEqual(['advance', 'progress', 'completion']);
    expect(app.status).toBe('IN_EXECUTION');
    expect(app.activeStages).toEqual(['works']);
    await resolveFinding(w, id, finding);
    app = await expectOrderedHistory(w, id, { findingsBlock: false });
    expect(trail(app).slice(-4)).toEqual([
      'FINDING_RESOLVED:works',
      'STAGE_COMPLETED:works',
      'STAGE_COMPLETED:execution',
      'COMPLETED',
    ]);
  });
});

describe('no tranche is released while a blocking finding is open', () => {
  it('when the report that unlocks a tranche and a finding arrive at the same moment (many times)', async () => {
    const ids = await Promise.all(
      Array.from({ length: 10 }, () => submit(w, 'monitoring-blocking')),
    );
    const raced = await Promise.all(
      ids.map((id, n) => {
        const r = () =>
          attempt(
            w,
            'fileMonitoringReport',
            { applicationId: id, ...report('PROGRESS') },
            member(w, COMMUNITY),
          );
        const f = () =>
          attempt(
            w,
            'raiseFinding',
            { applicationId: id, stageId: 'works', description: 'found at once' },
            member(w, COMMUNITY),
          );
        return n % 2 ? Promise.all([r(), f()]) : Promise.all([f(), r()]).then(([a, b]) => [b, a]);
      }),
    );
    for (const [reported, raised] of raced) {
      expect(reported.codes).toEqual([]);
      expect(raised.codes).toEqual([]);
    }
    const outcomes = { releasedFirst: 0, heldBack: 0 };
    for (const id of ids) {
      const app = await expectOrderedHistory(w, id);
      const raisedAt = indexOf(app, 'FINDING_RAISED');
      const paidAt = indexOf(app, 'TRANCHE_DISBURSED', (e) => e.detail.trancheId === 'progress');
      expect(raisedAt).toBeGreaterThan(0);
      expect((await disbursementsInLedger(w, id)).sort()).toEqual(tranchesOf(app).sort());
      if (paidAt >= 0) {
        // Released before the finding was raised: in the report's transition, before it.
        outcomes.releasedFirst++;
        expect(paidAt).toBeLessThan(raisedAt);
        expect(ledgerOf(app).state).toEqual([20000, 80000]);
        continue;
      }
      // Held back until the finding is resolved, and released in that transition.
      outcomes.heldBack++;
      expect(ledgerOf(app).state).toEqual([50000, 50000]);
      await resolveFinding(w, id, 'finding-1');
      const resolved = await waitFor(w, id, (a) => tranchesOf(a).includes('progress'));
      expect(indexOf(resolved, 'TRANCHE_DISBURSED', (e) => e.detail.trancheId === 'progress')).toBe(
        indexOf(resolved, 'FINDING_RESOLVED') + 1,
      );
      await expectOrderedHistory(w, id);
    }
    expect(outcomes.releasedFirst + outcomes.heldBack).toBe(ids.length);
  });
});
