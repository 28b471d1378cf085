import * as fc from 'fast-check';
import { CastVote, CommitteeRules, checkVote, tallyCommittee, Vote } from './committee-tally';

const covam: CommitteeRules = {
  members: [
    { role: 'federal-delegation', seats: 1 },
    { role: 'state', seats: 1 },
    { role: 'municipal', seats: 1 },
    { role: 'migrants', seats: 1 },
  ],
  chair: 'federal-delegation',
  quorum: 4,
  majority: 'SIMPLE',
  chairHasCastingVote: false,
};
const roles = covam.members.map((m) => m.role);
const votes = (...vs: Vote[]): CastVote[] =>
  vs.map((vote, i) => ({ role: roles[i], subject: `p${i}`, vote }));

describe('tallyCommittee', () => {
  it('waits for every seat', () => {
    expect(tallyCommittee(covam, votes('FOR', 'FOR', 'FOR'))).toEqual({
      state: 'PENDING',
      cast: 3,
      seats: 4,
    });
  });

  it('approves by simple majority and rejects a majority against', () => {
    expect(tallyCommittee(covam, votes('FOR', 'FOR', 'FOR', 'AGAINST')).state).toBe('APPROVED');
    expect(tallyCommittee(covam, votes('AGAINST', 'AGAINST', 'FOR', 'AGAINST')).state).toBe(
      'REJECTED',
    );
  });

  it('rejects a tie without a casting vote and lets the chair break it with one', () => {
    expect(tallyCommittee(covam, votes('FOR', 'FOR', 'AGAINST', 'AGAINST')).state).toBe('REJECTED');
    const casting = { ...covam, chairHasCastingVote: true };
    expect(tallyCommittee(casting, votes('FOR', 'FOR', 'AGAINST', 'AGAINST'))).toMatchObject({
      state: 'APPROVED',
      reason: "tie broken by the chair's casting vote",
    });
  });

  it('does not count a recused member towards the quorum', () => {
    const tally = tallyCommittee(covam, votes('FOR', 'FOR', 'FOR', 'RECUSED'));
    expect(tally).toMatchObject({
      state: 'REJECTED',
      reason: 'no quorum: 3 of 4 members voted',
      recused: 1,
    });
    expect(
      tallyCommittee({ ...covam, quorum: 3 }, votes('FOR', 'FOR', 'AGAINST', 'RECUSED')).state,
    ).toBe('APPROVED');
  });

  it('applies two-thirds and unanimity', () => {
    const twoThirds = { ...covam, quorum: 3, majority: 'TWO_THIRDS' as const };
    expect(tallyCommittee(twoThirds, votes('FOR', 'FOR', 'AGAINST', 'RECUSED')).state).toBe(
      'APPROVED',
    );
    expect(tallyCommittee(twoThirds, votes('FOR', 'FOR', 'AGAINST', 'AGAINST')).state).toBe(
      'REJECTED',
    );
    const unanimity = { ...covam, majority: 'UNANIMITY' as const };
    expect(tallyCommittee(unanimity, votes('FOR', 'FOR', 'FOR', 'ABSTAIN')).state).toBe('REJECTED');
    expect(tallyCommittee(unanimity, votes('FOR', 'FOR', 'FOR', 'FOR')).state).toBe('APPROVED');
  });

  it('decides on the votes cast when a deadline forces it', () => {
    expect(
      tallyCommittee({ ...covam, quorum: 3 }, votes('FOR', 'FOR', 'AGAINST'), true).state,
    ).toBe('APPROVED');
  });

  it('refuses a vote from a role without a seat, a second vote, or a full seat', () => {
    expect(checkVote(covam, [], { role: 'community', subject: 'x', vote: 'FOR' })).toMatch(
      /no seat/,
    );
    const cast = votes('FOR');
    expect(checkVote(covam, cast, { role: 'state', subject: 'p0', vote: 'FOR' })).toMatch(
      /already voted/,
    );
    expect(
      checkVote(covam, cast, { role: 'federal-delegation', subject: 'other', vote: 'FOR' }),
    ).toMatch(/every seat/);
  });

  it('never approves with more votes against than for (any votes)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Vote>('FOR', 'AGAINST', 'ABSTAIN', 'RECUSED'), {
          minLength: 4,
          maxLength: 4,
        }),
        fc.boolean(),
        (vs, casting) => {
          const tally = tallyCommittee(
            { ...covam, quorum: 1, chairHasCastingVote: casting },
            votes(...vs),
          );
          const f = vs.filter((v) => v === 'FOR').length;
          const a = vs.filter((v) => v === 'AGAINST').length;
          if (tally.state === 'APPROVED') expect(f).toBeGreaterThanOrEqual(a);
        },
      ),
    );
  });
});

