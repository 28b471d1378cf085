import { refuse, type Actor, type StageContext } from '../stage-kind';
import { consultationKind, type ConsultationStage } from './consultation.kind';

// Who may take part in a consultation, by the rule its definition sets: residents on a
// register (one person one vote) or community committees (one vote each, any member casting it).

const parties = {
  municipality: 'org-muni',
  'committee-north': 'org-north',
  'committee-south': 'org-south',
};
const ctx = {
  parties,
  actsAs: (actor: Actor, role: string) =>
    parties[role as keyof typeof parties] === actor.organisationId
      ? undefined
      : refuse.forbidden(`only "${role}"`),
} as unknown as StageContext;
const stage = (voters: ConsultationStage['voters']): ConsultationStage => ({
  id: 'consultation',
  name: 'Consulta',
  kind: 'CONSULTATION',
  convenor: 'municipality',
  period: { seconds: 5 },
  voters,
  priorities: ['POTABLE_WATER', 'ROADS'],
  proposals: true,
});
const actor = (subject: string, organisationId: string, roles = ['member']): Actor => ({
  subject,
  organisationId,
  roles,
});
const vote = consultationKind.actions.castPriorityVote;

/** Casts the votes in order; the refusal type of each (null: counted). */
function cast(s: ConsultationStage, votes: [Actor, string][]) {
  let state = consultationKind.start(s, ctx).state;
  const outcomes = votes.map(([who, ballot]) => {
    const refused = vote.validate(s, state, { ballot }, who, ctx);
    if (!refused) state = vote.apply(s, state, { ballot }, who, ctx).state;
    return refused?.type ?? null;
  });
  const closed = consultationKind.expire!(s, state, ctx);
  return { outcomes, result: closed.events![0].detail };
}

describe('consultation voters', () => {
  it('takes one vote per resident of the register, none from a member or another register', () => {
    const { outcomes, result } = cast(stage({ registeredBy: 'municipality' }), [
      [actor('ana', 'org-muni', ['resident']), 'ROADS'],
      [actor('ana', 'org-muni', ['resident']), 'POTABLE_WATER'],
      [actor('luis', 'org-muni', ['resident']), 'ROADS'],
      [actor('clerk', 'org-muni'), 'POTABLE_WATER'],
      [actor('eva', 'org-north', ['resident']), 'POTABLE_WATER'],
    ]);
    expect(outcomes).toEqual([null, 'CONFLICT', null, 'FORBIDDEN', 'FORBIDDEN']);
    expect(result).toEqual({
      voters: 2,
      ranking: [
        { priority: 'ROADS', votes: 2, rank: 1 },
        { priority: 'POTABLE_WATER', votes: 0, rank: 2 },
      ],
    });
  });

  it('takes one vote per committee, whichever member casts it, none from others', () => {
    const { outcomes, result } = cast(
      stage({ committees: ['committee-north', 'committee-south'] }),
      [
        [actor('pedro', 'org-north'), 'POTABLE_WATER'],
        [actor('rosa', 'org-north'), 'ROADS'],
        [actor('juan', 'org-south'), 'POTABLE_WATER'],
        [actor('mayor', 'org-muni'), 'ROADS'],
      ],
    );
    expect(outcomes).toEqual([null, 'CONFLICT', null, 'FORBIDDEN']);
    expect(result).toEqual({
      voters: 2,
      ranking: [
        { priority: 'POTABLE_WATER', votes: 2, rank: 1 },
        { priority: 'ROADS', votes: 0, rank: 2 },
      ],
    });
  });
});
