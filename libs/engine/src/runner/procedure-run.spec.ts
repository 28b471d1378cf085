import * as fc from 'fast-check';
import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import type {
  ApplicationWorkflowInput,
  RecordedEvent,
  StepRequest,
  Transition,
} from '../contract/application.contract';
import type { ProgrammeDefinition } from '../definition/programme-definition.schema';
import { validateProgrammeDefinition } from '../definition/validate-programme-definition';
import type { CommitResult } from '../stages/commitment/commitment.kind';
import type { Actor } from '../stages/stage-kind';
import { ProcedureRun, type Timer } from './procedure-run';

// The pure interpreter, without Temporal or a database: a small harness plays the workflow
// (one transition at a time, each effect answered as the projection would) and keeps every
// transition, so the tests read what would have been recorded, in order.

const T0 = Date.parse('2026-03-02T15:00:00Z');
const PARTIES: Record<string, string> = {
  migrants: 'org-club',
  state: 'org-state',
  federal: 'org-federal',
  municipal: 'org-municipal',
  community: 'org-community',
};
const actorOf = (role: string, subject = `user-of-${role}`): Actor => ({
  subject,
  organisationId: PARTIES[role],
  roles: ['member'],
});

function definition(stages: unknown[], funding: Record<string, unknown> = {}): ProgrammeDefinition {
  const result = validateProgrammeDefinition({
    key: 'unit-programme',
    name: 'Unit programme',
    rulesLabel: 'unit rules',
    currency: 'MXN',
    calendar: { country: 'MX' },
    timeZone: 'America/Mexico_City',
    parties: Object.keys(PARTIES).map((role) => ({
      role,
      label: role,
      organisationKinds: ['GOVERNMENT_BODY', 'MIGRANT_CLUB', 'COMMUNITY_COMMITTEE'],
      optional: role !== 'migrants',
    })),
    eligibility: {
      applicantRoles: ['migrants'],
      projectCountries: ['MX'],
      sectors: ['POTABLE_WATER'],
    },
    funding: {
      shares: [
        { role: 'migrants', weight: '1' },
        { role: 'state', weight: '1' },
      ],
      ...funding,
    },
    procedure: { stages },
  });
  if (!result.ok) throw new Error(`invalid test definition: ${JSON.stringify(result.violations)}`);
  return result.definition;
}

const FUNDING: FundingSplit = {
  currency: 'MXN',
  total: '200000.00',
  lines: [
    { role: 'migrants', amount: '100000.00' },
    { role: 'state', amount: '100000.00' },
  ],
};

function inputFor(d: ProgrammeDefinition): ApplicationWorkflowInput {
  return {
    applicationId: 'app-1',
    definition: d,
    parties: PARTIES,
    funding: FUNDING,
    record: {
      programmeId: 'p',
      programmeVersionId: 'pv',
      programmeVersion: 1,
      title: 'Pozo',
      sector: 'POTABLE_WATER',
      applicantId: PARTIES.migrants,
      applicantRole: 'migrants',
      projectJurisdictionId: 'j',
      countryCode: 'MX',
      subdivisionCode: null,
      municipalityCode: null,
      submittedBy: 'user-of-migrants',
      fingerprint: 'f',
      documents: [],
    },
  };
}

/** Plays the workflow around a ProcedureRun: every transition is applied, then absorbed. */
class Harness {
  readonly run: ProcedureRun;
  readonly transitions: Transition[] = [];
  readonly timers: Timer[] = [];
  now = T0;
  /** What the commitment's effect answers. */
  commit: CommitResult = { committed: true };

  constructor(
    readonly d: ProgrammeDefinition,
    features: ConstructorParameters<typeof ProcedureRun>[1] = {},
  ) {
    this.run = new ProcedureRun(inputFor(d), features);
  }

  begin(): this {
    this.record(this.run.begin(actorOf('migrants'), this.now));
    return this;
  }

