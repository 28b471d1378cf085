import {
  act,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  expectOrderedHistory,
  expectRefused,
  expectRefusedAtSave,
  FEDERAL,
  has,
  indexOf,
  member,
  programme,
  publish,
  read,
  sleep,
  SLOW,
  STATE,
  submit,
  trail,
  waitFor,
  World,
} from './support';

// REVIEW: one body decides, with its reason, within a deadline whose expiry approves, rejects
// or escalates the decision to another body.

let w: World;
const review = (extra: Record<string, unknown> = {}) => ({
  id: 'state-review',
  name: 'State review',
  kind: 'REVIEW',
  reviewer: 'state',
  ...extra,
});
const reviewProgramme = (key: string, extra: Record<string, unknown> = {}) =>
  programme(key, [
    { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
    review(extra),
    { id: 'federal-review', name: 'Federal review', kind: 'REVIEW', reviewer: 'federal' },
  ]);
const decide = (
  id: string,
  decision: 'APPROVE' | 'REJECT',
  who: string,
  stageId = 'state-review',
) =>
  act(
    w,
    'decideReview',
    { applicationId: id, stageId, decision, reason: `${decision} by ${who}` },
    member(w, who),
  );

beforeAll(async () => {
  w = await bootWorld();
  await publish(w, reviewProgramme('review-plain'));
  await publish(
    w,
    reviewProgramme('review-approve', {
      deadline: { seconds: 2 },
      onExpiry: { outcome: 'APPROVE' },
    }),
  );
  await publish(
    w,
    reviewProgramme('review-reject', { deadline: { seconds: 2 }, onExpiry: { outcome: 'REJECT' } }),
  );
  await publish(
    w,
    reviewProgramme('review-escalate', {
      deadline: { seconds: 2 },
      onExpiry: { escalateTo: 'federal' },
    }),
  );
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a REVIEW stage', () => {
  it('approves with the reviewer and its reason, and the next stage opens', async () => {
    const id = await submit(w, 'review-plain');
    const answer = await decide(id, 'APPROVE', STATE);
    expect(answer).toMatchObject({
      stageId: 'state-review',
      outcome: 'APPROVE',
      status: 'IN_REVIEW',
      activeStages: ['federal-review'],
    });
    const app = await expectOrderedHistory(w, id);
    expect(trail(app).slice(5)).toEqual([
      'STAGE_STARTED:state-review',
      'REVIEW_APPROVED:state-review',
      'STAGE_COMPLETED:state-review',
      'STAGE_STARTED:federal-review',
    ]);
    expect(app.history[6]).toMatchObject({
      actorRole: 'state',
      actorSubject: `user-of-${STATE}`,
      reason: `APPROVE by ${STATE}`,
    });
    await decide(id, 'APPROVE', FEDERAL, 'federal-review');
    expect((await expectOrderedHistory(w, id)).status).toBe('COMPLETED');
  });

  it('rejects the application with the reviewer’s reason; nothing after it opens', async () => {
    const id = await submit(w, 'review-plain');
    const answer = await decide(id, 'REJECT', STATE);
    expect(answer).toMatchObject({ outcome: 'REJECT', status: 'REJECTED', activeStages: [] });
    const app = await expectOrderedHistory(w, id);
    expect(trail(app).slice(-2)).toEqual(['REVIEW_REJECTED:state-review', 'REJECTED:state-review']);
    expect(app.history.at(-1)!.reason).toBe(`REJECT by ${STATE}`);
    expect(has('STAGE_STARTED', 'federal-review')(app)).toBe(false);
    await expectRefused(
      w,
      id,
      'decideReview',
      { stageId: 'federal-review', decision: 'APPROVE', reason: 'x' },
      member(w, FEDERAL),
      'CONFLICT',
    );
  });

  it('refuses what its validator does not allow, with a typed error, recording nothing', async () => {
    const id = await submit(w, 'review-plain');
    const input = { stageId: 'state-review', decision: 'APPROVE', reason: 'ok' };
    await expectRefused(
      w,
      id,
      'decideReview',
      input,
      member(w, CLUB),
      'FORBIDDEN',
      /acting as "state"/,
    );
    await expectRefused(w, id, 'decideReview', input, member(w, FEDERAL), 'FORBIDDEN');
    await expectRefused(
      w,
      id,
      'decideReview',
      { ...input, reason: '   ' },
      member(w, STATE),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'decideReview',
      { ...input, stageId: 'eligibility' },
      member(w, STATE),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'decideReview',
      { ...input, stageId: 'nowhere' },
      member(w, STATE),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'decideReview',
      { ...input, stageId: 'federal-review' },
      member(w, FEDERAL),
      'CONFLICT',
      /not open now/,
    );
    await expectRefused(
      w,
      id,
      'decideReview',
      { ...input, decision: 'MAYBE' },
      member(w, STATE),
      'BAD_USER_INPUT',
    );
    await decide(id, 'APPROVE', STATE);
    await expectRefused(
      w,
      id,
      'decideReview',
      { ...input, decision: 'REJECT' },
      member(w, STATE),
      'CONFLICT',
      /not open now/,
    );
    await expectOrderedHistory(w, id);
  });
});

const deadlinesClosed = (a: { deadlines: { status: string }[] }) =>
  a.deadlines.every((d) => d.status !== 'OPEN');

describe('a REVIEW deadline (seconds) takes the expiry path of the definition', () => {
  it('APPROVE, REJECT and escalation; a decision in time meets the deadline and the timer changes nothing', async () => {
    const [approveId, rejectId, escalateId, inTimeId] = await Promise.all([
      submit(w, 'review-approve'),
      submit(w, 'review-reject'),
      submit(w, 'review-escalate'),
      submit(w, 'review-reject'),
    ]);
    await decide(inTimeId, 'APPROVE', STATE);

    // APPROVE: the stage completes at its deadline and the next one opens.
    // (History and deadlines are read by separate statements: wait for both to show it.)
    const approved = await waitFor(
      w,
      approveId,
      (a) => has('STAGE_STARTED', 'federal-review')(a) && deadlinesClosed(a),
      SLOW,
    );
    expect(trail(approved).slice(5)).toEqual([
      'STAGE_STARTED:state-review',
      'DEADLINE_EXPIRED:state-review',
      'STAGE_COMPLETED:state-review',
      'STAGE_STARTED:federal-review',
    ]);
    expect(approved.history[6].detail).toEqual({ onExpiry: { outcome: 'APPROVE' } });
    expect(approved.deadlines).toEqual([
      expect.objectContaining({ stageId: 'state-review', status: 'EXPIRED' }),
    ]);
    expect(approved.status).toBe('IN_REVIEW');

    // REJECT: the application ends at the deadline.
    const rejected = await waitFor(
      w,
      rejectId,
      (a) => a.status === 'REJECTED' && deadlinesClosed(a),
      SLOW,
    );
    expect(trail(rejected).slice(-2)).toEqual([
      'DEADLINE_EXPIRED:state-review',
      'REJECTED:state-review',
    ]);
    expect(rejected.history.at(-1)!.reason).toBe('the deadline passed without a decision');
    expect(rejected.deadlines.map((d) => d.status)).toEqual(['EXPIRED']);
    await expectRefused(
      w,
      rejectId,
      'decideReview',
      { stageId: 'state-review', decision: 'APPROVE', reason: 'late' },
      member(w, STATE),
      'CONFLICT',
    );

    // Escalation: the federal body decides now; the state no longer may.
    const escalated = await waitFor(w, escalateId, has('ESCALATED'), SLOW);
    expect(trail(escalated).slice(-2)).toEqual([
      'DEADLINE_EXPIRED:state-review',
      'ESCALATED:state-review',
    ]);
    expect(escalated.history.at(-1)!.detail).toEqual({ to: 'federal' });
    expect(escalated.activeStages).toEqual(['state-review']);
    await expectRefused(
      w,
      escalateId,
      'decideReview',
      { stageId: 'state-review', decision: 'APPROVE', reason: 'late' },
      member(w, STATE),
      'FORBIDDEN',
    );
    await decide(escalateId, 'APPROVE', FEDERAL);
    const afterEscalation = await expectOrderedHistory(w, escalateId);
    expect(afterEscalation.history[indexOf(afterEscalation, 'REVIEW_APPROVED')]).toMatchObject({
      actorRole: 'federal',
    });
    expect(afterEscalation.activeStages).toEqual(['federal-review']);

    // In time: the deadline is met, and its timer, fired since, recorded nothing.
    await sleep(500);
    const inTime = await read(w, inTimeId);
    expect(inTime.deadlines.map((d) => d.status)).toEqual(['MET']);
    expect(inTime.history.some((e) => e.kind === 'DEADLINE_EXPIRED')).toBe(false);
    expect(inTime.activeStages).toEqual(['federal-review']);

    for (const id of [approveId, rejectId, escalateId, inTimeId]) await expectOrderedHistory(w, id);
  });
});

describe('a REVIEW definition', () => {
  const stage = (extra: Record<string, unknown>) => programme('review-invalid', [review(extra)]);

  it('with a deadline but no expiry path is refused at save time, with the path of the problem', async () => {
    await expectRefusedAtSave(w, stage({ deadline: { seconds: 5 } }), [
      {
        path: 'definition.procedure.stages[0].onExpiry',
        message:
          'a deadline needs an expiry path: { outcome: APPROVE | REJECT } or { escalateTo: role }',
      },
    ]);
  });

  it('with an expiry path but no deadline, or escalating to no party, is refused at save time', async () => {
    await expectRefusedAtSave(w, stage({ onExpiry: { outcome: 'REJECT' } }), [
      { path: 'definition.procedure.stages[0].onExpiry', message: 'needs a deadline to expire' },
    ]);
    await expectRefusedAtSave(
      w,
      stage({ deadline: { workingDays: 5 }, onExpiry: { escalateTo: 'senate' } }),
      [
        {
          path: 'definition.procedure.stages[0].onExpiry.escalateTo',
          message: '"senate" is not a party role of this programme',
        },
      ],
    );
    await expectRefusedAtSave(w, stage({ reviewer: 'nobody' }), [
      {
        path: 'definition.procedure.stages[0].reviewer',
        message: '"nobody" is not a party role of this programme',
      },
    ]);
  });
});
