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
  member,
  MUNICIPAL,
  programme,
  publish,
  SLOW,
  STATE,
  submit,
  trail,
  waitFor,
  World,
} from './support';

// DOCUMENT: documents a stage asks for, each filed by a role it names; the stage completes
// when every one is in, or at its deadline by the expiry path (APPROVE or REJECT; a document
// stage cannot escalate).

let w: World;
const documentStage = (extra: Record<string, unknown> = {}) => ({
  id: 'technical-file',
  name: 'Technical file',
  kind: 'DOCUMENT',
  documents: ['TECHNICAL_FILE', 'BUDGET'],
  submittedBy: ['municipal', 'state'],
  ...extra,
});
const documentProgramme = (key: string, extra: Record<string, unknown> = {}) =>
  programme(key, [
    documentStage(extra),
    { id: 'state-review', name: 'State review', kind: 'REVIEW', reviewer: 'state' },
  ]);
const file = (id: string, role: string, documentType: string, who: string) =>
  act(
    w,
    'submitStageDocument',
    {
      applicationId: id,
      stageId: 'technical-file',
      role,
      documentType,
      uri: `https://docs.example.org/${documentType}.pdf`,
    },
    member(w, who),
  );

beforeAll(async () => {
  w = await bootWorld();
  await publish(w, documentProgramme('document-plain'));
  await publish(
    w,
    documentProgramme('document-approve', {
      deadline: { seconds: 3 },
      onExpiry: { outcome: 'APPROVE' },
    }),
  );
  await publish(
    w,
    documentProgramme('document-reject', {
      deadline: { seconds: 3 },
      onExpiry: { outcome: 'REJECT' },
    }),
  );
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a DOCUMENT stage', () => {
  it('records each document by the role that filed it, and completes with the last one', async () => {
    const id = await submit(w, 'document-plain');
    const first = await file(id, 'municipal', 'TECHNICAL_FILE', MUNICIPAL);
    expect(first).toMatchObject({
      stageId: 'technical-file',
      status: 'IN_REVIEW',
      activeStages: ['technical-file'],
    });
    const last = await file(id, 'state', 'BUDGET', STATE);
    expect(last.activeStages).toEqual(['state-review']);
    const app = await expectOrderedHistory(w, id);
    expect(trail(app).slice(2)).toEqual([
      'STAGE_STARTED:technical-file',
      'DOCUMENT_SUBMITTED:technical-file',
      'DOCUMENT_SUBMITTED:technical-file',
      'STAGE_COMPLETED:technical-file',
      'STAGE_STARTED:state-review',
    ]);
    expect(
      app.history
        .filter((e) => e.kind === 'DOCUMENT_SUBMITTED')
        .map((e) => [e.actorRole, e.detail]),
    ).toEqual([
      [
        'municipal',
        { documentType: 'TECHNICAL_FILE', uri: 'https://docs.example.org/TECHNICAL_FILE.pdf' },
      ],
      ['state', { documentType: 'BUDGET', uri: 'https://docs.example.org/BUDGET.pdf' }],
    ]);
    expect(app.documents).toEqual([
      {
        documentType: 'TECHNICAL_FILE',
        stageId: 'technical-file',
        uri: 'https://docs.example.org/TECHNICAL_FILE.pdf',
        submittedBy: `user-of-${MUNICIPAL}`,
      },
      {
        documentType: 'BUDGET',
        stageId: 'technical-file',
        uri: 'https://docs.example.org/BUDGET.pdf',
        submittedBy: `user-of-${STATE}`,
      },
    ]);
    const [row] = await w.stack.db.dataSource.query(
      `SELECT organisation_id FROM application_document WHERE application_id = $1 AND document_type = 'BUDGET'`,
      [id],
    );
    expect(row.organisation_id).toBe(w.orgs.get(STATE));
  });

  it('refuses what its validator does not allow, with a typed error, recording nothing', async () => {
    const id = await submit(w, 'document-plain');
    const input = (
      role: string,
      documentType = 'TECHNICAL_FILE',
      extra: Record<string, unknown> = {},
    ) => ({
      stageId: 'technical-file',
      role,
      documentType,
      uri: 'https://docs.example.org/x.pdf',
      ...extra,
    });
    // A role that does not file here, and an organisation that does not play the role.
    await expectRefused(
      w,
      id,
      'submitStageDocument',
      input('federal'),
      member(w, FEDERAL),
      'FORBIDDEN',
      /does not submit documents/,
    );
    await expectRefused(
      w,
      id,
      'submitStageDocument',
      input('municipal'),
      member(w, CLUB),
      'FORBIDDEN',
      /acting as "municipal"/,
    );
    // A document not asked for here, a malformed type or address.
    await expectRefused(
      w,
      id,
      'submitStageDocument',
      input('municipal', 'PHOTOS'),
      member(w, MUNICIPAL),
      'BAD_USER_INPUT',
      /not asked for/,
    );
    await expectRefused(
      w,
      id,
      'submitStageDocument',
      input('municipal', 'budget'),
      member(w, MUNICIPAL),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'submitStageDocument',
      input('municipal', 'BUDGET', { uri: 'not a url' }),
      member(w, MUNICIPAL),
      'BAD_USER_INPUT',
    );
    // A stage of another kind, and the next stage before this one completed.
    await expectRefused(
      w,
      id,
      'submitStageDocument',
      input('state', 'BUDGET', { stageId: 'state-review' }),
      member(w, STATE),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      w,
      id,
      'decideReview',
      { stageId: 'state-review', decision: 'APPROVE', reason: 'x' },
      member(w, STATE),
      'CONFLICT',
    );
    await file(id, 'municipal', 'TECHNICAL_FILE', MUNICIPAL);
    await file(id, 'municipal', 'BUDGET', MUNICIPAL);
    // The stage completed: nothing more is filed at it.
    await expectRefused(
      w,
      id,
      'submitStageDocument',
      input('state', 'BUDGET'),
      member(w, STATE),
      'CONFLICT',
      /not open now/,
    );
    await expectOrderedHistory(w, id);
  });
});

