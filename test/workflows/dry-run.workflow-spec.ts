import { errorCodes, gql } from '../support/graphql-client';
import { mintToken } from '../support/tokens';
import {
  BOOT_TIMEOUT,
  bootWorld,
  designerToken,
  MUNICIPAL,
  programme,
  proposal,
  ROLE_ORGS,
  saveDraft,
  World,
} from './support';

// A dry run: a designer runs a sample application through a draft — what each funder
// would put in, who acts at each stage and when each deadline would fall — and nothing is
// written: no application, no ledger, no workflow.

let w: World;
const KEY = 'dry-run-draft';
const SIMULATE = `query($input: SubmitApplicationInput!) { simulateProgrammeDraft(input: $input) {
  programmeKey version currency totalAmount fundingSplit { role amount }
  parties { role organisationId }
  stages { id kind within actingRoles dueAt localDueAt timeZone calendar } } }`;
type Simulation = {
  programmeKey: string;
  version: number;
  totalAmount: string;
  fundingSplit: { role: string; amount: string }[];
  parties: { role: string; organisationId: string }[];
  stages: {
    id: string;
    kind: string;
    within: string | null;
    actingRoles: string[];
    dueAt: string | null;
    localDueAt: string | null;
    timeZone: string | null;
    calendar: string | null;
  }[];
};
const sample = (extra: Record<string, unknown> = {}) => proposal(w, KEY, extra);
const written = async () =>
  (await w.stack.db.dataSource.query(
    `SELECT (SELECT count(*) FROM application)::int AS applications,
            (SELECT count(*) FROM ledger_posting)::int AS postings`,
  )) as unknown[];

beforeAll(async () => {
  w = await bootWorld();
  const saved = await saveDraft(
    w,
    programme(KEY, [
      {
        id: 'state-review',
        name: 'State review',
        kind: 'REVIEW',
        reviewer: 'state',
        deadline: { workingDays: 10 },
        onExpiry: { outcome: 'REJECT' },
      },
      { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
      {
        id: 'works',
        name: 'Works',
        kind: 'PARALLEL',
        branches: [
          [
            {
              id: 'pay',
              name: 'Pay',
              kind: 'DISBURSEMENT',
              tranches: [{ id: 'all', percent: '100' }],
            },
          ],
          [
            {
              id: 'supervision',
              name: 'Supervision',
              kind: 'MONITORING',
              supervisor: 'community',
              reports: ['PROGRESS_REPORT'],
            },
          ],
        ],
      },
    ]),
  );
  if (saved.errors) throw new Error(JSON.stringify(saved.errors));
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a dry run of a draft', () => {
  it('shows each funder’s share, the parties and each stage’s actors and deadline, writing nothing', async () => {
    const before = await written();
    const res = await gql<{ simulateProgrammeDraft: Simulation }>(
      w.stack.url,
      SIMULATE,
      { input: sample() },
      designerToken(w),
    );
    expect(res.errors).toBeUndefined();
    const run = res.data!.simulateProgrammeDraft;
    expect(run).toMatchObject({ programmeKey: KEY, version: 1, totalAmount: '200000.00' });
    expect(run.fundingSplit).toEqual([
      { role: 'migrants', amount: '100000.00' },
      { role: 'state', amount: '100000.00' },
    ]);
    expect(run.parties).toContainEqual({
      role: 'state',
      organisationId: w.orgs.get(ROLE_ORGS.state),
    });
    const [review, commitment, works, pay, supervision] = run.stages;
    expect(review).toMatchObject({ id: 'state-review', actingRoles: ['state'], within: null });
    // Ten working days of the state's calendar, on its clock.
    expect(Date.parse(review.dueAt!) - Date.now()).toBeGreaterThan(10 * 86_400_000);
    expect(review.localDueAt).toMatch(/T23:59:59\.999-0[56]:00$/);
    expect(review.timeZone).toBe('America/Mexico_City');
    expect(review.calendar).toMatch(/^MX/);
    expect(commitment).toMatchObject({ id: 'commitment', actingRoles: [], dueAt: null });
    expect(works).toMatchObject({ id: 'works', kind: 'PARALLEL' });
    expect(pay).toMatchObject({ id: 'pay', within: 'works' });
    expect(supervision).toMatchObject({ id: 'supervision', kind: 'MONITORING', within: 'works' });
    expect(await written()).toEqual(before);
  });

  it('answers an ineligible sample with every reason, as a submission would be', async () => {
    const res = await gql(
      w.stack.url,
      SIMULATE,
      { input: sample({ sector: 'EDUCATION', totalAmount: '0.00' }) },
      designerToken(w),
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    const paths = (res.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path);
    expect(paths).toContain('input.sector');
  });

  it('is for the programme’s designers only', async () => {
    expect(errorCodes(await gql(w.stack.url, SIMULATE, { input: sample() }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const other = mintToken({
      sub: 'municipal-designer',
      org: w.orgs.get(MUNICIPAL)!,
      roles: ['programme-designer'],
    });
    expect(errorCodes(await gql(w.stack.url, SIMULATE, { input: sample() }, other))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      errorCodes(
        await gql(
          w.stack.url,
          SIMULATE,
          { input: sample({ programmeKey: 'no-such' }) },
          designerToken(w),
        ),
      ),
    ).toEqual(['NOT_FOUND']);
  });
});
