import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  COMMUNITY,
  expectOrderedHistory,
  expectRefused,
  expectRefusedAtSave,
  footprint,
  member,
  MUNICIPAL,
  programme,
  publish,
  STATE,
  submit,
  trail,
  waitFor,
  World,
} from './support';

// HANDOVER: the work handed to the community; the certifying party issues the certificate of
// each party's commitments, and the plaque text is rendered with the parties' names and the
// amounts each put in.

let w: World;
const PLAQUE =
  '{{project}}: obra {{year}} de {{applicant}} con {{parties}}. Inversión: {{amounts}}.';
const handover = (extra: Record<string, unknown> = {}) => ({
  id: 'handover',
  name: 'Handover',
  kind: 'HANDOVER',
  certifiedBy: 'municipal',
  commitments: [
    { role: 'community', text: 'Mantener y operar el pozo' },
    { role: 'municipal', text: 'Vigilar la calidad del agua' },
  ],
  plaque: PLAQUE,
  ...extra,
});
const handoverProgramme = (key: string, extra: Record<string, unknown> = {}) =>
  programme(key, [
    { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    {
      id: 'payments',
      name: 'Payments',
      kind: 'DISBURSEMENT',
      tranches: [{ id: 'single', percent: '100' }],
    },
    { id: 'works-review', name: 'Works review', kind: 'REVIEW', reviewer: 'state' },
    handover(extra),
  ]);
const certify = (id: string, who = MUNICIPAL, remarks = 'Obra concluida y entregada al comité') =>
  act(w, 'certifyHandover', { applicationId: id, stageId: 'handover', remarks }, member(w, who));

beforeAll(async () => {
  w = await bootWorld();
  await publish(w, handoverProgramme('handover-plain'));
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a HANDOVER stage', () => {
  it('issues the certificate of every party’s commitments and contributions and the plaque, then completes the application', async () => {
    const id = await submit(w, 'handover-plain');
    await act(
      w,
      'decideReview',
      { applicationId: id, stageId: 'works-review', decision: 'APPROVE', reason: 'done' },
      member(w, STATE),
    );
    const answer = await certify(id);
    expect(answer).toMatchObject({ stageId: 'handover', status: 'COMPLETED', activeStages: [] });
    const app = await expectOrderedHistory(w, id);
    expect(trail(app).slice(-4)).toEqual([
      'STAGE_STARTED:handover',
      'HANDOVER_CERTIFIED:handover',
      'STAGE_COMPLETED:handover',
      'COMPLETED',
    ]);
    expect(app.history.at(-3)).toMatchObject({
      actorRole: 'municipal',
      reason: 'Obra concluida y entregada al comité',
    });
    expect(app.certificate).toEqual({
      issuedAt: expect.any(String),
      certifiedBy: { role: 'municipal', organisation: MUNICIPAL, subject: `user-of-${MUNICIPAL}` },
      remarks: 'Obra concluida y entregada al comité',
      commitments: [
        { role: 'community', organisation: COMMUNITY, commitment: 'Mantener y operar el pozo' },
        { role: 'municipal', organisation: MUNICIPAL, commitment: 'Vigilar la calidad del agua' },
      ],
      contributions: [
        { role: 'migrants', organisation: CLUB, amount: '100000.00', currency: 'MXN' },
        { role: 'state', organisation: STATE, amount: '100000.00', currency: 'MXN' },
      ],
    });
    const year = new Date().getUTCFullYear();
    expect(app.plaqueText).toBe(
      `Pozo de agua (handover-plain): obra ${year} de ${CLUB} con ${STATE}. ` +
        `Inversión: ${CLUB} MXN 100000.00; ${STATE} MXN 100000.00.`,
    );
    expect(app.ledger.map((b) => [b.role, Number(b.committed), Number(b.disbursed)])).toEqual([
      ['migrants', 0, 100000],
      ['state', 0, 100000],
    ]);
    // Once issued, the certificate stands: the stage is closed.
    const before = await footprint(w, id);
    await expectRefused(
      w,
      id,
      'certifyHandover',
      { stageId: 'handover', remarks: 'again' },
      member(w, MUNICIPAL),
      'CONFLICT',
    );
    expect((await footprint(w, id)).certificate).toEqual(before.certificate);
  });

  it('refuses what its validator does not allow, with a typed error, recording nothing', async () => {
    const id = await submit(w, 'handover-plain');
    await waitFor(w, id, (a) => a.activeStages.includes('works-review'));
    const input = { stageId: 'handover', remarks: 'entregada' };
    // Not open yet.
    await expectRefused(
      w,
      id,
      'certifyHandover',
      input,
      member(w, MUNICIPAL),
      'CONFLICT',
      /not open now/,
    );
    await act(
      w,
      'decideReview',
      { applicationId: id, stageId: 'works-review', decision: 'APPROVE', reason: 'done' },
      member(w, STATE),
    );
    // Only the certifying party, with remarks.
    await expectRefused(
      w,
      id,
      'certifyHandover',
      input,
      member(w, STATE),
      'FORBIDDEN',
      /acting as "municipal"/,
    );
    await expectRefused(w, id, 'certifyHandover', input, member(w, COMMUNITY), 'FORBIDDEN');
    await expectRefused(
      w,
      id,
      'certifyHandover',
      { ...input, remarks: '  ' },
      member(w, MUNICIPAL),
      'BAD_USER_INPUT',
    );
    const app = await expectOrderedHistory(w, id);
    expect(app.certificate).toBeNull();
    expect(app.plaqueText).toBeNull();
    expect(app.activeStages).toEqual(['handover']);
  });
});

describe('a HANDOVER definition', () => {
  it('with an unknown plaque placeholder or roles that are no party is refused at save time', async () => {
    await expectRefusedAtSave(
      w,
      handoverProgramme('handover-invalid', {
        certifiedBy: 'mayor',
        commitments: [{ role: 'neighbours', text: 'cuidar' }],
        plaque: '{{project}} — {{governor}}',
      }),
      [
        {
          path: 'definition.procedure.stages[3].certifiedBy',
          message: '"mayor" is not a party role of this programme',
        },
        {
          path: 'definition.procedure.stages[3].commitments[0].role',
          message: '"neighbours" is not a party role of this programme',
        },
        {
          path: 'definition.procedure.stages[3].plaque',
          message:
            'unknown placeholder {{governor}}; use {{project}}, {{applicant}}, {{parties}}, {{amounts}}, {{year}}',
        },
      ],
    );
  });
});

describe('a HANDOVER under a burst', () => {
  it('takes one review decision and one certificate when thirty requests of each race', async () => {
    const id = await submit(w, 'handover-plain');
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attempt(
          w,
          'decideReview',
          {
            applicationId: id,
            stageId: 'works-review',
            decision: 'APPROVE',
            reason: `decision ${i}`,
          },
          member(w, STATE),
        ),
      ),
    );
    const decided = decisions.filter((a) => a.codes.length === 0);
    expect(decided).toHaveLength(1);
    expect(new Set(decisions.flatMap((a) => a.codes))).toEqual(new Set(['CONFLICT']));
    expect(decided[0].answer).toMatchObject({ activeStages: ['handover'] });

    const certificates = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attempt(
          w,
          'certifyHandover',
          { applicationId: id, stageId: 'handover', remarks: `entregada ${i}` },
          member(w, MUNICIPAL),
        ),
      ),
    );
    expect(certificates.filter((a) => a.codes.length === 0)).toHaveLength(1);
    expect(new Set(certificates.flatMap((a) => a.codes))).toEqual(new Set(['CONFLICT']));
    const app = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect(app.history.filter((e) => e.kind === 'HANDOVER_CERTIFIED')).toHaveLength(1);
    expect(
      app.history.filter((e) => e.kind === 'REVIEW_APPROVED' || e.kind === 'REVIEW_REJECTED'),
    ).toHaveLength(1);
  });
});
