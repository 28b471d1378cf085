import fc from 'fast-check';
import { rankPriorities } from './priority-tally';

describe('rankPriorities', () => {
  it('orders by votes, ties share a rank in ballot order', () => {
    expect(
      rankPriorities(['ROADS', 'POTABLE_WATER', 'HEALTH_CENTRE', 'SEWERAGE'], {
        POTABLE_WATER: 5,
        ROADS: 2,
        HEALTH_CENTRE: 2,
      }),
    ).toEqual([
      { priority: 'POTABLE_WATER', votes: 5, rank: 1 },
      { priority: 'ROADS', votes: 2, rank: 2 },
      { priority: 'HEALTH_CENTRE', votes: 2, rank: 2 },
      { priority: 'SEWERAGE', votes: 0, rank: 4 },
    ]);
  });

  it('keeps every priority and every vote, whatever the tally', () => {
    const codes = ['A', 'B', 'C', 'D', 'E'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...codes), { maxLength: 200 }), (votes) => {
        const tally: Record<string, number> = {};
        for (const v of votes) tally[v] = (tally[v] ?? 0) + 1;
        const ranked = rankPriorities(codes, tally);
        const total = ranked.reduce((s, r) => s + r.votes, 0);
        const ordered = ranked.every((r, i) => i === 0 || ranked[i - 1].votes >= r.votes);
        return ranked.length === codes.length && total === votes.length && ordered;
      }),
    );
  });
});
