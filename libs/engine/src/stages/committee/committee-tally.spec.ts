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
