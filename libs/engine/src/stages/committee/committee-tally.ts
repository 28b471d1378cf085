import Decimal from 'decimal.js';

/** A committee's voting rules, as a programme definition states them. */
export interface CommitteeRules {
  /** Seats per party; each seat weighs `weight` (1 unless given) in quorum and majority by weight. */
  members: { role: string; seats: number; weight?: string }[];
  chair: string;
  /** A second chair, from the other side of a bi-national committee. */
  coChair?: string;
  /** Present members (or their weight) needed to decide at all; recused members do not count. */
  quorum: number;
  quorumBy?: 'SEATS' | 'WEIGHT';
  majority: 'SIMPLE' | 'TWO_THIRDS' | 'UNANIMITY';
  /** On a tie, the chair's vote decides — with co-chairs, only when both voted alike. */
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

/** Whether `vote` may be cast now: a free seat of its role, and no second vote by one person. */
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

const seatsOf = (rules: CommitteeRules) => rules.members.reduce((n, m) => n + m.seats, 0);
const weightOf = (rules: CommitteeRules, role: string) =>
  new Decimal(rules.members.find((m) => m.role === role)?.weight ?? 1);

/**
 * Decides as soon as the outcome can no longer change — whatever the seats still to vote do —
 * or, with `final` (a deadline passed), on the votes cast. Recused members count neither
 * towards quorum nor majority: that is what recusal is for. A tie under simple majority goes
 * the chair's way only when the rules give a casting vote (and co-chairs agree).
 */
export function tallyCommittee(rules: CommitteeRules, votes: CastVote[], final = false): Tally {
  const seats = seatsOf(rules);
  if (votes.length >= seats || final) return decide(rules, votes);
  // The seats still empty, as if each voted X: if every X gives one outcome, it is settled.
  const empty = rules.members.flatMap((m) =>
    Array<string>(Math.max(0, m.seats - votes.filter((v) => v.role === m.role).length)).fill(
      m.role,
    ),
  );
  const outcomes = (['FOR', 'AGAINST', 'ABSTAIN', 'RECUSED'] as const).map(
    (x) =>
      decide(rules, [
        ...votes,
        ...empty.map((role, i) => ({ role, subject: `(empty seat ${i})`, vote: x })),
      ]).state,
  );
  if (outcomes.every((o) => o === outcomes[0])) {
    const now = decide(rules, votes);
    const settled = outcomes[0];
    const why =
      settled === 'APPROVED' ? 'no vote left can reject it' : 'no vote left can approve it';
    return {
      ...now,
      state: settled,
      reason: `${now.for} for, ${now.against} against with ${empty.length} seat(s) still to vote: ${why}`,
    };
  }
  return { state: 'PENDING', cast: votes.length, seats };
}

/** Whether enough members (or enough weight) are present for the votes cast to decide. */
export function hasQuorum(rules: CommitteeRules, votes: CastVote[]): boolean {
  const present = votes.filter((v) => v.vote !== 'RECUSED');
  const amount =
    rules.quorumBy === 'WEIGHT'
      ? present.reduce((w, v) => w.plus(weightOf(rules, v.role)), new Decimal(0))
      : new Decimal(present.length);
  return amount.gte(rules.quorum);
}

function decide(rules: CommitteeRules, votes: CastVote[]): Exclude<Tally, { state: 'PENDING' }> {
  const count = (v: Vote) => votes.filter((x) => x.vote === v).length;
  const weigh = (v: Vote) =>
    votes
      .filter((x) => x.vote === v)
      .reduce((w, x) => w.plus(weightOf(rules, x.role)), new Decimal(0));
  const counts = {
    for: count('FOR'),
    against: count('AGAINST'),
    abstained: count('ABSTAIN'),
    recused: count('RECUSED'),
  };
  const byWeight = rules.quorumBy === 'WEIGHT';
  const [f, a, ab] = (['FOR', 'AGAINST', 'ABSTAIN'] as const).map(weigh);
  const present = f.plus(a).plus(ab);
  const decideAs = (approved: boolean, reason: string) => ({
    state: approved ? ('APPROVED' as const) : ('REJECTED' as const),
    reason,
    ...counts,
  });
  const presentMembers = counts.for + counts.against + counts.abstained;
  if ((byWeight ? present : new Decimal(presentMembers)).lt(rules.quorum))
    return decideAs(
      false,
      byWeight
        ? `no quorum: a weight of ${present.toString()} of ${rules.quorum} voted`
        : `no quorum: ${presentMembers} of ${rules.quorum} members voted`,
    );
  const n = (d: Decimal) => d.toString();
  switch (rules.majority) {
    case 'UNANIMITY':
      return decideAs(f.eq(present), f.eq(present) ? 'unanimous' : 'not unanimous');
    case 'TWO_THIRDS':
      return decideAs(
        f.times(3).gte(present.times(2)),
        `${n(f)} of ${n(present)} in favour (two thirds needed)`,
      );
    case 'SIMPLE': {
      if (!f.eq(a)) return decideAs(f.gt(a), `${n(f)} for, ${n(a)} against`);
      const chairsVote = (role: string | undefined) =>
        votes.find((v) => v.role === role && (v.vote === 'FOR' || v.vote === 'AGAINST'))?.vote;
      const chair = chairsVote(rules.chair);
      const co = rules.coChair ? chairsVote(rules.coChair) : chair;
      if (rules.chairHasCastingVote && chair && chair === co)
        return decideAs(
          chair === 'FOR',
          rules.coChair
            ? `tie broken by the co-chairs' casting vote`
            : `tie broken by the chair's casting vote`,
        );
      return decideAs(
        false,
        rules.chairHasCastingVote && rules.coChair
          ? `tie (${n(f)} for, ${n(a)} against) and the co-chairs divided`
          : `tie (${n(f)} for, ${n(a)} against) with no casting vote`,
      );
    }
  }
}
