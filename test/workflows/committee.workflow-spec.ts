import {
  act,
  AppView,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  COMMUNITY,
  expectOrderedHistory,
  expectRefused,
  expectRefusedAtSave,
  FEDERAL,
  has,
  indexOf,
  member,
  MUNICIPAL,
  programme,
  publish,
  read,
  recordedEvents,
  seqOf,
  SLOW,
  STATE,
  submit,
  trail,
  waitFor,
  World,
} from './support';
import { mintToken } from '../support/tokens';

// COMMITTEE: seats per party, a quorum and a majority rule; it decides in the transition of
// the vote that settles it (so the decision is recorded after that vote), or at its deadline
// on the votes cast when a quorum voted, else by the definition's expiry path.

let w: World;
const committee = (extra: Record<string, unknown> = {}) => ({
  id: 'covam',
  name: 'COVAM',
  kind: 'COMMITTEE',
  members: [
    { role: 'state', seats: 1 },
    { role: 'municipal', seats: 2 },
    { role: 'federal', seats: 1 },
  ],
  chair: 'federal',
  quorum: 3,
  majority: 'SIMPLE',
  ...extra,
});
const committeeProgramme = (key: string, extra: Record<string, unknown> = {}) =>
  programme(key, [
    committee(extra),
    { id: 'state-review', name: 'State review', kind: 'REVIEW', reviewer: 'state' },
  ]);

type Seat = { org: string; role: string; subject: string };
const SEATS: Seat[] = [
  { org: STATE, role: 'state', subject: 'state-delegate' },
  { org: MUNICIPAL, role: 'municipal', subject: 'mayor' },
  { org: MUNICIPAL, role: 'municipal', subject: 'councillor' },
  { org: FEDERAL, role: 'federal', subject: 'federal-delegate' },
];
const vote = (id: string, seat: Seat, choice: string, stageId = 'covam') =>
  act(
    w,
    'castCommitteeVote',
    {
      applicationId: id,
      stageId,
      role: seat.role,
      vote: choice,
      reason: `${choice} from ${seat.subject}`,
    },
    member(w, seat.org, seat.subject),
  );
const decisionOf = (a: AppView) =>
  indexOf(a, 'COMMITTEE_APPROVED') >= 0
    ? indexOf(a, 'COMMITTEE_APPROVED')
    : indexOf(a, 'COMMITTEE_REJECTED');

/** The decision comes after every vote, in the same transition as the last one, right after it. */
async function expectDecidedByLastVote(id: string): Promise<AppView> {
  const app = await expectOrderedHistory(w, id);
  const decision = decisionOf(app);
  expect(decision).toBeGreaterThan(0);
  const votes = app.history.flatMap((e, i) => (e.kind === 'VOTE' ? [i] : []));
  expect(Math.max(...votes)).toBe(decision - 1);
  const recorded = await recordedEvents(w, id);
  expect(Number(recorded[decision].id)).toBeGreaterThan(Number(recorded[decision - 1].id));
  expect(seqOf(recorded[decision].key)).toBe(seqOf(recorded[decision - 1].key));
  return app;
}