  /** A step as the workflow takes it: the validator first, then the step. */
  step(
    name: string,
    stageId: string | undefined,
    role: string,
    input: Record<string, unknown>,
    subject?: string,
  ) {
    const req: StepRequest = { stageId, actor: actorOf(role, subject), input };
    const refusal = this.run.validate(name, req, this.now);
    if (refusal) throw new Error(`${name} refused: ${refusal.type} ${refusal.message}`);
    const { transition, reply } = this.run.act(name, req, this.now);
    this.record(transition);
    return reply;
  }

  refusal(
    name: string,
    stageId: string | undefined,
    role: string,
    input: Record<string, unknown>,
    subject?: string,
  ) {
    return this.run.validate(name, { stageId, actor: actorOf(role, subject), input }, this.now);
  }

  /** Time passes; every timer due fires. */
  advance(ms: number): void {
    this.now += ms;
    for (const timer of this.timers.splice(0)) {
      if (Date.parse(timer.at) <= this.now) this.record(this.run.expire(timer.stageId, this.now));
      else this.timers.push(timer);
    }
  }

  /** Applies a transition (and the follow-ups its results make) as the activity would. */
  record(t: Transition | undefined): void {
    while (t) {
      this.transitions.push(t);
      const { timers, next } = this.run.absorb(t, this.results(t), this.now);
      this.timers.push(...timers);
      t = next;
    }
  }

  /** Applies a transition without absorbing its results yet (an activity still running). */
  applyOnly(t: Transition | undefined): Transition | undefined {
    if (t) this.transitions.push(t);
    return t;
  }

  results(t: Transition): unknown[] {
    return t.effects.map((e) => {
      switch (e.type) {
        case 'application.create':
          return { submittedAt: new Date(this.now).toISOString() };
        case 'deadline.open': {
          const deadline = e.deadline as { seconds?: number; at?: string };
          const at =
            deadline.at ??
            new Date(
              Date.parse(e.from as string) + (deadline.seconds ?? 86_400) * 1000,
            ).toISOString();
          return { dueAt: at };
        }
        case 'commitment.commit':
          return this.commit;
        default:
          return null;
      }
    });
  }

  get events(): RecordedEvent[] {
    return this.transitions.flatMap((t) => t.events);
  }
  kinds(stageId?: string): string[] {
    return this.events
      .filter((e) => stageId === undefined || e.stageId === stageId)
      .map((e) => e.kind);
  }
  effects(type: string) {
    return this.transitions.flatMap((t) => t.effects.filter((e) => e.type === type));
  }
}

const review = (id: string, reviewer: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  kind: 'REVIEW',
  reviewer,
  ...extra,
});
const approve = (h: Harness, stageId: string, role: string) =>
  h.step('decideReview', stageId, role, { decision: 'APPROVE', reason: 'ok' });
const reject = (h: Harness, stageId: string, role: string) =>
  h.step('decideReview', stageId, role, { decision: 'REJECT', reason: 'no' });

/** `seq.index` as numbers. */
const keyOf = (e: RecordedEvent): [number, number] =>
  e.key.split('.').map(Number) as [number, number];

/** Every key unique, each naming its transition and its place in it, increasing in record order. */
function expectOrderedKeys(h: Harness): void {
  const keys = h.events.map((e) => e.key);
  expect(new Set(keys).size).toBe(keys.length);
  let last: [number, number] = [0, -1];
  let lastSeq = 0;
  for (const t of h.transitions) {
    expect(t.seq).toBeGreaterThan(lastSeq);
    lastSeq = t.seq;
    t.events.forEach((e, i) => {
      const [seq, index] = keyOf(e);
      expect([seq, index]).toEqual([t.seq, i]);
      expect(seq > last[0] || (seq === last[0] && index > last[1])).toBe(true);
      last = [seq, index];
    });
  }
}

/** Everything the run holds, but the clock it is told at each call. */
function snapshot(run: ProcedureRun): string {
  return JSON.stringify(run, (k, v: unknown) => {
    if (k === 'now') return undefined;
    if (v instanceof Map) return [...v.entries()];
    return v;
  });
}

