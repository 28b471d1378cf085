import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
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
/** Runs a command from the project's root; rejects with its exit code and output. */
const run = (
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; args: string[] },
): Promise<{ stdout: string; stderr: string }> =>
  new Promise((resolve, reject) =>
    execFile(
      command,
      [...args, ...options.args],
      { cwd: join(__dirname, '..', '..'), env: options.env },
      (error, stdout, stderr) =>
        error ? reject({ code: error.code, stdout, stderr }) : resolve({ stdout, stderr }),
    ),
  );
const written = async () =>
  (await w.stack.db.dataSource.query(
    `SELECT (SELECT count(*) FROM application)::int AS applications,
            (SELECT count(*) FROM ledger_posting)::int AS postings`,
  )) as unknown[];

const draft = () =>
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
  ]);

beforeAll(async () => {
  w = await bootWorld();
  const saved = await saveDraft(w, draft());
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

  it('runs from the command line: the file saved as the draft, the sample run through it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codev-simulate-'));
    writeFileSync(join(dir, 'programme.yaml'), stringify(draft()));
    writeFileSync(
      join(dir, 'sample.json'),
      JSON.stringify({ ...sample(), programmeKey: undefined }),
    );
    const { stdout } = await run(
      'node',
      ['scripts/simulate.mjs', join(dir, 'programme.yaml'), join(dir, 'sample.json')],
      { env: { ...process.env, CODEV_TOKEN: designerToken(w) }, args: ['--api', w.stack.url] },
    );
    expect(stdout).toContain(`Saved ${KEY} as draft version 1.`);
    expect(stdout).toMatch(/state\s+100000\.00 MXN/);
    expect(stdout).toMatch(
      /state-review \(REVIEW\) {2}acts: state {2}due \d{4}-\d\d-\d\dT23:59:59\.999/,
    );
    expect(stdout).toContain('    pay (DISBURSEMENT)');
    const refused = await run(
      'node',
      ['scripts/simulate.mjs', join(dir, 'programme.yaml'), join(dir, 'sample.json')],
      { env: { ...process.env, CODEV_TOKEN: 'not-a-token' }, args: ['--api', w.stack.url] },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^UNAUTHENTICATED/) });
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
