import { Principal, Role } from '@codev/auth';
import { ProgrammeService } from '../../apps/api/src/programmes/programme.service';
import {
  atStage,
  loadDemoWorld,
  registerOrganisation,
  readApplication,
  step,
  stepError,
  SUBMIT,
  tokenFor,
  waitForApplication,
} from '../support/demo-world';
import { errorCodes, gql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { adminToken } from '../support/tokens';

let stack: TestStack;
let orgs: Map<string, string>;
const CLUB = 'Club Jerezano de Los Ángeles';
const STATE = 'Gobierno del Estado de Zacatecas';
const SEDESOL = 'SEDESOL';
const designer: Principal = {
  subject: 'test-designer',
  organisationId: null,
  roles: new Set([Role.PlatformAdmin]),
};

/** A small programme for the engine's behaviours: a club and a state, one review, money. */
function miniProgramme(
  key: string,
  overrides: {
    review?: Record<string, unknown>;
    shares?: [string, string];
    envelope?: string;
    extraStage?: boolean;
  } = {},
) {
  return {
    key,
    name: `Test programme ${key}`,
    rulesLabel: 'test rules',
    currency: 'MXN',
    calendar: { country: 'MX' },
    timeZone: 'America/Mexico_City',
    parties: [
      { role: 'migrants', label: 'Club', organisationKinds: ['MIGRANT_CLUB'] },
      {
        role: 'state',
        label: 'State',
        organisationKinds: ['GOVERNMENT_BODY'],
        governmentLevel: 'REGIONAL',
      },
      {
        role: 'federal',
        label: 'Federal',
        organisationKinds: ['GOVERNMENT_BODY'],
        governmentLevel: 'NATIONAL',
        optional: true,
      },
    ],
    eligibility: {
      applicantRoles: ['migrants'],
      projectCountries: ['MX'],
      sectors: ['POTABLE_WATER'],
    },
    funding: {
      shares: [
        { role: 'migrants', weight: overrides.shares?.[0] ?? '1' },
        { role: 'state', weight: overrides.shares?.[1] ?? '1' },
      ],
      ...(overrides.envelope
        ? { envelopes: [{ role: 'state', yearlyAmount: overrides.envelope }] }
        : {}),
    },
    procedure: {
      stages: [
        { id: 'check', name: 'Check', kind: 'CHECK' },
        {
          id: 'state-review',
          name: 'State review',
          kind: 'REVIEW',
          reviewer: 'state',
          ...overrides.review,
        },
        ...(overrides.extraStage
          ? [{ id: 'federal-review', name: 'Federal review', kind: 'REVIEW', reviewer: 'federal' }]
          : []),
        { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
        {
          id: 'disbursement',
          name: 'Disbursement',
          kind: 'DISBURSEMENT',
          tranches: [{ id: 'single', percent: '100' }],
        },
      ],
    },
  };
}

async function publish(definition: object) {
  const programmes = stack.app.get(ProgrammeService);
  await programmes.publishIfChanged(programmes.parse(JSON.stringify(definition)), designer);
}

function application(programmeKey: string, extra: Record<string, unknown> = {}) {
  return {
    programmeKey,
    title: `Pozo de agua (${programmeKey})`,
    sector: 'POTABLE_WATER',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '200000.00',
    parties: [
      { role: 'migrants', organisationId: orgs.get(CLUB) },
      { role: 'state', organisationId: orgs.get(STATE) },
      { role: 'federal', organisationId: orgs.get(SEDESOL) },
    ],
    ...extra,
  };
}

async function submit(input: Record<string, unknown>): Promise<string> {
  const res = await gql<{ submitApplication: { id: string } }>(
    stack.url,
    SUBMIT,
    { input },
    tokenFor(orgs, CLUB),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.submitApplication.id;
}

const approve = (applicationId: string, stageId = 'state-review', who = STATE) =>
  step(
    stack,
    'decideReview',
    { applicationId, stageId, decision: 'APPROVE', reason: 'ok' },
    tokenFor(orgs, who),
  );

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  orgs = await loadDemoWorld(stack);
});
afterAll(() => stack?.close());

describe('review deadlines take the path the definition gives', () => {
  it('escalates to another body, which then decides; the first reviewer no longer may', async () => {
    await publish(
      miniProgramme('test-escalate', {
        review: { deadline: { seconds: 2 }, onExpiry: { escalateTo: 'federal' } },
      }),
    );
    const id = await submit(application('test-escalate'));
    const expired = await waitForApplication(stack, id, (a) =>
      a.deadlines.some((d) => d.status === 'EXPIRED'),
    );
    expect(expired.deadlines).toEqual([
      expect.objectContaining({ stageId: 'state-review', status: 'EXPIRED' }),
    ]);
    await waitForApplication(stack, id, (a) => a.history.some((e) => e.kind === 'ESCALATED'));
    const late = await stepError(
      stack,
      'decideReview',
      { applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'late' },
      tokenFor(orgs, STATE),
    );
    expect(late.codes).toEqual(['FORBIDDEN']);
    await approve(id, 'state-review', SEDESOL);
    const done = await waitForApplication(stack, id, (a) => a.status === 'COMPLETED');
    expect(done.history.find((e) => e.kind === 'REVIEW_APPROVED')).toMatchObject({
      actorRole: 'federal',
    });
  });

  it('rejects by default when the definition says so', async () => {
    await publish(
      miniProgramme('test-expire-reject', {
        review: { deadline: { seconds: 1 }, onExpiry: { outcome: 'REJECT' } },
      }),
    );
    const id = await submit(application('test-expire-reject'));
    const app = await waitForApplication(stack, id, (a) => a.status === 'REJECTED');
    expect(app.history.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['DEADLINE_EXPIRED', 'REJECTED']),
    );
    expect(app.ledger).toEqual([]);
  });

  it('approves by default when the definition says so', async () => {
    await publish(
      miniProgramme('test-expire-approve', {
        review: { deadline: { seconds: 1 }, onExpiry: { outcome: 'APPROVE' } },
      }),
    );
    const id = await submit(application('test-expire-approve'));
    const app = await waitForApplication(stack, id, (a) => a.status === 'COMPLETED');
    expect(app.ledger.map((b) => b.disbursed)).toEqual(['100000.00', '100000.00']);
  });

  it('computes working-day deadlines in the programme calendar', async () => {
    await publish(
      miniProgramme('test-working-days', {
        review: { deadline: { workingDays: 30 }, onExpiry: { outcome: 'REJECT' } },
      }),
    );
    const id = await submit(application('test-working-days'));
    const app = await waitForApplication(stack, id, (a) => a.deadlines.length === 1);
    const due = new Date(app.deadlines[0].dueAt);
    // The end of a local day in Mexico City (UTC-6): 05:59:59.999Z.
    expect(due.toISOString()).toMatch(/T05:59:59\.999Z$/);
    expect(due.getTime() - Date.now()).toBeGreaterThan(40 * 86_400_000);
  });
});

