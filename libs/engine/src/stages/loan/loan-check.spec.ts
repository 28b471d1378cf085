import { instalmentSchedule } from '@codev/domain/loan/instalment-schedule';
import { loanPosition } from '@codev/domain/loan/loan-position';
import { settled } from './loan-timer';

// When the LOAN stage's timer wakes it: the end of the next unpaid due date, or the last day
// before the loan crosses 30 or 90 days past due, at midnight in the borrower's zone.
const schedule = instalmentSchedule(
  {
    principal: '600000',
    currency: 'XOF',
    annualRatePercent: '24',
    method: 'FLAT',
    frequency: 'MONTHLY',
    instalments: 6,
  },
  '2026-01-15',
  () => true,
);

describe('the LOAN stage timer', () => {
  it('wakes at the end of the next due date while the loan is current', () => {
    const r = settled(loanPosition(schedule, [], '2026-02-01'), '2026-02-01', 'Africa/Dakar');
    expect(r).toEqual({
      status: 'CURRENT',
      arrears: '0',
      daysPastDue: 0,
      nextCheckAt: '2026-02-16T00:00:00.000Z',
    });
  });

  it('in arrears, wakes when the loan would cross into 30 days past due, before the next due date', () => {
    const r = settled(loanPosition(schedule, [], '2026-02-20'), '2026-02-20', 'Africa/Dakar');
    expect(r).toMatchObject({
      status: 'IN_ARREARS',
      daysPastDue: 5,
      nextCheckAt: '2026-03-16T00:00:00.000Z',
    });
    // On 16 March it is 29 days late: the next look is the end of 17 March, when it turns 30
    // (midnight on the 18th, in Mexico City here), before the next due date on 15 April.
    const later = settled(
      loanPosition(schedule, [], '2026-03-16'),
      '2026-03-16',
      'America/Mexico_City',
    );
    expect(later.nextCheckAt).toBe('2026-03-18T06:00:00.000Z');
  });

  it('stops once the loan is repaid', () => {
    const events = [
      { kind: 'REPAYMENT' as const, on: '2026-02-01', amount: '612000', reference: 'R' },
    ];
    expect(
      settled(loanPosition(schedule, events, '2026-02-01'), '2026-02-01', 'Africa/Dakar'),
    ).toMatchObject({
      status: 'REPAID',
      nextCheckAt: null,
    });
  });
});