beforeAll(async () => {
  w = await bootWorld();
  await publish(w, committeeProgramme('committee-plain'));
  await publish(w, committeeProgramme('committee-casting', { chairHasCastingVote: true }));
  await publish(
    w,
    committeeProgramme('committee-reject', {
      quorum: 2,
      deadline: { seconds: 6 },
      onExpiry: { outcome: 'REJECT' },
    }),
  );
  await publish(
    w,
    committeeProgramme('committee-approve', {
      quorum: 2,
      deadline: { seconds: 6 },
      onExpiry: { outcome: 'APPROVE' },
    }),
  );
  await publish(
    w,
    programme('committee-voter-role', [
      committee({
        voterRole: 'covam-member',
        members: [
          { role: 'state', seats: 1, voterRole: 'state-delegate' },
          { role: 'municipal', seats: 2 },
          { role: 'federal', seats: 1 },
        ],
      }),
    ]),
  );
  await publish(
    w,
    programme('committee-timeline', [
      committee({ setsDisbursementTimeline: true }),
      { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
      {
        id: 'payments',
        name: 'Payments',
        kind: 'DISBURSEMENT',
        tranches: [{ id: 'single', percent: '100' }],
      },
    ]),
  );
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a COMMITTEE stage', () => {
  it('waits for every seat, then approves in the transition of the last vote, right after it', async () => {
    const id = await submit(w, 'committee-plain');
    const answers = [];
    for (const [seat, choice] of [
      [SEATS[0], 'FOR'],
      [SEATS[1], 'AGAINST'],
      [SEATS[2], 'FOR'],
      [SEATS[3], 'ABSTAIN'],
    ] as const)
      answers.push(await vote(id, seat, choice));
    expect(answers.map((a) => a.outcome)).toEqual(['PENDING', 'PENDING', 'PENDING', 'APPROVED']);
    expect(answers[3]).toMatchObject({ status: 'IN_REVIEW', activeStages: ['state-review'] });
    const app = await expectDecidedByLastVote(id);
    expect(trail(app).slice(2)).toEqual([
      'STAGE_STARTED:covam',
      'VOTE:covam',
      'VOTE:covam',
      'VOTE:covam',
      'VOTE:covam',
      'COMMITTEE_APPROVED:covam',
      'STAGE_COMPLETED:covam',
      'STAGE_STARTED:state-review',
    ]);
    const decision = app.history[decisionOf(app)];
    expect(decision).toMatchObject({
      reason: '2 for, 1 against',
      detail: { state: 'APPROVED', for: 2, against: 1, abstained: 1, recused: 0 },
    });
    expect(
      app.history
        .filter((e) => e.kind === 'VOTE')
        .map((e) => [e.actorRole, e.actorSubject, e.detail.vote]),
    ).toEqual([
      ['state', 'state-delegate', 'FOR'],
      ['municipal', 'mayor', 'AGAINST'],
      ['municipal', 'councillor', 'FOR'],
      ['federal', 'federal-delegate', 'ABSTAIN'],
    ]);
  });

  it('keeps the votes sealed while the committee decides, but from each voter; public once decided', async () => {
    const id = await submit(w, 'committee-plain');
    await vote(id, SEATS[0], 'FOR');
    await vote(id, SEATS[1], 'AGAINST');
    const votesSeenBy = async (token: string | null) =>
      (await read(w, id, token)).history
        .filter((e) => e.kind === 'VOTE')
        .map((e) => [e.actorRole, e.actorSubject, e.reason, e.detail]);
    expect(await votesSeenBy(null)).toEqual([
      ['state', null, null, { sealed: true }],
      ['municipal', null, null, { sealed: true }],
    ]);
    expect(await votesSeenBy(member(w, STATE, 'state-delegate'))).toEqual([
      ['state', 'state-delegate', 'FOR from state-delegate', { vote: 'FOR' }],
      ['municipal', null, null, { sealed: true }],
    ]);
    await vote(id, SEATS[2], 'FOR');
    await vote(id, SEATS[3], 'FOR');
    expect(
      (await votesSeenBy(null)).map(([role, subject, , detail]) => [role, subject, detail]),
    ).toEqual([
      ['state', 'state-delegate', { vote: 'FOR' }],
      ['municipal', 'mayor', { vote: 'AGAINST' }],
      ['municipal', 'councillor', { vote: 'FOR' }],
      ['federal', 'federal-delegate', { vote: 'FOR' }],
    ]);
  });

  it('rejects the application on a majority against, with the tally as the reason', async () => {
    const id = await submit(w, 'committee-plain');
    // Until the last vote either outcome is possible.
    await vote(id, SEATS[0], 'FOR');
    await vote(id, SEATS[1], 'AGAINST');
    await vote(id, SEATS[2], 'ABSTAIN');
    const last = await vote(id, SEATS[3], 'AGAINST');
    expect(last).toMatchObject({ outcome: 'REJECTED', status: 'REJECTED', activeStages: [] });
    const app = await expectDecidedByLastVote(id);
    expect(trail(app).slice(-3)).toEqual([
      'VOTE:covam',
      'COMMITTEE_REJECTED:covam',
      'REJECTED:covam',
    ]);
    expect(app.history.at(-1)!.reason).toBe('1 for, 2 against');
  });

  it('lets the chair break a tie when the rules give a casting vote', async () => {
    const id = await submit(w, 'committee-casting');
    await vote(id, SEATS[3], 'FOR');
    await vote(id, SEATS[0], 'AGAINST');
    await vote(id, SEATS[1], 'AGAINST');
    await vote(id, SEATS[2], 'FOR');
    const app = await expectDecidedByLastVote(id);
    expect(app.history[decisionOf(app)]).toMatchObject({
      kind: 'COMMITTEE_APPROVED',
      reason: "tie broken by the chair's casting vote",
    });
  });

  it('refuses what its validator does not allow, with a typed error, recording nothing', async () => {
    const id = await submit(w, 'committee-plain');
    const input = (role: string, extra: Record<string, unknown> = {}) => ({
      stageId: 'covam',
      role,
      vote: 'FOR',
      reason: 'yes',
      ...extra,
    });
    // Another party's seat.
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('state'),
      member(w, CLUB),
      'FORBIDDEN',
      /acting as "state"/,
    );
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('municipal'),
      member(w, STATE),
      'FORBIDDEN',
    );
    // A party with no seat on this committee may not vote on it, as a party that does not
    // submit documents may not submit them at a DOCUMENT stage.
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('community'),
      member(w, COMMUNITY),
      'FORBIDDEN',
      /no seat/,
    );
    // Malformed: a blank reason, a vote that is not one.
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('state', { reason: ' ' }),
      member(w, STATE),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('state', { vote: 'MAYBE' }),
      member(w, STATE),
      'BAD_USER_INPUT',
    );
    // A committee that does not set timelines.
    await expectRefused(
      w,
      id,
      'setDisbursementTimeline',
      {
        stageId: 'covam',
        entries: [{ role: 'state', trancheId: 'single', dueDate: '2027-01-01' }],
      },
      member(w, FEDERAL),
      'CONFLICT',
      /does not set disbursement timelines/,
    );
    // One vote per person, and no more votes than seats.
    await vote(id, SEATS[1], 'FOR');
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('municipal'),
      member(w, MUNICIPAL, 'mayor'),
      'CONFLICT',
      /already voted/,
    );
    await vote(id, SEATS[2], 'AGAINST');
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('municipal'),
      member(w, MUNICIPAL, 'secretary'),
      'CONFLICT',
      /every seat/,
    );
    await vote(id, SEATS[0], 'FOR');
    await vote(id, SEATS[3], 'FOR');
    // Decided: the stage is closed.
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('state'),
      member(w, STATE, 'someone-else'),
      'CONFLICT',
    );
    await expectDecidedByLastVote(id);
  });

  it('takes a vote only from a token with the role the definition names, for the seat or the committee', async () => {
    const id = await submit(w, 'committee-voter-role');
    const token = (org: string, subject: string, roles: string[]) =>
      mintToken({ sub: subject, org: w.orgs.get(org)!, roles: ['member', ...roles] });
    const input = (role: string) => ({ stageId: 'covam', role, vote: 'FOR', reason: 'yes' });
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('municipal'),
      token(MUNICIPAL, 'mayor', []),
      'FORBIDDEN',
      /only a token with the role "covam-member"/,
    );
    // The seat's own role overrides the committee's.
    await expectRefused(
      w,
      id,
      'castCommitteeVote',
      input('state'),
      token(STATE, 'delegate', ['covam-member']),
      'FORBIDDEN',
      /"state-delegate"/,
    );
    await act(
      w,
      'castCommitteeVote',
      { applicationId: id, ...input('state') },
      token(STATE, 'delegate', ['state-delegate']),
    );
    await act(
      w,
      'castCommitteeVote',
      { applicationId: id, ...input('municipal') },
      token(MUNICIPAL, 'mayor', ['covam-member']),
    );
    const app = await expectOrderedHistory(w, id);
    expect(app.history.filter((e) => e.kind === 'VOTE').map((e) => e.actorSubject)).toEqual([
      'delegate',
      'mayor',
    ]);
  });

  it('decides once, after every vote it counted, when the votes arrive at the same moment (many times)', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => submit(w, 'committee-plain')));
    const answers = await Promise.all(
      ids.map((id, n) =>
        Promise.all(
          SEATS.map((seat, i) =>
            attempt(
              w,
              'castCommitteeVote',
              {
                applicationId: id,
                stageId: 'covam',
                role: seat.role,
                vote: (i + n) % 3 === 0 ? 'AGAINST' : 'FOR',
                reason: 'at once',
              },
              member(w, seat.org, seat.subject),
            ),
          ),
        ),
      ),
    );
    for (const [n, id] of ids.entries()) {
      const app = await expectDecidedByLastVote(id);
      expect(app.history.filter((e) => e.kind.startsWith('COMMITTEE_'))).toHaveLength(1);
      // Every vote is either counted (before the decision) or refused once the committee decided.
      const accepted = answers[n].filter((r) => r.codes.length === 0).length;
      expect(answers[n].filter((r) => r.codes.length > 0).map((r) => r.codes)).toEqual(
        Array(4 - accepted).fill(['CONFLICT']),
      );
      expect(app.history.filter((e) => e.kind === 'VOTE')).toHaveLength(accepted);
    }
  });
});

