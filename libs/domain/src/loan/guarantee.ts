import { Dec, minorUnitDigits } from '../funding/money';

/**
 * What a guarantee fund owes the lender when `writtenOff` (major units of `currency`) has been
 * written off: its agreed `percent`, rounded half-even on the total so that calls made
 * piecemeal add up to it exactly.
 */
export function guaranteeShare(writtenOff: string, percent: string, currency: string): string {
  return new Dec(writtenOff)
    .times(percent)
    .dividedBy(100)
    .toFixed(minorUnitDigits(currency), Dec.ROUND_HALF_EVEN);
}