describe('committees as real bodies', () => {
  const binational: CommitteeRules = {
    members: [
      { role: 'es-municipal', seats: 1 },
      { role: 'es-regional', seats: 1 },
      { role: 'ma-municipal', seats: 1 },
      { role: 'ma-provincial', seats: 1 },
      { role: 'association', seats: 1 },
    ],
    chair: 'es-municipal',
    coChair: 'ma-municipal',
    quorum: 3,
    majority: 'SIMPLE',
    chairHasCastingVote: true,
  };
  const cast = (role: string, vote: Vote): CastVote => ({ role, subject: role, vote });

  it('decides as soon as no vote left can change the outcome', () => {
    const three = [
      cast('es-municipal', 'FOR'),
      cast('ma-municipal', 'FOR'),
      cast('association', 'FOR'),
    ];
    expect(tallyCommittee(binational, three)).toMatchObject({
      state: 'APPROVED',
      reason: '3 for, 0 against with 2 seat(s) still to vote: no vote left can reject it',
    });
    const split = [cast('es-municipal', 'FOR'), cast('ma-municipal', 'AGAINST')];
    expect(tallyCommittee(binational, split).state).toBe('PENDING');
  });

  it('waits while the outcome may still change, e.g. the last seat may recuse and break the quorum', () => {
    const covamThree = votes('FOR', 'FOR', 'FOR');
    expect(tallyCommittee(covam, covamThree).state).toBe('PENDING');
  });

  it('lets co-chairs break a tie only when they agree', () => {
    // Two for, two against, one abstention: the co-chairs' votes decide only if they agree.
    const tie = (esChair: Vote, maChair: Vote) => [
      cast('es-municipal', esChair),
      cast('ma-municipal', maChair),
      cast('es-regional', esChair === 'FOR' ? 'AGAINST' : 'FOR'),
      cast('ma-provincial', maChair === 'FOR' ? 'AGAINST' : 'FOR'),
      cast('association', 'ABSTAIN'),
    ];
    expect(tallyCommittee(binational, tie('FOR', 'FOR'))).toMatchObject({
      state: 'APPROVED',
      reason: "tie broken by the co-chairs' casting vote",
    });
    expect(tallyCommittee(binational, tie('FOR', 'AGAINST'))).toMatchObject({
      state: 'REJECTED',
      reason: expect.stringMatching(/co-chairs divided/),
    });
  });

  it('counts quorum and majority by weight when the rules say so', () => {
    const weighted: CommitteeRules = {
      members: [
        { role: 'national', seats: 1, weight: '3' },
        { role: 'regional', seats: 2, weight: '1' },
      ],
      chair: 'national',
      quorum: 4,
      quorumBy: 'WEIGHT',
      majority: 'SIMPLE',
      chairHasCastingVote: false,
    };
    const national = { role: 'national', subject: 'n', vote: 'FOR' as Vote };
    const regional = (subject: string, vote: Vote) => ({ role: 'regional', subject, vote });
    expect(
      tallyCommittee(weighted, [national, regional('r1', 'AGAINST'), regional('r2', 'AGAINST')]),
    ).toMatchObject({ state: 'APPROVED', reason: '3 for, 2 against' });
    expect(
      tallyCommittee(weighted, [regional('r1', 'FOR'), regional('r2', 'FOR')], true),
    ).toMatchObject({ state: 'REJECTED', reason: 'no quorum: a weight of 2 of 4 voted' });
  });

  it('never settles early on an outcome the remaining votes could overturn (any votes, any rules)', () => {
    const rulesArb = fc.record({
      seats: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
      majority: fc.constantFrom('SIMPLE' as const, 'TWO_THIRDS' as const, 'UNANIMITY' as const),
      casting: fc.boolean(),
      quorumShare: fc.double({ min: 0.1, max: 1, noNaN: true }),
    });
    const voteArb = fc.constantFrom<Vote>('FOR', 'AGAINST', 'ABSTAIN', 'RECUSED');
    fc.assert(
      fc.property(
        rulesArb,
        fc.array(voteArb, { maxLength: 12 }),
        fc.array(voteArb, { maxLength: 12 }),
        (r, early, rest) => {
          const members = r.seats.map((seats, i) => ({ role: `r${i}`, seats }));
          const total = r.seats.reduce((a, b) => a + b, 0);
          const rules: CommitteeRules = {
            members,
            chair: 'r0',
            quorum: Math.max(1, Math.ceil(total * r.quorumShare)),
            majority: r.majority,
            chairHasCastingVote: r.casting,
          };
          const seatList = members.flatMap((m) => Array<string>(m.seats).fill(m.role));
          const all = seatList.map((role, i) => ({
            role,
            subject: `s${i}`,
            vote: [...early, ...rest][i] ?? 'FOR',
          }));
          const k = Math.min(early.length, all.length);
          const partial = tallyCommittee(rules, all.slice(0, k));
          const full = tallyCommittee(rules, all);
          if (partial.state !== 'PENDING') expect(full.state).toBe(partial.state);
        },
      ),
    );
  });
});
