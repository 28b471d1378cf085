import { mintToken } from '../support/tokens';
import { gql } from '../support/graphql-client';
import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  expectRefusedAtSave,
  FEDERAL,
  has,
  ledgerOf,
  member,
  programme,
  publish,
  read,
  STATE,
  submit,
  waitFor,
  World,
} from './support';

// Tranches each funder pays itself (DISBURSEMENT with release: BY_FUNDER): a funder's part
// is released by a person of the funder, never before its date in the committee's timeline
// unless that person holds an early-release role, and — the stage asking for four eyes —
// only once a second person of the funder confirms. A tranche is disbursed when every funder
// with a part in it has paid; the schedule shows which parts were paid late.

let w: World;
const KEY = 'tranches-by-funder';
const person = (organisation: string, sub: string, roles: string[]) =>
  mintToken({ sub, org: w.orgs.get(organisation)!, roles });
const clerk = (org: string) => person(org, `clerk-of-${org}`, ['member']);
const manager = (org: string) => person(org, `manager-of-${org}`, ['member', 'org-admin']);
const director = (org: string) => person(org, `director-of-${org}`, ['member', 'org-admin']);

const disbursement = (extra: Record<string, unknown> = {}) => ({
  id: 'payments',
  name: 'Payments',
  kind: 'DISBURSEMENT',
  tranches: [
    { id: 'advance', percent: '60' },
    { id: 'final', percent: '40' },
  ],
  ...extra,
});
const definition = () =>
  programme(KEY, [
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
    disbursement({
      release: 'BY_FUNDER',
      earlyReleaseRoles: ['org-admin'],
      fourEyes: { approverRoles: ['org-admin'] },
    }),
  ]);
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const SCHEDULE = `query($id: ID!) { application(id: $id) { waitingFor
  disbursementSchedule { role trancheId dueDate releasedOn late } } }`;
async function schedule(id: string) {
  const res = await gql<{
    application: {
      waitingFor: string[];
      disbursementSchedule: {
        role: string;
        trancheId: string;
        dueDate: string;
        releasedOn: string | null;
        late: boolean;
      }[];
    };
  }>(w.stack.url, SCHEDULE, { id });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.application;
}

