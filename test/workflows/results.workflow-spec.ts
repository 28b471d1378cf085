import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { errorCodes, gql } from '../support/graphql-client';
import { mintToken } from '../support/tokens';
import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  COMMUNITY,
  DELEGATION,
  executionProgramme,
  has,
  member,
  MUNICIPAL,
  programme,
  proposal,
  publish,
  submit,
  waitFor,
  World,
} from './support';

// Targeting and results: jurisdictions carry published indicators that restrict eligibility
// and raise a funder's share; projects declare indicators (baseline, target), monitoring
// reports and a post-handover evaluation record actuals, and the programme's results, the
// IATI file and the evaluation figures show them.

let w: World;
const RESULTS = 'results-water';
const TARGETED = 'results-targeted';
const ADMIN = mintToken({ sub: 'indicator-loader', roles: ['platform-admin'] });
const VALIDATE = join(__dirname, '..', '..', 'scripts', 'iati-validate.mjs');

const RECORD = `mutation($i: RecordJurisdictionIndicatorsInput!) { recordJurisdictionIndicators(input: $i) }`;
const recordIndex = (year: number, value: string) =>
  gql(
    w.stack.url,
    RECORD,
    {
      i: {
        indicator: 'marginalisation-index',
        year,
        source: `CONAPO ${year} (test)`,
        values: [{ jurisdictionCode: 'MX-ZAC-020', value }],
      },
    },
    ADMIN,
  );

const water = {
  POTABLE_WATER: {
    // The programme's own mapping (the shared list maps drinking water to 14031).
    dacPurpose: '14030',
    indicators: [
      {
        code: 'households-served',
        label: 'Households with piped water',
        unit: 'households',
        baseline: '0',
      },
      { code: 'water-points', label: 'Public taps', unit: 'taps', baseline: '0', target: '12' },
    ],
  },
};

