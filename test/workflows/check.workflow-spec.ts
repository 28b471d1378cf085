import {
  act,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  expectOrderedHistory,
  expectRefused,
  member,
  programme,
  publish,
  read,
  recordedEvents,
  seqOf,
  STATE,
  submit,
  trail,
  World,
} from './support';

// CHECK: eligibility and the funding formula were judged at the intake; the stage records
// that they passed, in the transition that takes the submission in, and moves on.

let w: World;
beforeAll(async () => {
  w = await bootWorld();
  await publish(
    w,
    programme('check-then-review', [
      { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
      { id: 'state-review', name: 'State review', kind: 'REVIEW', reviewer: 'state' },
    ]),
  );
  await publish(
    w,
    programme('checks-only', [
      { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
      { id: 'rules', name: 'Rules', kind: 'CHECK' },
    ]),
  );
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a CHECK stage', () => {
  it('is recorded as passed in the submission transition, and the next stage opens', async () => {
    const id = await submit(w, 'check-then-review');
    // The submission answers once its first transition is written: nothing to wait for.
    const app = await read(w, id);
    expect(app.status).toBe('IN_REVIEW');
    expect(app.activeStages).toEqual(['state-review']);
    expect(trail(app)).toEqual([
      'SUBMITTED',
      'WORKFLOW_STARTED',
      'STAGE_STARTED:eligibility',
      'CHECK_PASSED:eligibility',
      'STAGE_COMPLETED:eligibility',
      'STAGE_STARTED:state-review',
    ]);
    expect(app.history[3]).toMatchObject({ detail: { rules: 'test rules' }, actorRole: null });
    expect(app.history[0]).toMatchObject({
      actorRole: 'migrants',
      actorSubject: `user-of-${CLUB}`,
    });
    expect((await recordedEvents(w, id)).map((e) => seqOf(e.key))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(app.deadlines).toEqual([]);
    expect(app.ledger).toEqual([]);

    await act(
      w,
      'decideReview',
      { applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'ok' },
      member(w, STATE),
    );
    const done = await expectOrderedHistory(w, id);
    expect(done.status).toBe('COMPLETED');
    expect(trail(done).slice(6)).toEqual([
      'REVIEW_APPROVED:state-review',
      'STAGE_COMPLETED:state-review',
      'COMPLETED',
    ]);
  });

  it('takes no human step', async () => {
    const id = await submit(w, 'check-then-review');
    await expectRefused(
      w,
      id,
      'decideReview',
      { stageId: 'eligibility', decision: 'APPROVE', reason: 'ok' },
      member(w, STATE),
      'BAD_USER_INPUT',
      /stage "eligibility" is a check, not a review/,
    );
    await expectOrderedHistory(w, id);
  });

  it('of a procedure of checks only completes the application at submission; nothing is owed after', async () => {
    const id = await submit(w, 'checks-only');
    const app = await expectOrderedHistory(w, id);
    expect(app.status).toBe('COMPLETED');
    expect(trail(app)).toEqual([
      'SUBMITTED',
      'WORKFLOW_STARTED',
      'STAGE_STARTED:eligibility',
      'CHECK_PASSED:eligibility',
      'STAGE_COMPLETED:eligibility',
      'STAGE_STARTED:rules',
      'CHECK_PASSED:rules',
      'STAGE_COMPLETED:rules',
      'COMPLETED',
    ]);
    expect(app.ledger).toEqual([]);
    await expectRefused(
      w,
      id,
      'withdrawApplication',
      { reason: 'too late' },
      member(w, CLUB),
      'CONFLICT',
    );
    await expectRefused(
      w,
      id,
      'decideReview',
      { stageId: 'rules', decision: 'APPROVE', reason: 'ok' },
      member(w, STATE),
      'CONFLICT',
    );
  });
});