beforeAll(async () => {
  w = await bootWorld();
  await publish(w, definition());
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('tranches each funder releases', () => {
  it('pays each part on the funder’s word and a second person’s, not before its date but by an early-release role, and shows what was late', async () => {
    const id = await submit(w, KEY);
    for (const [org, role] of [
      [STATE, 'state'],
      [FEDERAL, 'federal'],
    ])
      await act(
        w,
        'castCommitteeVote',
        { applicationId: id, stageId: 'covam', role, vote: 'FOR', reason: 'sound project' },
        member(w, org),
      );
    await act(
      w,
      'setDisbursementTimeline',
      {
        applicationId: id,
        stageId: 'covam',
        entries: [
          { role: 'state', trancheId: 'advance', dueDate: day(-5) },
          { role: 'state', trancheId: 'final', dueDate: day(30) },
          { role: 'migrants', trancheId: 'final', dueDate: day(30) },
        ],
      },
      member(w, FEDERAL),
    );
    await waitFor(w, id, (a) => a.activeStages.includes('payments'));
    // Nothing is paid by itself; both funders may pay their advance now.
    expect(ledgerOf(await read(w, id))).toEqual({ migrants: [100000, 0], state: [100000, 0] });
    expect((await schedule(id)).waitingFor.sort()).toEqual(['migrants', 'state']);

    const release = (trancheId: string, role: string, reference: string) => ({
      applicationId: id,
      stageId: 'payments',
      trancheId,
      role,
      reference,
    });
    // In order, and only by the funder itself.
    expect(
      await attempt(w, 'releaseTranche', release('final', 'state', 'S-2'), clerk(STATE)),
    ).toMatchObject({
      codes: ['CONFLICT'],
      message: expect.stringMatching(/pays tranche "advance" first/),
    });
    expect(
      (await attempt(w, 'releaseTranche', release('advance', 'state', 'S-1'), clerk(CLUB))).codes,
    ).toEqual(['FORBIDDEN']);

    // The state's clerk proposes its advance; a manager of the state confirms it.
    const proposed = await act(
      w,
      'releaseTranche',
      release('advance', 'state', 'S-1'),
      clerk(STATE),
    );
    expect(proposed.outcome).toBe('PENDING_CONFIRMATION');
    expect(ledgerOf(await read(w, id)).state).toEqual([100000, 0]);
    const confirm = { applicationId: id, stageId: 'payments', reference: 'S-1' };
    expect((await attempt(w, 'confirmMoneyStep', confirm, clerk(STATE))).codes).toEqual([
      'FORBIDDEN',
    ]);
    expect((await attempt(w, 'confirmMoneyStep', confirm, manager(CLUB))).codes).toEqual([
      'FORBIDDEN',
    ]);
    await act(w, 'confirmMoneyStep', confirm, manager(STATE));
    let app = await waitFor(w, id, (a) => ledgerOf(a).state[1] === 60000);
    expect(app.history.some((e) => e.kind === 'TRANCHE_DISBURSED')).toBe(false);
    expect((await schedule(id)).waitingFor).toEqual(['migrants']);

    // The club's advance has no date: its clerk and manager pay it, and the tranche is disbursed.
    await act(w, 'releaseTranche', release('advance', 'migrants', 'C-1'), clerk(CLUB));
    await act(
      w,
      'confirmMoneyStep',
      { applicationId: id, stageId: 'payments', reference: 'C-1' },
      manager(CLUB),
    );
    app = await waitFor(w, id, has('TRANCHE_DISBURSED', 'payments'));
    expect(ledgerOf(app)).toEqual({ migrants: [40000, 60000], state: [40000, 60000] });
    expect(
      app.history.filter((e) => e.kind === 'TRANCHE_RELEASED').map((e) => e.actorRole),
    ).toEqual(['state', 'migrants']);

    // The final tranche is due in a month: a clerk cannot release it early, a manager can.
    expect(
      await attempt(w, 'releaseTranche', release('final', 'state', 'S-2'), clerk(STATE)),
    ).toMatchObject({
      codes: ['CONFLICT'],
      message: expect.stringMatching(/due on .*only a person with the role org-admin/),
    });
    expect((await schedule(id)).waitingFor).toEqual([]);
    for (const [org, role, reference] of [
      [STATE, 'state', 'S-2'],
      [CLUB, 'migrants', 'C-2'],
    ]) {
      await act(w, 'releaseTranche', release('final', role, reference), manager(org));
      await act(
        w,
        'confirmMoneyStep',
        { applicationId: id, stageId: 'payments', reference },
        director(org),
      );
    }
    app = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect(ledgerOf(app)).toEqual({ migrants: [0, 100000], state: [0, 100000] });
    const early = app.history.filter(
      (e) => e.kind === 'TRANCHE_RELEASED' && e.detail.trancheId === 'final',
    );
    expect(early.map((e) => e.detail.early)).toEqual([true, true]);
    expect(
      app.history.filter((e) => e.kind === 'STEP_CONFIRMED').map((e) => e.actorSubject),
    ).toEqual([
      `manager-of-${STATE}`,
      `manager-of-${CLUB}`,
      `director-of-${STATE}`,
      `director-of-${CLUB}`,
    ]);

    // The state paid its advance after its date: late; the final parts were early.
    const rows = (await schedule(id)).disbursementSchedule;
    expect(rows.map((r) => [r.role, r.trancheId, r.late, r.releasedOn !== null])).toEqual([
      ['state', 'advance', true, true],
      ['state', 'final', false, true],
      ['migrants', 'final', false, true],
    ]);
    // A release asked of a finished stage is refused.
    expect(
      (await attempt(w, 'releaseTranche', release('final', 'state', 'S-3'), manager(STATE))).codes,
    ).toEqual(['CONFLICT']);
  });

  it('refuses early-release roles and four eyes on a stage that pays its tranches by itself', async () => {
    await expectRefusedAtSave(
      w,
      programme('tranches-confused', [
        { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
        disbursement({
          earlyReleaseRoles: ['org-admin'],
          fourEyes: { approverRoles: ['org-admin'] },
        }),
      ]),
      [
        {
          path: 'definition.procedure.stages[1].earlyReleaseRoles',
          message: /release: BY_FUNDER/,
        },
        { path: 'definition.procedure.stages[1].fourEyes', message: /release: BY_FUNDER/ },
      ],
    );
  });
});