describe('programme versions', () => {
  it('keep an application in flight on the rules it was submitted under', async () => {
    await publish(miniProgramme('test-pinning'));
    const before = await submit(application('test-pinning'));
    await waitForApplication(stack, before, atStage('state-review'));
    await publish(miniProgramme('test-pinning', { shares: ['1', '3'], extraStage: true }));
    const after = await submit(application('test-pinning'));

    const [old, young] = await Promise.all([
      readApplication(stack, before),
      readApplication(stack, after),
    ]);
    expect([old.programmeVersion, young.programmeVersion]).toEqual([1, 2]);
    expect(old.fundingSplit.map((l) => l.amount)).toEqual(['100000.00', '100000.00']);
    expect(young.fundingSplit.map((l) => l.amount)).toEqual(['50000.00', '150000.00']);

    await approve(before);
    await waitForApplication(stack, after, atStage('state-review'));
    await approve(after);
    // Version 1 has no federal review; version 2 does.
    await waitForApplication(stack, before, (a) => a.status === 'COMPLETED');
    await waitForApplication(stack, after, atStage('federal-review'));
  });
});

describe('the Mexican family, each funded by its own formula', () => {
  let privatePartner: string;
  let guanajuato: string;
  beforeAll(async () => {
    const register = (input: Record<string, unknown>) => registerOrganisation(stack, input);
    privatePartner = await register({
      name: 'Cementos del Centro',
      kind: 'PRIVATE_COMPANY',
      countryOfResidence: 'MX',
    });
    guanajuato = await register({
      name: 'Gobierno de Guanajuato',
      kind: 'GOVERNMENT_BODY',
      countryOfResidence: 'MX',
      jurisdictionCode: 'MX-GUA',
      governmentLevel: 'REGIONAL',
    });
  });

  const split = async (
    programmeKey: string,
    total: string,
    parties: [string, string][],
    extra: Record<string, unknown> = {},
  ) => {
    const res = await gql<{
      submitApplication: {
        fundingSplit: {
          role: string;
          amount: string;
          pledgedAmount: string | null;
          coversRole: string | null;
        }[];
      };
    }>(
      stack.url,
      SUBMIT,
      {
        input: {
          programmeKey,
          title: 'Proyecto',
          sector: programmeKey === 'mx-gto-mi-comunidad' ? 'INCOME_GENERATING' : 'POTABLE_WATER',
          projectJurisdictionCode: 'MX-ZAC-020',
          totalAmount: total,
          parties: parties.map(([role, id]) => ({ role, organisationId: id })),
          ...extra,
        },
      },
      tokenFor(orgs, CLUB),
    );
    return res;
  };

  it('1x1: one state peso for each migrant peso', async () => {
    const res = await split('mx-1x1-zacatecas', '100000.00', [
      ['migrants', orgs.get(CLUB)!],
      ['state', orgs.get(STATE)!],
    ]);
    expect(res.data!.submitApplication.fundingSplit.map((l) => [l.role, l.amount])).toEqual([
      ['migrants', '50000.00'],
      ['state', '50000.00'],
    ]);
  });

  it('2x1: migrants, state and federal government in thirds, to the centavo', async () => {
    const res = await split('mx-2x1-zacatecas', '100000.00', [
      ['migrants', orgs.get(CLUB)!],
      ['state', orgs.get(STATE)!],
      ['federal', orgs.get(SEDESOL)!],
    ]);
    expect(res.data!.submitApplication.fundingSplit.map((l) => l.amount)).toEqual([
      '33333.34',
      '33333.33',
      '33333.33',
    ]);
  });

  it('4x1: a private partner joins, five equal shares', async () => {
    const res = await split('mx-4x1', '500000.00', [
      ['migrants', orgs.get(CLUB)!],
      ['private', privatePartner],
      ['municipal', orgs.get('Municipio de Jerez')!],
      ['state', orgs.get(STATE)!],
      ['federal', orgs.get(SEDESOL)!],
      ['federal-delegation', orgs.get('SEDESOL Delegación Zacatecas')!],
      ['community', orgs.get('Comité de Obra de Jerez')!],
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitApplication.fundingSplit.map((l) => [l.role, l.amount])).toEqual([
      ['migrants', '100000.00'],
      ['private', '100000.00'],
      ['municipal', '100000.00'],
      ['state', '100000.00'],
      ['federal', '100000.00'],
    ]);
  });

  it('3x1: the federal ceiling caps its share and its backstop covers a municipal shortfall', async () => {
    const parties: [string, string][] = [
      ['migrants', CLUB],
      ['municipal', 'Municipio de Jerez'],
      ['state', STATE],
      ['federal', SEDESOL],
      ['federal-delegation', 'SEDESOL Delegación Zacatecas'],
      ['state-planning', 'COPLADE Zacatecas'],
      ['community', 'Comité de Obra de Jerez'],
      ['works-committee', 'Comité de Obra de Jerez'],
    ].map(([role, name]) => [role, orgs.get(name)!]);
    const res = await split('mx-3x1', '4000000.00', parties, {
      documents: [{ documentType: 'PROJECT_PROPOSAL', uri: 'https://x.org/p.pdf' }],
      shortfalls: [{ role: 'municipal', amount: '100000.00' }],
    });
    expect(res.errors).toBeUndefined();
    const lines = res.data!.submitApplication.fundingSplit as {
      role: string;
      amount: string;
      coversRole?: string | null;
    }[];
    const cents = (a: string) => Math.round(Number(a) * 100);
    expect(lines.reduce((sum, l) => sum + cents(l.amount), 0)).toBe(cents('4000000.00'));
    expect(lines.find((l) => l.role === 'federal' && !l.coversRole)?.amount).toBe('800000.00');
    expect(lines.find((l) => l.coversRole === 'municipal')).toMatchObject({
      role: 'federal',
      amount: '100000.00',
    });
    const state = cents(lines.find((l) => l.role === 'state')!.amount);
    expect(
      Math.abs(cents(lines.find((l) => l.role === 'municipal')!.amount) + 10_000_000 - state),
    ).toBeLessThanOrEqual(1);
  });

  it('Mi Comunidad: migrants must pool at least USD 60,000', async () => {
    const parties: [string, string][] = [
      ['migrants', orgs.get(CLUB)!],
      ['state', guanajuato],
    ];
    const short = await split('mx-gto-mi-comunidad', '2000000.00', parties, {
      documents: [{ documentType: 'BUSINESS_PLAN', uri: 'https://x.org/plan.pdf' }],
    });
    expect(errorCodes(short)).toEqual(['BAD_USER_INPUT']);
    expect(short.errors![0].extensions!.fields).toEqual([
      {
        path: 'input.minimumPooled',
        message: 'migrants pool 57971.01 USD, below the minimum of 60000.00 USD',
      },
    ]);
    const enough = await split('mx-gto-mi-comunidad', '2200000.00', parties, {
      documents: [{ documentType: 'BUSINESS_PLAN', uri: 'https://x.org/plan.pdf' }],
    });
    expect(enough.data!.submitApplication.fundingSplit[0]).toMatchObject({
      role: 'migrants',
      amount: '1100000.00',
      pledgedAmount: '63768.12',
    });
  });
});

describe('envelopes', () => {
  it('are never over-committed by concurrent approvals: an envelope that fits three of eight', async () => {
    await publish(miniProgramme('test-envelope', { envelope: '300000.00' }));
    const ids = await Promise.all(
      Array.from({ length: 8 }, () => submit(application('test-envelope'))),
    );
    await Promise.all(ids.map((id) => waitForApplication(stack, id, atStage('state-review'))));
    await Promise.all(ids.map((id) => approve(id)));
    const finals = await Promise.all(
      ids.map((id) =>
        waitForApplication(stack, id, (a) => ['COMPLETED', 'REJECTED'].includes(a.status), 30_000),
      ),
    );
    expect(finals.filter((a) => a.status === 'COMPLETED')).toHaveLength(3);
    const refused = finals.filter((a) => a.status === 'REJECTED');
    expect(refused).toHaveLength(5);
    for (const a of refused) {
      expect(a.ledger).toEqual([]);
      expect(a.history.find((e) => e.kind === 'REJECTED')?.reason).toMatch(
        /state envelope for \d{4} cannot take 100000.00 MXN more/,
      );
    }
    const [envelope] = await stack.db.dataSource.query(
      `SELECT amount::text, committed::text FROM envelope e JOIN programme p ON p.id = e.programme_id WHERE p.key = 'test-envelope'`,
    );
    expect(envelope).toEqual({ amount: '300000.000000', committed: '300000.000000' });
  });
});

describe('a worker killed mid-application', () => {
  it('lets the application complete on a new worker, with no posting duplicated', async () => {
    await publish(miniProgramme('test-restart'));
    const id = await submit(application('test-restart'));
    await waitForApplication(stack, id, atStage('state-review'));
    await stack.stopWorker();
    await stack.startWorker();
    await approve(id);
    const app = await waitForApplication(stack, id, (a) => a.status === 'COMPLETED');
    expect(app.ledger.map((b) => [b.role, b.committed, b.disbursed])).toEqual([
      ['migrants', '0.00', '100000.00'],
      ['state', '0.00', '100000.00'],
    ]);
    const [{ n }] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM ledger_transaction WHERE application_id = $1`,
      [id],
    );
    expect(n).toBe(2); // one commitment, one tranche
  });
});

describe('bad input at every step', () => {
  let id: string;
  beforeAll(async () => {
    await publish(miniProgramme('test-bad-input'));
    id = await submit(application('test-bad-input'));
    await waitForApplication(stack, id, (a) =>
      a.history.some((e) => e.kind === 'STAGE_STARTED' && e.stageId === 'state-review'),
    );
  });

  it.each([
    [
      'an unknown application',
      'decideReview',
      () => ({
        applicationId: '00000000-0000-4000-8000-000000000000',
        stageId: 'state-review',
        decision: 'APPROVE',
        reason: 'x',
      }),
      STATE,
      'NOT_FOUND',
    ],
    [
      'a stage of another kind',
      'decideReview',
      () => ({ applicationId: id, stageId: 'commitment', decision: 'APPROVE', reason: 'x' }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'a report at a disbursement stage',
      'fileMonitoringReport',
      () => ({
        applicationId: id,
        stageId: 'disbursement',
        reportType: 'R',
        uri: 'https://x.org/r',
        summary: 's',
      }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'a stage the programme lacks',
      'castCommitteeVote',
      () => ({ applicationId: id, stageId: 'covam', role: 'state', vote: 'FOR', reason: 'x' }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'the wrong party',
      'decideReview',
      () => ({ applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'x' }),
      CLUB,
      'FORBIDDEN',
    ],
    [
      'a blank reason',
      'decideReview',
      () => ({ applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: ' ' }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'a malformed id',
      'decideReview',
      () => ({ applicationId: 'nope', stageId: 'state-review', decision: 'APPROVE', reason: 'x' }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'a bad URL',
      'fileMonitoringReport',
      () => ({ applicationId: id, stageId: 'x', reportType: 'R', uri: 'not a url', summary: 's' }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'an unknown finding',
      'resolveFinding',
      () => ({ applicationId: id, stageId: 'state-review', findingId: 'f', resolution: 'r' }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'a handover not due',
      'certifyHandover',
      () => ({ applicationId: id, stageId: 'state-review', remarks: 'r' }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'a timeline for a review',
      'setDisbursementTimeline',
      () => ({
        applicationId: id,
        stageId: 'state-review',
        entries: [{ role: 'state', trancheId: 'single', dueDate: '2026-01-01' }],
      }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'a document for a review',
      'submitStageDocument',
      () => ({
        applicationId: id,
        stageId: 'state-review',
        role: 'state',
        documentType: 'X',
        uri: 'https://x.org',
      }),
      STATE,
      'BAD_USER_INPUT',
    ],
    [
      'a finding at a review',
      'raiseFinding',
      () => ({ applicationId: id, stageId: 'state-review', description: 'd' }),
      STATE,
      'BAD_USER_INPUT',
    ],
  ])(
    'refuses %s (%s) with a typed error and records nothing',
    async (_what, mutation, input, who, code) => {
      const before = (await readApplication(stack, id)).history.length;
      const res = await stepError(stack, mutation, input(), tokenFor(orgs, who));
      expect(res.codes).toEqual([code]);
      expect((await readApplication(stack, id)).history).toHaveLength(before);
    },
  );

  it('refuses steps without a token, or with a token that names no organisation', async () => {
    const input = { applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'x' };
    expect((await stepError(stack, 'decideReview', input)).codes).toEqual(['UNAUTHENTICATED']);
    expect((await stepError(stack, 'decideReview', input, adminToken())).codes).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('refuses a second decision on the same review', async () => {
    await approve(id);
    const again = await stepError(
      stack,
      'decideReview',
      { applicationId: id, stageId: 'state-review', decision: 'REJECT', reason: 'changed my mind' },
      tokenFor(orgs, STATE),
    );
    expect(['CONFLICT']).toEqual(again.codes);
  });
});
