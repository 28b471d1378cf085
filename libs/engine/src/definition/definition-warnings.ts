import Decimal from 'decimal.js';
import type { Violation } from '@codev/domain/errors/violation';
import type { ProgrammeDefinition } from './programme-definition.schema';

/**
 * What a definition says that is valid but perhaps not meant, returned with the saved version
 * for its designer to confirm. Share weights are relative: equal ratios (1:1:1) and
 * percentages adding to 100 say plainly what each party pays; anything else is normalised,
 * and the warning spells out the shares that result.
 */
export function definitionWarnings(d: ProgrammeDefinition): Violation[] {
  const weights = d.funding.shares.map((s) => new Decimal(s.weight));
  const total = weights.reduce((a, b) => a.plus(b), new Decimal(0));
  const equal = weights.every((w) => w.eq(weights[0]));
  if (equal || total.eq(100)) return [];
  const shares = d.funding.shares
    .map((s, i) => `${s.role} ${weights[i].div(total).times(100).toDecimalPlaces(2).toString()}%`)
    .join(', ');
  return [
    {
      path: 'funding.shares',
      message: `weights add up to ${total.toString()}, not 100: each share is its weight / ${total.toString()} (${shares})`,
    },
  ];
}