describe('a DOCUMENT deadline (seconds)', () => {
  it('approves with what was filed (APPROVE), or rejects the application (REJECT); in time, it is met', async () => {
    const [approveId, rejectId, inTimeId] = await Promise.all([
      submit(w, 'document-approve'),
      submit(w, 'document-reject'),
      submit(w, 'document-reject'),
    ]);
    await file(approveId, 'municipal', 'TECHNICAL_FILE', MUNICIPAL);
    await file(inTimeId, 'municipal', 'TECHNICAL_FILE', MUNICIPAL);
    await file(inTimeId, 'state', 'BUDGET', STATE);

    const approved = await waitFor(w, approveId, has('STAGE_STARTED', 'state-review'), SLOW);
    expect(trail(approved).slice(2)).toEqual([
      'STAGE_STARTED:technical-file',
      'DOCUMENT_SUBMITTED:technical-file',
      'DEADLINE_EXPIRED:technical-file',
      'STAGE_COMPLETED:technical-file',
      'STAGE_STARTED:state-review',
    ]);
    expect(approved.deadlines.map((d) => [d.stageId, d.status])).toEqual([
      ['technical-file', 'EXPIRED'],
    ]);

    const rejected = await waitFor(w, rejectId, (a) => a.status === 'REJECTED', SLOW);
    expect(trail(rejected).slice(-3)).toEqual([
      'STAGE_STARTED:technical-file',
      'DEADLINE_EXPIRED:technical-file',
      'REJECTED:technical-file',
    ]);
    expect(rejected.history.at(-1)!.reason).toBe('the deadline passed without a decision');
    await expectRefused(
      w,
      rejectId,
      'submitStageDocument',
      {
        stageId: 'technical-file',
        role: 'state',
        documentType: 'BUDGET',
        uri: 'https://docs.example.org/late.pdf',
      },
      member(w, STATE),
      'CONFLICT',
    );

    const inTime = await waitFor(w, inTimeId, (a) => a.deadlines[0]?.status === 'MET');
    expect(inTime.history.some((e) => e.kind === 'DEADLINE_EXPIRED')).toBe(false);
    for (const id of [approveId, rejectId, inTimeId]) await expectOrderedHistory(w, id);
  });
});

describe('a DOCUMENT definition', () => {
  const invalid = (extra: Record<string, unknown>) =>
    programme('document-invalid', [documentStage(extra)]);

  it('with a deadline but no expiry path is refused at save time, with the path of the problem', async () => {
    await expectRefusedAtSave(w, invalid({ deadline: { workingDays: 10 } }), [
      {
        path: 'definition.procedure.stages[0].onExpiry',
        message:
          'a deadline needs an expiry path: { outcome: APPROVE | REJECT } or { escalateTo: role }',
      },
    ]);
  });

  it('that escalates, or names a role that is no party, is refused at save time', async () => {
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
    await expectRefusedAtSave(w, invalid({ submittedBy: ['municipal', 'notary'] }), [
      {
        path: 'definition.procedure.stages[0].submittedBy[1]',
        message: '"notary" is not a party role of this programme',
      },
    ]);
  });
});