describe('a COMMITTEE deadline (seconds)', () => {
  it('decides on the votes cast when a quorum voted, else takes the expiry path (REJECT or APPROVE)', async () => {
    const [quorate, recusedShort, silentReject, silentApprove] = await Promise.all([
      submit(w, 'committee-reject'),
      submit(w, 'committee-reject'),
      submit(w, 'committee-reject'),
      submit(w, 'committee-approve'),
    ]);
    // A quorum of two voted (one of them against): the votes decide at the deadline.
    await vote(quorate, SEATS[0], 'FOR');
    await vote(quorate, SEATS[1], 'FOR');
    await vote(quorate, SEATS[3], 'AGAINST');
    // One votes, one recuses: recusals do not count towards the quorum.
    await vote(recusedShort, SEATS[0], 'FOR');
    await vote(recusedShort, SEATS[3], 'RECUSED');

    const decided = await waitFor(w, quorate, has('STAGE_STARTED', 'state-review'), SLOW);
    expect(trail(decided).slice(2)).toEqual([
      'STAGE_STARTED:covam',
      'VOTE:covam',
      'VOTE:covam',
      'VOTE:covam',
      'DEADLINE_EXPIRED:covam',
      'COMMITTEE_APPROVED:covam',
      'STAGE_COMPLETED:covam',
      'STAGE_STARTED:state-review',
    ]);
    expect(decided.history[decisionOf(decided)]).toMatchObject({ reason: '2 for, 1 against' });
    expect(decided.deadlines.map((d) => d.status)).toEqual(['EXPIRED']);
    const recorded = await recordedEvents(w, quorate);
    const d = decisionOf(decided);
    expect(seqOf(recorded[d].key)).toBeGreaterThan(seqOf(recorded[d - 2].key)); // after the last vote's transition
    expect(seqOf(recorded[d].key)).toBe(seqOf(recorded[d - 1].key)); // with the expiry

    for (const id of [recusedShort, silentReject]) {
      const app = await waitFor(w, id, (a) => a.status === 'REJECTED', SLOW);
      expect(trail(app).slice(-2)).toEqual(['DEADLINE_EXPIRED:covam', 'REJECTED:covam']);
      expect(app.history.at(-1)!.reason).toBe('the deadline passed without a decision');
      expect(app.history.some((e) => e.kind.startsWith('COMMITTEE_'))).toBe(false);
      await expectRefused(
        w,
        id,
        'castCommitteeVote',
        { stageId: 'covam', role: 'municipal', vote: 'FOR', reason: 'late' },
        member(w, MUNICIPAL),
        'CONFLICT',
      );
    }

    const approved = await waitFor(w, silentApprove, has('STAGE_STARTED', 'state-review'), SLOW);
    expect(trail(approved).slice(-3)).toEqual([
      'DEADLINE_EXPIRED:covam',
      'STAGE_COMPLETED:covam',
      'STAGE_STARTED:state-review',
    ]);
    expect(approved.history.some((e) => e.kind.startsWith('COMMITTEE_'))).toBe(false);
    for (const id of [quorate, recusedShort, silentReject, silentApprove])
      await expectOrderedHistory(w, id);
  });
});