beforeAll(async () => {
  w = await bootWorld();
  const results = executionProgramme(RESULTS, {
    reports: [{ type: 'PROGRESS', filedBy: 'migrants' }, 'FINAL'],
    after: [
      {
        id: 'handover',
        name: 'Handover',
        kind: 'HANDOVER',
        certifiedBy: 'municipal',
        commitments: [{ role: 'municipal', text: 'operate the network' }],
        plaque: '{{project}} {{year}}',
      },
      {
        id: 'evaluation',
        name: 'Ex-post evaluation',
        kind: 'EVALUATION',
        reviewer: 'delegation',
        dueAfter: { seconds: 6 },
      },
    ],
  });
  await publish(w, { ...results, projectTypes: water });
  const targeted = programme(TARGETED, [{ id: 'eligibility', name: 'Eligibility', kind: 'CHECK' }]);
  (targeted.eligibility as Record<string, unknown>).indicators = [
    { indicator: 'marginalisation-index', atLeast: '-1' },
  ];
  (targeted.funding as { shares: Record<string, unknown>[] }).shares[1].weightWhere = [
    { indicator: 'marginalisation-index', atLeast: '0.5', weight: '3' },
  ];
  await publish(w, targeted);
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('targeting by indicators of places', () => {
  it('restricts eligibility and raises a share by the latest published value of the project’s place', async () => {
    // The demo's 2005 index for Jerez (-0.87) is within the bound; a later, lower release is not.
    const place = await gql<{ jurisdiction: { indicators: { year: number; value: string }[] } }>(
      w.stack.url,
      `{ jurisdiction(code: "MX-ZAC-020") { indicators { indicator year value source } } }`,
    );
    expect(place.data!.jurisdiction.indicators).toContainEqual(
      expect.objectContaining({ year: 2005, value: '-0.87' }),
    );
    expect(errorCodes(await recordIndex(2010, '-1.2'))).toEqual([]);
    const refused = await gql(
      w.stack.url,
      `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
      { input: proposal(w, TARGETED) },
      member(w, CLUB),
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].extensions!.fields).toContainEqual({
      path: 'input.projectJurisdictionCode',
      message:
        'projects must be where marginalisation-index at least -1; found -1.2 (CONAPO 2010 (test), 2010, for MX-ZAC-020)',
    });

    // A corrected 2010 release: eligible, and the state's weight rises from 1 to 3.
    expect(errorCodes(await recordIndex(2010, '0.8'))).toEqual([]);
    const id = await submit(w, TARGETED);
    const [row] = (await w.stack.db.dataSource.query(
      `SELECT funding_split FROM application WHERE id = $1`,
      [id],
    )) as { funding_split: { lines: { role: string; amount: string }[] } }[];
    expect(row.funding_split.lines.map((l) => [l.role, l.amount])).toEqual([
      ['migrants', '50000.00'],
      ['state', '150000.00'],
    ]);
  });

  it('refuses a file naming an unknown place whole, and loading needs an administrator', async () => {
    const bad = await gql(
      w.stack.url,
      RECORD,
      {
        i: {
          indicator: 'poverty-rate',
          year: 2010,
          source: 'test',
          values: [
            { jurisdictionCode: 'MX-ZAC', value: '40.1' },
            { jurisdictionCode: 'MX-ZAC-999', value: '50' },
          ],
        },
      },
      ADMIN,
    );
    expect(bad.errors![0].extensions!.fields).toEqual([
      { path: 'input.values[1].jurisdictionCode', message: 'no jurisdiction has code MX-ZAC-999' },
    ]);
    expect(
      await w.stack.db.dataSource.query(
        `SELECT 1 FROM jurisdiction_indicator WHERE indicator = 'poverty-rate'`,
      ),
    ).toEqual([]);
    const member_ = await gql(
      w.stack.url,
      RECORD,
      {
        i: {
          indicator: 'x',
          year: 2010,
          source: 's',
          values: [{ jurisdictionCode: 'MX', value: '1' }],
        },
      },
      member(w, CLUB),
    );
    expect(errorCodes(member_)).toEqual(['FORBIDDEN']);
  });
});

describe('results: indicators, actuals and the post-handover evaluation', () => {
  it('refuses a project that states no target for an indicator of its type, or one its type lacks', async () => {
    const res = await gql(
      w.stack.url,
      `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
      {
        input: proposal(w, RESULTS, {
          indicators: [{ indicator: 'kilometres-paved', baseline: '0', target: '3' }],
        }),
      },
      member(w, CLUB),
    );
    expect(res.errors![0].extensions!.fields).toEqual([
      {
        path: 'input.indicators[0].indicator',
        message: expect.stringMatching(/^"kilometres-paved" is not an indicator of POTABLE_WATER/),
      },
      {
        path: 'input.indicators',
        message: 'state the baseline and target of "households-served" (households)',
      },
    ]);
  });

  it('records actuals from reports and the evaluation, and shows them in the programme’s results and its IATI file', async () => {
    const id = await submit(w, RESULTS, {
      indicators: [{ indicator: 'households-served', baseline: '15', target: '420' }],
    });
    await waitFor(w, id, (a) => a.activeStages.includes('works'));
    const report = (type: string, values: unknown[], token: string) =>
      attempt(
        w,
        'fileMonitoringReport',
        {
          applicationId: id,
          stageId: 'works',
          reportType: type,
          uri: `https://docs.example.org/${type}.pdf`,
          summary: type,
          indicatorValues: values,
        },
        token,
      );
    const unknown = await report(
      'PROGRESS',
      [{ indicator: 'kilometres', value: '2' }],
      member(w, CLUB),
    );
    expect(unknown.codes).toEqual(['BAD_USER_INPUT']);
    expect(unknown.fields).toEqual([
      {
        path: 'indicatorValues[0].indicator',
        message:
          '"kilometres" is not an indicator of this project (households-served, water-points)',
      },
    ]);
    // The club's progress report counts once the committee accepts it.
    expect(
      (
        await report(
          'PROGRESS',
          [{ indicator: 'households-served', value: '150' }],
          member(w, CLUB),
        )
      ).codes,
    ).toEqual([]);
    await act(
      w,
      'acceptMonitoringReport',
      {
        applicationId: id,
        stageId: 'works',
        reportType: 'PROGRESS',
        decision: 'ACCEPT',
        reason: 'ok',
      },
      member(w, COMMUNITY),
    );
    expect(
      (
        await report(
          'FINAL',
          [
            { indicator: 'households-served', value: '380' },
            { indicator: 'water-points', value: '12' },
          ],
          member(w, COMMUNITY),
        )
      ).codes,
    ).toEqual([]);
    await waitFor(w, id, (a) => a.activeStages.includes('handover'));
    await act(
      w,
      'certifyHandover',
      { applicationId: id, stageId: 'handover', remarks: 'handed over' },
      member(w, MUNICIPAL),
    );
    await waitFor(w, id, (a) => a.activeStages.includes('evaluation'));
    const evaluation = {
      applicationId: id,
      stageId: 'evaluation',
      inUse: 'IN_USE',
      jobsCreated: '4',
      peopleServed: '1710',
      uri: 'https://docs.example.org/ex-post.pdf',
      summary: 'The network works; the committee collects the fees',
      indicatorValues: [{ indicator: 'households-served', value: '395' }],
    };
    // Not before its time; then only by the reviewer, with whole counts.
    const early = await attempt(w, 'fileEvaluation', evaluation, member(w, DELEGATION));
    expect([early.codes, early.message]).toEqual([['CONFLICT'], 'the evaluation is not due yet']);
    await waitFor(w, id, has('EVALUATION_DUE'));
    expect((await attempt(w, 'fileEvaluation', evaluation, member(w, CLUB))).codes).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      (
        await attempt(
          w,
          'fileEvaluation',
          { ...evaluation, jobsCreated: '2.5' },
          member(w, DELEGATION),
        )
      ).fields,
    ).toEqual([{ path: 'jobsCreated', message: 'must be a whole number' }]);
    await act(w, 'fileEvaluation', evaluation, member(w, DELEGATION));
    const done = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect(done.history.find((e) => e.kind === 'EVALUATION_FILED')?.detail).toMatchObject({
      inUse: 'IN_USE',
      jobsCreated: 4,
      peopleServed: 1710,
    });

    const results = await gql<{
      programmeResults: {
        indicators: Record<string, unknown>[];
        evaluations: Record<string, unknown>[];
      };
    }>(
      w.stack.url,
      `{ programmeResults(programmeKey: "${RESULTS}", level: MUNICIPALITY) {
          indicators { indicator unit year jurisdictionCode projects measuredProjects baseline target actual }
          evaluations { year jurisdictionCode evaluated inUse partlyInUse notInUse jobsCreated peopleServed } } }`,
    );
    const year = new Date().getUTCFullYear();
    expect(results.data!.programmeResults).toEqual({
      indicators: [
        {
          indicator: 'households-served',
          unit: 'households',
          year,
          jurisdictionCode: 'MX-ZAC-020',
          projects: 1,
          measuredProjects: 1,
          baseline: '15',
          target: '420',
          actual: '395',
        },
        {
          indicator: 'water-points',
          unit: 'taps',
          year,
          jurisdictionCode: 'MX-ZAC-020',
          projects: 1,
          measuredProjects: 1,
          baseline: '0',
          target: '12',
          actual: '12',
        },
      ],
      evaluations: [
        {
          year,
          jurisdictionCode: 'MX-ZAC-020',
          evaluated: 1,
          inUse: 1,
          partlyInUse: 0,
          notInUse: 0,
          jobsCreated: 4,
          peopleServed: 1710,
        },
      ],
    });

    const xml = await (
      await fetch(`${w.stack.url}/iati/programmes/${RESULTS}/activities.xml`)
    ).text();
    const run = spawnSync(process.execPath, [VALIDATE], { input: xml, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('stdin: valid IATI 2.03');
    expect(run.status).toBe(0);
    const activity = xml.slice(xml.indexOf(`-${id}</iati-identifier>`));
    expect(activity).toContain('<sector vocabulary="1" code="14030" percentage="100"/>');
    const bySector = await gql<{ portfolioReport: { group: { dacSector: string } }[] }>(
      w.stack.url,
      `{ portfolioReport(input: { programmeKey: "${RESULTS}", groupBy: [DAC_SECTOR] }) { group { dacSector } } }`,
    );
    expect(bySector.data!.portfolioReport.map((r) => r.group.dacSector)).toEqual(['14030']);
    expect(activity).toMatch(
      /<narrative>Households with piped water \(households\)<\/narrative>[\s\S]*?<baseline year="\d{4}" iso-date="[\d-]+" value="15"\/>[\s\S]*?<target value="420"\/>\s*<actual value="395"\/>/,
    );
  });
});
