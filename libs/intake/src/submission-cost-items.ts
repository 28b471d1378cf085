import Decimal from 'decimal.js';
import {
  type CostItemInput,
  type PricedCostItem,
  priceCostItems,
  type Violation,
} from '@codev/domain';
import type { ProgrammeDefinition } from '@codev/engine';

/**
 * An application's itemised budget against its programme's cost items: required where the
 * programme declares them (and then the total is their sum), refused where it does not.
 */
export function costItemsOf(
  d: ProgrammeDefinition,
  s: { totalAmount: string; costItems?: CostItemInput[] | null },
): { violations: Violation[]; items: PricedCostItem[] } {
  const given = s.costItems ?? [];
  if (!d.costItems)
    return {
      violations: given.length
        ? [{ path: 'costItems', message: 'this programme does not itemise budgets: leave it out' }]
        : [],
      items: [],
    };
  if (!given.length)
    return {
      violations: [
        {
          path: 'costItems',
          message: `this programme's budget is itemised: give its lines (${d.costItems.map((c) => c.code).join(', ')})`,
        },
      ],
      items: [],
    };
  const priced = priceCostItems(d.costItems, given, d.currency);
  if (!priced.ok) return { violations: priced.violations, items: [] };
  const total = new Decimal(s.totalAmount);
  return {
    violations: total.eq(priced.total)
      ? []
      : [
          {
            path: 'totalAmount',
            message: `must be the sum of the cost items, ${priced.total} ${d.currency}`,
          },
        ],
    items: priced.items,
  };
}