describe('a COMMITTEE that sets the disbursement timeline', () => {
  const entries = [
    { role: 'state', trancheId: 'single', dueDate: '2026-03-31' },
    { role: 'migrants', trancheId: 'single', dueDate: '2026-02-28' },
  ];
  const timeline = (id: string, list: unknown[], who = FEDERAL) =>
    attempt(
      w,
      'setDisbursementTimeline',
      { applicationId: id, stageId: 'covam', entries: list },
      member(w, who),
    );

  it('refuses a timeline before the committee approved', async () => {
    const id = await submit(w, 'committee-timeline');
    await expectRefused(
      w,
      id,
      'setDisbursementTimeline',
      { stageId: 'covam', entries },
      member(w, FEDERAL),
      'CONFLICT',
    );
  });

  it('approves, then waits for the chair’s timeline, checked entry by entry, before it completes', async () => {
    const id = await submit(w, 'committee-timeline');
    for (const [seat, choice] of [
      [SEATS[0], 'FOR'],
      [SEATS[1], 'AGAINST'],
      [SEATS[2], 'FOR'],
      [SEATS[3], 'FOR'],
    ] as const)
      await vote(id, seat, choice);
    const waiting = await expectOrderedHistory(w, id);
    expect(waiting.activeStages).toEqual(['covam']);
    expect(trail(waiting).at(-1)).toBe('COMMITTEE_APPROVED:covam');

    const bad = (list: unknown[], who = FEDERAL) =>
      expectRefused(
        w,
        id,
        'setDisbursementTimeline',
        { stageId: 'covam', entries: list },
        member(w, who),
        who === FEDERAL ? 'BAD_USER_INPUT' : 'FORBIDDEN',
      );
    await bad(entries, STATE); // not the chair
    await bad([{ role: 'federal', trancheId: 'single', dueDate: '2027-03-31' }]); // not a funder
    await bad([{ role: 'state', trancheId: 'advance', dueDate: '2027-03-31' }]); // no such tranche
    await bad([{ role: 'state', trancheId: 'single', dueDate: '2027-02-30' }]); // no such day
    await bad([{ role: 'state', trancheId: 'single', dueDate: '31/03/2027' }]);
    expect((await timeline(id, [])).codes).toEqual(['BAD_USER_INPUT']);

    const answer = await timeline(id, entries);
    expect(answer.codes).toEqual([]);
    // The answer comes once the step and what followed from it were written: here, everything.
    expect(answer.answer).toMatchObject({ status: 'COMPLETED', activeStages: [] });
    const app = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect(app.disbursementTimeline).toEqual(entries);
    expect(trail(app).slice(7, 10)).toEqual([
      'COMMITTEE_APPROVED:covam',
      'DISBURSEMENT_TIMELINE_SET:covam',
      'STAGE_COMPLETED:covam',
    ]);
    expect(app.history[indexOf(app, 'DISBURSEMENT_TIMELINE_SET')]).toMatchObject({
      actorRole: 'federal',
      detail: { entries },
    });
    await expectOrderedHistory(w, id);
    expect((await timeline(id, entries)).codes).toEqual(['CONFLICT']);
  });

  it('takes one timeline when thirty of the chair’s requests race, each with other dates', async () => {
    const id = await submit(w, 'committee-timeline');
    for (const [seat, choice] of [
      [SEATS[0], 'FOR'],
      [SEATS[1], 'AGAINST'],
      [SEATS[2], 'FOR'],
      [SEATS[3], 'FOR'],
    ] as const)
      await vote(id, seat, choice);
    await waitFor(w, id, (a) => a.history.some((e) => e.kind === 'COMMITTEE_APPROVED'));
    const lists = Array.from({ length: 30 }, (_, i) => [
      { role: 'state', trancheId: 'single', dueDate: `2026-03-${String(i + 1).padStart(2, '0')}` },
      { role: 'migrants', trancheId: 'single', dueDate: '2026-02-28' },
    ]);
    const answers = await Promise.all(lists.map((list) => timeline(id, list)));
    const won = answers.flatMap((a, i) => (a.codes.length === 0 ? [i] : []));
    expect(won).toHaveLength(1);
    expect(new Set(answers.flatMap((a) => a.codes))).toEqual(new Set(['CONFLICT']));
    const app = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect(app.history.filter((e) => e.kind === 'DISBURSEMENT_TIMELINE_SET')).toHaveLength(1);
    expect(app.disbursementTimeline).toEqual(lists[won[0]]);
  });
});

