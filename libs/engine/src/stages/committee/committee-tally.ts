/** A committee's voting rules, as a programme definition states them. */
export interface CommitteeRules {
  members: { role: string; seats: number }[];
  chair: string;
  quorum: number;
  majority: 'SIMPLE' | 'TWO_THIRDS' | 'UNANIMITY';
  chairHasCastingVote: boolean;
}

export type Vote = 'FOR' | 'AGAINST' | 'ABSTAIN' | 'RECUSED';

export interface CastVote {
  role: string;
  /** Who sat in the seat: one vote per person. */
  subject: string;
  vote: Vote;
}

export type Tally =
  | { state: 'PENDING'; cast: number; seats: number }
  | {
      state: 'APPROVED' | 'REJECTED';
      reason: string;
      for: number;
      against: number;
      abstained: number;
      recused: number;
    };

/** Whether `vote` may be cast now: a member's role, a free seat, and no second vote by one person. */
export function checkVote(
  rules: CommitteeRules,
  votes: CastVote[],
  vote: CastVote,
): string | undefined {
  const member = rules.members.find((m) => m.role === vote.role);
  if (!member) return `"${vote.role}" has no seat on this committee`;
  if (votes.some((v) => v.subject === vote.subject)) return `${vote.subject} has already voted`;
  if (votes.filter((v) => v.role === vote.role).length >= member.seats) {
    return `every seat of "${vote.role}" has voted`;
  }
  return undefined;
}

/**
 * Decides once every seat has voted or recused (or `final` is set, when a deadline passed).
 * Recused members count neither towards quorum nor majority — that is what recusal is for.
 * A tie under simple majority goes the chair's way only when the rules give a casting vote.
 */
export function tallyCommittee(rules: CommitteeRules, votes: CastVote[], final = false): Tally {
  const seats = rules.members.reduce((n, m) => n + m.seats, 0);
  if (votes.length < seats && !final) return { state: 'PENDING', cast: votes.length, seats };
  const count = (v: Vote) => votes.filter((x) => x.vote === v).length;
  const counts = {
    for: count('FOR'),
    against: count('AGAINST'),
    abstained: count('ABSTAIN'),
    recused: count('RECUSED'),
  };
  const present = counts.for + counts.against + counts.abstained;
  const decide = (approved: boolean, reason: string): Tally => ({
    state: approved ? 'APPROVED' : 'REJECTED',
    reason,
    ...counts,
  });
  if (present < rules.quorum)
    return decide(false, `no quorum: ${present} of ${rules.quorum} members voted`);
  switch (rules.majority) {
    case 'UNANIMITY':
      return decide(counts.for === present, counts.for === present ? 'unanimous' : 'not unanimous');
    case 'TWO_THIRDS':
      return decide(
        3 * counts.for >= 2 * present,
        `${counts.for} of ${present} in favour (two thirds needed)`,
      );
    case 'SIMPLE': {
      if (counts.for !== counts.against) {
        return decide(counts.for > counts.against, `${counts.for} for, ${counts.against} against`);
      }
      const chair = votes.find(
        (v) => v.role === rules.chair && (v.vote === 'FOR' || v.vote === 'AGAINST'),
      );
      if (rules.chairHasCastingVote && chair) {
        return decide(chair.vote === 'FOR', `tie broken by the chair's casting vote`);
      }
      return decide(
        false,
        `tie (${counts.for} for, ${counts.against} against) with no casting vote`,
      );
    }
  }
}