describe('ProcedureRun: a sequence of stages', () => {
  const d = definition([
    { id: 'check', name: 'Check', kind: 'CHECK' },
    review('state-review', 'state'),
    review('federal-review', 'federal'),
  ]);

  it('records the submission and runs until the first human step, in one transition', () => {
    const h = new Harness(d).begin();
    expect(h.transitions).toHaveLength(1);
    expect(h.transitions[0].effects[0].type).toBe('application.create');
    expect(h.kinds()).toEqual([
      'SUBMITTED',
      'WORKFLOW_STARTED',
      'STAGE_STARTED',
      'CHECK_PASSED',
      'STAGE_COMPLETED',
      'STAGE_STARTED',
    ]);
    expect(h.run.activeStages).toEqual(['state-review']);
    expect(h.run.waitingFor()).toEqual(['state']);
    expect(h.run.submittedAt).toBe(new Date(T0).toISOString());
  });

  it('walks each stage in turn and completes after the last', () => {
    const h = new Harness(d).begin();
    const reply = approve(h, 'state-review', 'state');
    expect(reply).toMatchObject({
      stageId: 'state-review',
      outcome: 'APPROVE',
      activeStages: ['federal-review'],
    });
    expect(h.run.status).toBe('IN_REVIEW');
    approve(h, 'federal-review', 'federal');
    expect(h.run.status).toBe('COMPLETED');
    expect(h.run.closed).toBe(true);
    expect(h.run.activeStages).toEqual([]);
    expect(h.kinds().slice(-4)).toEqual([
      'STAGE_STARTED',
      'REVIEW_APPROVED',
      'STAGE_COMPLETED',
      'COMPLETED',
    ]);
    expect(h.transitions.at(-1)!.projection).toMatchObject({
      status: 'COMPLETED',
      activeStages: [],
    });
    expectOrderedKeys(h);
  });

  it('refuses a step at a stage that is not open yet, or once the application closed', () => {
    const h = new Harness(d).begin();
    expect(
      h.refusal('decideReview', 'federal-review', 'federal', { decision: 'APPROVE', reason: 'x' }),
    ).toMatchObject({
      type: 'CONFLICT',
      message: 'stage "federal-review" is not open now',
    });
    reject(h, 'state-review', 'state');
    expect(h.run.status).toBe('REJECTED');
    expect(
      h.refusal('decideReview', 'federal-review', 'federal', { decision: 'APPROVE', reason: 'x' }),
    ).toMatchObject({
      type: 'CONFLICT',
      message: 'the application is REJECTED',
    });
  });
});

describe('ProcedureRun: PARALLEL', () => {
  const d = definition([
    {
      id: 'both',
      name: 'Both',
      kind: 'PARALLEL',
      branches: [
        [review('state-review', 'state'), review('municipal-review', 'municipal')],
        [review('federal-review', 'federal')],
      ],
    },
    review('final-review', 'state'),
  ]);

  it('starts every branch, and finishes only when the last branch has', () => {
    const h = new Harness(d).begin();
    expect(h.run.activeStages.sort()).toEqual(['federal-review', 'state-review']);
    approve(h, 'federal-review', 'federal');
    expect(h.run.activeStages).toEqual(['state-review']);
    expect(h.kinds('both')).toEqual(['STAGE_STARTED']);
    approve(h, 'state-review', 'state');
    expect(h.run.activeStages).toEqual(['municipal-review']);
    expect(h.kinds('both')).toEqual(['STAGE_STARTED']);
    approve(h, 'municipal-review', 'municipal');
    expect(h.kinds('both')).toEqual(['STAGE_STARTED', 'STAGE_COMPLETED']);
    expect(h.run.activeStages).toEqual(['final-review']);
    // The parallel completes after its last branch's stage, and before the next stage starts.
    const last = h.transitions.at(-1)!.events.map((e) => `${e.kind}:${e.stageId}`);
    expect(last).toEqual([
      'REVIEW_APPROVED:municipal-review',
      'STAGE_COMPLETED:municipal-review',
      'STAGE_COMPLETED:both',
      'STAGE_STARTED:final-review',
    ]);
    approve(h, 'final-review', 'state');
    expect(h.run.status).toBe('COMPLETED');
    expectOrderedKeys(h);
  });

  it('finishes at once when every branch finishes as it starts', () => {
    const h = new Harness(
      definition([
        {
          id: 'checks',
          name: 'Checks',
          kind: 'PARALLEL',
          branches: [
            [{ id: 'a', name: 'A', kind: 'CHECK' }],
            [{ id: 'b', name: 'B', kind: 'CHECK' }],
          ],
        },
      ]),
    ).begin();
    expect(h.run.status).toBe('COMPLETED');
    expect(h.kinds()).toEqual([
      'SUBMITTED',
      'WORKFLOW_STARTED',
      'STAGE_STARTED',
      'STAGE_STARTED',
      'CHECK_PASSED',
      'STAGE_COMPLETED',
      'STAGE_STARTED',
      'CHECK_PASSED',
      'STAGE_COMPLETED',
      'STAGE_COMPLETED',
      'COMPLETED',
    ]);
    expect(h.events.at(-2)!.stageId).toBe('checks');
  });
});