describe('a COMMITTEE definition', () => {
  const invalid = (extra: Record<string, unknown>) =>
    programme('committee-invalid', [committee(extra)]);

  it('with a deadline but no expiry path is refused at save time, with the path of the problem', async () => {
    await expectRefusedAtSave(w, invalid({ deadline: { seconds: 5 } }), [
      {
        path: 'definition.procedure.stages[0].onExpiry',
        message:
          'a deadline needs an expiry path: { outcome: APPROVE | REJECT } or { escalateTo: role }',
      },
    ]);
  });

  it('that escalates, seats a quorum it cannot reach, or has a chair without a seat, is refused at save time', async () => {
    await expectRefusedAtSave(
      w,
      invalid({ deadline: { seconds: 5 }, onExpiry: { escalateTo: 'state' } }),
      [
        {
          path: 'definition.procedure.stages[0].onExpiry.escalateTo',
          message: 'this kind of stage cannot escalate',
        },
      ],
    );
    await expectRefusedAtSave(w, invalid({ quorum: 5, chair: 'migrants' }), [
      {
        path: 'definition.procedure.stages[0].chair',
        message: 'the chair "migrants" must be one of the members',
      },
      { path: 'definition.procedure.stages[0].quorum', message: 'cannot exceed the 4 seats' },
    ]);
  });
});
