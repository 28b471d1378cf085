/** A priority's place in a consultation's published result. */
export interface RankedPriority {
  priority: string;
  votes: number;
  rank: number;
}

/**
 * The result of a consultation: priorities by votes, most first; priorities with equal votes
 * share a rank (1, 2, 2, 4), listed in the order they were put on the ballot, so the result
 * never depends on anything but the votes and the ballot.
 */
export function rankPriorities(
  ballot: readonly string[],
  tally: Readonly<Record<string, number>>,
): RankedPriority[] {
  const sorted = ballot
    .map((priority, order) => ({ priority, votes: tally[priority] ?? 0, order }))
    .sort((a, b) => b.votes - a.votes || a.order - b.order);
  return sorted.map(({ priority, votes }) => ({
    priority,
    votes,
    rank: 1 + sorted.filter((x) => x.votes > votes).length,
  }));
}