describe('ProcedureRun: rejection', () => {
  const d = definition(
    [
      { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
      {
        id: 'both',
        name: 'Both',
        kind: 'PARALLEL',
        branches: [
          [
            review('state-review', 'state', {
              deadline: { seconds: 60 },
              onExpiry: { outcome: 'REJECT' },
            }),
          ],
          [
            review('federal-review', 'federal', {
              deadline: { seconds: 60 },
              onExpiry: { outcome: 'APPROVE' },
            }),
          ],
        ],
      },
      review('final-review', 'state'),
    ],
    { envelopes: [{ role: 'state', yearlyAmount: '1000000.00' }] },
  );

  it('ends every open stage, closes their deadlines and releases what was committed', () => {
    const h = new Harness(d).begin();
    expect(h.run.status).toBe('APPROVED');
    expect(h.run.activeStages.sort()).toEqual(['federal-review', 'state-review']);
    expect(h.timers.map((t) => t.stageId).sort()).toEqual(['federal-review', 'state-review']);
    reject(h, 'state-review', 'state');
    const last = h.transitions.at(-1)!;
    expect(last.events.map((e) => e.kind)).toEqual(['REVIEW_REJECTED', 'REJECTED']);
    expect(last.events[1]).toMatchObject({ stageId: 'state-review', reason: 'no' });
    // Both deadlines close (the deciding stage's among them), then the money is released.
    expect(last.effects.map((e) => [e.type, e.stageId])).toEqual([
      ['deadline.close', 'state-review'],
      ['deadline.close', 'federal-review'],
      ['application.release', null],
    ]);
    expect(last.effects[1].status).toBe('CLOSED');
    expect(last.effects[2].status).toBe('REJECTED');
    expect(last.effects[2]).toMatchObject({
      key: 'app-1:release',
      envelopeRoles: ['state'],
      round: null,
    });
    expect(h.run.status).toBe('REJECTED');
    expect(h.run.activeStages).toEqual([]);
    expect(last.projection).toMatchObject({ status: 'REJECTED', activeStages: [] });
    // The other branch's deadline passing later changes nothing.
    h.advance(120_000);
    expect(h.transitions.at(-1)).toBe(last);
    expect(
      h.refusal('decideReview', 'federal-review', 'federal', { decision: 'APPROVE', reason: 'x' })
        ?.type,
    ).toBe('CONFLICT');
  });

  it('releases at most once, whatever was committed (the release frees what the ledger holds then)', () => {
    const h = new Harness(definition([review('state-review', 'state')])).begin();
    reject(h, 'state-review', 'state');
    expect(h.effects('application.release').length).toBeLessThanOrEqual(1);
    expect(h.run.status).toBe('REJECTED');
    expect(h.run.activeStages).toEqual([]);
  });

  it('takes the expiry path of a deadline: APPROVE goes on, REJECT ends the application', () => {
    const h = new Harness(d).begin();
    expect(h.run.expire('state-review', h.now + 1_000)).toBeUndefined(); // not due yet
    h.advance(60_000);
    const kinds = h.transitions.slice(-2).map((t) => t.events.map((e) => `${e.kind}:${e.stageId}`));
    // Both timers fire; whichever comes first, the REJECT path ends everything.
    expect(kinds.flat()).toEqual(
      expect.arrayContaining(['DEADLINE_EXPIRED:state-review', 'REJECTED:state-review']),
    );
    expect(h.run.status).toBe('REJECTED');
    expect(h.effects('application.release')).toHaveLength(1);
    expectOrderedKeys(h);
  });
});

describe('ProcedureRun: effects settled by a follow-up transition (commitment)', () => {
  const d = definition([
    { id: 'check', name: 'Check', kind: 'CHECK' },
    { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    review('state-review', 'state'),
  ]);

  it('commits, then goes on in the next transition once the ledger answered', () => {
    const run = new ProcedureRun(inputFor(d));
    const first = run.begin(actorOf('migrants'), T0);
    const commit = first.effects.find((e) => e.type === 'commitment.commit')!;
    expect(commit).toMatchObject({
      stageId: 'commitment',
      key: 'app-1:commitment:commit',
      currency: 'MXN',
    });
    expect(commit).not.toHaveProperty('settles');
    expect(first.events.at(-1)).toMatchObject({ kind: 'STAGE_STARTED', stageId: 'commitment' });
    expect(run.activeStages).toEqual(['commitment']);
    const results = first.effects.map((e) =>
      e.type === 'application.create'
        ? { submittedAt: 'x' }
        : e.type === 'commitment.commit'
          ? { committed: true }
          : null,
    );
    const { next } = run.absorb(first, results, T0);
    expect(next!.seq).toBe(first.seq + 1);
    expect(next!.events.map((e) => `${e.kind}:${e.stageId}`)).toEqual([
      'FUNDING_COMMITTED:commitment',
      'STAGE_COMPLETED:commitment',
      'STAGE_STARTED:state-review',
    ]);
    expect(next!.projection).toMatchObject({ status: 'APPROVED', activeStages: ['state-review'] });
    // Absorbing the follow-up settles nothing more.
    expect(
      run.absorb(
        next!,
        next!.effects.map(() => null),
        T0,
      ),
    ).toEqual({ timers: [], next: undefined });
  });

  it('rejects with the reason when an envelope cannot take the share', () => {
    const h = new Harness(d);
    h.commit = {
      committed: false,
      reason: 'the state envelope for 2026 cannot take 100000.00 MXN more',
    };
    h.begin();
    expect(h.run.status).toBe('REJECTED');
    expect(h.transitions).toHaveLength(2);
    expect(h.transitions[1].events.map((e) => [e.kind, e.reason])).toEqual([
      ['REJECTED', 'the state envelope for 2026 cannot take 100000.00 MXN more'],
    ]);
    expect(h.kinds()).not.toContain('FUNDING_COMMITTED');
    // Nothing was committed: a release, if any, finds nothing to free (the workflow suite
    // proves the ledger and the envelope untouched).
    expect(h.effects('application.release').length).toBeLessThanOrEqual(1);
  });

  it('releases the commitment of an application withdrawn while its commitment is being written', () => {
    // The step that starts the commitment is applied (its activity commits in the ledger);
    // a withdrawal is taken before its result comes back. The withdrawal's transition runs
    // after the commitment's, so it must release what that one committed.
    const h = new Harness(
      definition([
        review('state-review', 'state'),
        { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
        review('final-review', 'state'),
      ]),
    ).begin();
    const req: StepRequest = {
      stageId: 'state-review',
      actor: actorOf('state'),
      input: { decision: 'APPROVE', reason: 'ok' },
    };
    const committing = h.applyOnly(h.run.act('decideReview', req, h.now).transition)!;
    expect(committing.effects.map((e) => e.type)).toContain('commitment.commit');
    const refusal = h.run.validateWithdraw(actorOf('migrants'));
    if (refusal) {
      // Refusing the withdrawal until the commitment is written would do as well.
      expect(refusal.type).toBe('CONFLICT');
      h.record(h.run.absorb(committing, h.results(committing), h.now).next);
      h.record(h.run.withdraw(actorOf('migrants'), 'changed our plans', h.now));
    } else {
      h.applyOnly(h.run.withdraw(actorOf('migrants'), 'changed our plans', h.now));
      h.record(h.run.absorb(committing, h.results(committing), h.now).next);
    }
    expect(h.run.status).toBe('WITHDRAWN');
    // What the commitment's transition committed is released by a transition written after it.
    const releases = h.transitions
      .slice(h.transitions.indexOf(committing) + 1)
      .flatMap((t) => t.effects.filter((e) => e.type === 'application.release'));
    expect(releases).toHaveLength(1);
  });
});

describe('ProcedureRun: a refused step changes nothing', () => {
  const d = definition([
    {
      id: 'committee',
      name: 'Committee',
      kind: 'COMMITTEE',
      members: [
        { role: 'state', seats: 1 },
        { role: 'municipal', seats: 2 },
      ],
      chair: 'state',
      quorum: 2,
      majority: 'SIMPLE',
    },
    review('state-review', 'state'),
  ]);

  it.each([
    ['an unknown step', 'fly', 'committee', 'state', {}, 'BAD_USER_INPUT'],
    [
      'a stage the programme lacks',
      'castVote',
      'nowhere',
      'state',
      { role: 'state', vote: 'FOR', reason: 'x' },
      'BAD_USER_INPUT',
    ],
    [
      'a stage of another kind',
      'decideReview',
      'committee',
      'state',
      { decision: 'APPROVE', reason: 'x' },
      'BAD_USER_INPUT',
    ],
    [
      'a stage not open',
      'decideReview',
      'state-review',
      'state',
      { decision: 'APPROVE', reason: 'x' },
      'CONFLICT',
    ],
    [
      'a seat of another party',
      'castVote',
      'committee',
      'state',
      { role: 'municipal', vote: 'FOR', reason: 'x' },
      'FORBIDDEN',
    ],
    [
      'a blank reason',
      'castVote',
      'committee',
      'state',
      { role: 'state', vote: 'FOR', reason: '  ' },
      'BAD_USER_INPUT',
    ],
    [
      'a second vote by the same person',
      'castVote',
      'committee',
      'municipal',
      { role: 'municipal', vote: 'FOR', reason: 'x' },
      'CONFLICT',
    ],
    [
      'a timeline the committee does not set',
      'setDisbursementTimeline',
      'committee',
      'state',
      { entries: [] },
      'CONFLICT',
    ],
  ])('refuses %s (%s) and leaves the run as it was', (_what, name, stageId, role, input, type) => {
    const h = new Harness(d).begin();
    h.step('castVote', 'committee', 'municipal', { role: 'municipal', vote: 'FOR', reason: 'yes' });
    const before = snapshot(h.run);
    const transitions = h.transitions.length;
    expect(h.refusal(name, stageId, role, input)).toMatchObject({ type });
    expect(snapshot(h.run)).toBe(before);
    // The next accepted step carries on from where the run was, with the next keys.
    h.step('castVote', 'committee', 'state', { role: 'state', vote: 'FOR', reason: 'yes' });
    expect(h.transitions).toHaveLength(transitions + 1);
    expect(h.transitions.at(-1)!.seq).toBe(h.transitions[transitions - 1].seq + 1);
    expectOrderedKeys(h);
  });
});

describe('ProcedureRun: disbursement held back by findings', () => {
  const d = definition([
    { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    {
      id: 'execution',
      name: 'Execution',
      kind: 'PARALLEL',
      branches: [
        [
          {
            id: 'payments',
            name: 'Payments',
            kind: 'DISBURSEMENT',
            tranches: [
              { id: 'advance', percent: '50' },
              { id: 'progress', percent: '30', afterReport: 'PROGRESS' },
              { id: 'completion', percent: '20', afterReport: 'FINAL' },
            ],
          },
        ],
        [
          {
            id: 'works',
            name: 'Works',
            kind: 'MONITORING',
            supervisor: 'community',
            reports: ['PROGRESS', 'FINAL'],
          },
        ],
      ],
    },
  ]);
  type Move = 'report' | 'finding' | 'resolve';
  const play = (h: Harness, move: Move, open: string[]) => {
    if (move === 'report') {
      const r = h.refusal('fileReport', 'works', 'community', { reportType: 'PROGRESS' });
      const reportType = r ? 'FINAL' : 'PROGRESS';
      if (h.refusal('fileReport', 'works', 'community', { reportType })) return;
      h.step('fileReport', 'works', 'community', {
        reportType,
        uri: 'https://x.org/r',
        summary: 's',
      });
    } else if (move === 'finding') {
      if (h.refusal('raiseFinding', 'works', 'community', { description: 'd' })) return;
      open.push(
        h.step('raiseFinding', 'works', 'community', { description: 'cracks' }).reply.findingId,
      );
    } else if (open.length) {
      h.step('resolveFinding', 'works', 'community', {
        findingId: open.shift()!,
        resolution: 'fixed',
      });
    }
  };

  it('never records a tranche while a blocking finding is open, whatever the order of steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Move>('report', 'finding', 'resolve'), { maxLength: 12 }),
        (moves) => {
          const h = new Harness(d).begin();
          const open: string[] = [];
          moves.forEach((m) => play(h, m, open));
          while (open.length) play(h, 'resolve', open);
          play(h, 'report', open);
          play(h, 'report', open);
          let blocking = 0;
          for (const e of h.events) {
            if (e.kind === 'FINDING_RAISED') blocking++;
            if (e.kind === 'FINDING_RESOLVED') blocking--;
            if (e.kind === 'TRANCHE_DISBURSED') expect(blocking).toBe(0);
          }
          const tranches = h.events
            .filter((e) => e.kind === 'TRANCHE_DISBURSED')
            .map((e) => e.detail.trancheId);
          expect(tranches).toEqual(['advance', 'progress', 'completion']);
          expect(h.run.status).toBe('COMPLETED');
          expectOrderedKeys(h);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('ProcedureRun: committee decisions come after the votes that decide them', () => {
  type Majority = 'SIMPLE' | 'TWO_THIRDS' | 'UNANIMITY';
  const committee = fc
    .record({
      seats: fc.tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 2 }),
      ),
      majority: fc.constantFrom<Majority>('SIMPLE', 'TWO_THIRDS', 'UNANIMITY'),
      casting: fc.boolean(),
      quorumShare: fc.double({ min: 0, max: 1, noNaN: true }),
      deadline: fc.boolean(),
    })
    .chain((c) => {
      const total = c.seats[0] + c.seats[1] + c.seats[2];
      return fc.record({
        c: fc.constant(c),
        quorum: fc.constant(Math.max(1, Math.round(c.quorumShare * total))),
        votes: fc.array(fc.constantFrom('FOR', 'AGAINST', 'ABSTAIN', 'RECUSED'), {
          minLength: total,
          maxLength: total,
        }),
        order: fc.shuffledSubarray(
          Array.from({ length: total }, (_, i) => i),
          { minLength: 0, maxLength: total },
        ),
      });
    });

  it('records the decision in the transition of the deciding vote, after it, and takes no vote after it', () => {
    fc.assert(
      fc.property(committee, ({ c, quorum, votes, order }) => {
        const roles = ['state', 'municipal', 'federal'];
        const seats = roles.flatMap((role, r) =>
          Array.from({ length: c.seats[r] }, (_, i) => ({ role, subject: `${role}-${i}` })),
        );
        const h = new Harness(
          definition([
            {
              id: 'committee',
              name: 'Committee',
              kind: 'COMMITTEE',
              members: roles.map((role, r) => ({ role, seats: c.seats[r] })),
              chair: 'state',
              quorum,
              majority: c.majority,
              chairHasCastingVote: c.casting,
              ...(c.deadline ? { deadline: { seconds: 30 }, onExpiry: { outcome: 'REJECT' } } : {}),
            },
          ]),
        ).begin();
        for (const i of order) {
          const input = { role: seats[i].role, vote: votes[i], reason: 'because' };
          if (h.refusal('castVote', 'committee', seats[i].role, input, seats[i].subject)) {
            // Only a decided committee refuses a member who has not voted.
            expect(h.kinds('committee').some((k) => k.startsWith('COMMITTEE_'))).toBe(true);
            continue;
          }
          h.step('castVote', 'committee', seats[i].role, input, seats[i].subject);
        }
        if (c.deadline) h.advance(30_000);
        const events = h.events.filter((e) => e.stageId === 'committee');
        const decisions = events.filter(
          (e) => e.kind === 'COMMITTEE_APPROVED' || e.kind === 'COMMITTEE_REJECTED',
        );
        const voteEvents = events.filter((e) => e.kind === 'VOTE');
        expect(decisions.length).toBeLessThanOrEqual(1);
        if (order.length === seats.length) expect(decisions).toHaveLength(1);
        if (decisions.length === 0) return;
        const decision = decisions[0];
        const [seq] = keyOf(decision);
        const transition = h.transitions.find((t) => t.seq === seq)!;
        const position = (e: RecordedEvent) => h.events.indexOf(e);
        // After every vote …
        for (const v of voteEvents) expect(position(v)).toBeLessThan(position(decision));
        // … and in the same transition as the last one, unless the deadline decided.
        const lastVote = voteEvents.at(-1);
        if (transition.events.some((e) => e.kind === 'DEADLINE_EXPIRED')) {
          expect(transition.events[0].kind).toBe('DEADLINE_EXPIRED');
        } else {
          expect(lastVote && keyOf(lastVote)[0]).toBe(seq);
          expect(transition.events.indexOf(lastVote!)).toBe(
            transition.events.indexOf(decision) - 1,
          );
        }
        expectOrderedKeys(h);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ProcedureRun: tranches and the committee’s dates', () => {
  const d = definition([
    {
      id: 'covam',
      name: 'COVAM',
      kind: 'COMMITTEE',
      members: [
        { role: 'state', seats: 1 },
        { role: 'federal', seats: 1 },
      ],
      chair: 'federal',
      quorum: 2,
      majority: 'SIMPLE',
      setsDisbursementTimeline: true,
    },
    { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    {
      id: 'payments',
      name: 'Payments',
      kind: 'DISBURSEMENT',
      tranches: [
        { id: 'advance', percent: '50' },
        { id: 'rest', percent: '50' },
      ],
    },
  ]);
  // T0 is 09:00 on 2 March 2026 in Mexico City; the club's advance is due on the 4th.
  const approved = (features: { trancheDates?: boolean }) => {
    const h = new Harness(d, features).begin();
    for (const role of ['state', 'federal'])
      h.step('castVote', 'covam', role, { role, vote: 'FOR', reason: 'yes' });
    h.step('setDisbursementTimeline', 'covam', 'federal', {
      entries: [
        { role: 'state', trancheId: 'advance', dueDate: '2026-03-02' },
        { role: 'migrants', trancheId: 'advance', dueDate: '2026-03-04' },
      ],
    });
    return h;
  };
  const tranches = (h: Harness) =>
    h.events.filter((e) => e.kind === 'TRANCHE_DISBURSED').map((e) => e.detail.trancheId);

  it('waits for the last funder’s date of a tranche, on its own calendar, then pays it and what follows', () => {
    const h = approved({ trancheDates: true });
    expect(tranches(h)).toEqual([]);
    expect(h.effects('deadline.open').map((e) => e.deadline)).toEqual([
      { at: '2026-03-04T06:00:00.000Z' },
    ]);
    expect(h.run.status).toBe('IN_EXECUTION');
    h.advance(86_400_000);
    expect(tranches(h)).toEqual([]);
    h.advance(86_400_000);
    expect(tranches(h)).toEqual(['advance', 'rest']);
    expect(h.run.status).toBe('COMPLETED');
    expectOrderedKeys(h);
  });

  it('pays on its conditions alone in a history recorded before the dates were honoured', () => {
    const h = approved({});
    expect(tranches(h)).toEqual(['advance', 'rest']);
    expect(h.effects('deadline.open')).toEqual([]);
  });
});
