import type { Violation } from '../errors/violation';
import { Dec, minorUnitDigits, parseAmount } from './money';

/** What a cost item is counted in: an expert mission in days, travel in trips… */
export const COST_UNITS = ['DAY', 'MONTH', 'TRIP', 'PERSON', 'UNIT', 'LUMP_SUM'] as const;
export type CostUnit = (typeof COST_UNITS)[number];

/** A kind of cost a programme funds, as its definition declares it. */
export interface CostItemDefinition {
  code: string;
  label: string;
  unit: CostUnit;
  /** The most one unit may cost, in the programme's currency (a daily rate's ceiling). */
  maxUnitCost?: string;
}

/** A line of an application's budget, as the applicant writes it. */
export interface CostItemInput {
  code: string;
  description: string;
  /** How many units: days, trips… (up to two decimals: half days). */
  quantity: string;
  unitCost: string;
}

export interface PricedCostItem extends CostItemInput {
  unit: CostUnit;
  /** quantity × unitCost, rounded half-even to the currency's minor unit. */
  amount: string;
}

const QUANTITY = /^\d{1,9}(\.\d{1,2})?$/;

/**
 * An itemised budget against the programme's cost items: each line's amount (quantity ×
 * unit cost, rounded to the currency's minor unit) and the total, which is the sum of the
 * lines' amounts exactly. Every problem is named by its path under `costItems`.
 */
export function priceCostItems(
  catalogue: readonly CostItemDefinition[],
  items: readonly CostItemInput[],
  currency: string,
): { ok: true; items: PricedCostItem[]; total: string } | { ok: false; violations: Violation[] } {
  const violations: Violation[] = [];
  const priced: PricedCostItem[] = [];
  const digits = minorUnitDigits(currency);
  if (!items.length)
    violations.push({ path: 'costItems', message: 'a budget has at least one line' });
  items.forEach((item, i) => {
    const at = (field: string) => `costItems[${i}].${field}`;
    const kind = catalogue.find((c) => c.code === item.code);
    if (!kind) {
      violations.push({
        path: at('code'),
        message: `"${item.code}" is not a cost item of this programme (${catalogue.map((c) => c.code).join(', ')})`,
      });
      return;
    }
    const before = violations.length;
    if (!QUANTITY.test(item.quantity) || new Dec(item.quantity).isZero())
      violations.push({
        path: at('quantity'),
        message: 'must be a positive number with at most two decimals',
      });
    const unitCost = parseAmount(item.unitCost, currency);
    if (!unitCost.ok) violations.push({ path: at('unitCost'), message: unitCost.reason });
    else if (unitCost.value.isZero())
      violations.push({ path: at('unitCost'), message: 'must be positive' });
    else if (kind.maxUnitCost && new Dec(item.unitCost).gt(kind.maxUnitCost))
      violations.push({
        path: at('unitCost'),
        message: `must be at most ${kind.maxUnitCost} ${currency} per ${kind.unit.toLowerCase()}`,
      });
    if (violations.length > before) return;
    const amount = new Dec(item.quantity)
      .times(item.unitCost)
      .toDecimalPlaces(digits, Dec.ROUND_HALF_EVEN);
    priced.push({ ...item, unit: kind.unit, amount: amount.toFixed(digits) });
  });
  if (violations.length) return { ok: false, violations };
  const total = priced.reduce((s, p) => s.plus(p.amount), new Dec(0));
  return { ok: true, items: priced, total: total.toFixed(digits) };
}
