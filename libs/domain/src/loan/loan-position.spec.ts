import * as fc from 'fast-check';
import { formatDayNumber, parseLocalDate } from '../calendar/local-date';
import { Dec } from '../funding/money';
import { instalmentSchedule } from './instalment-schedule';
import { loanTermsArbitrary } from './__tests__/loan-terms.arbitrary';
import { type LoanEvent, loanPosition } from './loan-position';
import { ageingBucketOf, portfolioAtRisk } from './portfolio-at-risk';

// A migrant entrepreneur's micro-loan: 600,000 XOF at 24% flat, two months of grace, then six
// monthly instalments of 100,000 principal; interest 12,000 a month throughout.
const TERMS = {
  principal: '600000',
  currency: 'XOF',
  annualRatePercent: '24',
  method: 'FLAT',
  frequency: 'MONTHLY',
  instalments: 6,
  gracePeriods: 2,
} as const;
const schedule = instalmentSchedule(TERMS, '2026-01-15', () => true);
const paid = (on: string, amount: string, reference = `R-${on}`): LoanEvent => ({
  kind: 'REPAYMENT',
  on,
  amount,
  reference,
});
const onTime = [
  paid('2026-02-13', '12000'),
  paid('2026-03-15', '12000'),
  paid('2026-04-15', '112000'),
];

describe('loanPosition', () => {
  it('is current while every instalment is paid on time', () => {
    const p = loanPosition(schedule, onTime, '2026-05-15');
    expect(p).toMatchObject({
      status: 'CURRENT',
      principalRepaid: '100000',
      principalOutstanding: '500000',
      interestPaid: '36000',
      arrears: '0',
      daysPastDue: 0,
    });
    expect(p.instalments.map((i) => i.status)).toEqual([
      'PAID',
      'PAID',
      'PAID',
      'DUE',
      'FUTURE',
      'FUTURE',
      'FUTURE',
      'FUTURE',
    ]);
  });

  it('ages a missed instalment into PAR30, then cures it when the arrears are paid', () => {
    const late = loanPosition(schedule, onTime, '2026-06-16');
    expect(late).toMatchObject({
      status: 'IN_ARREARS',
      arrears: '224000',
      daysPastDue: 32,
      principalOutstanding: '500000',
    });
    expect(ageingBucketOf(late.daysPastDue)).toBe('31-60');
    const other = loanPosition(
      schedule,
      [...onTime, paid('2026-05-15', '112000'), paid('2026-06-15', '112000')],
      '2026-06-16',
    );
    expect(portfolioAtRisk([late, other], 30)).toEqual([
      {
        currency: 'XOF',
        loans: 2,
        outstanding: '800000',
        atRisk: '500000',
        loansAtRisk: 1,
        percent: '62.50',
      },
    ]);

    // A partial payment pays the oldest instalment's interest, then its principal.
    const partly = loanPosition(schedule, [...onTime, paid('2026-06-18', '50000')], '2026-06-18');
    expect(partly.instalments[3]).toMatchObject({
      interestPaid: '12000',
      principalPaid: '38000',
      status: 'OVERDUE',
    });
    expect(partly.daysPastDue).toBe(34);

    const cured = loanPosition(
      schedule,
      [...onTime, paid('2026-06-18', '50000'), paid('2026-06-20', '174000')],
      '2026-06-20',
    );
    expect(cured).toMatchObject({ status: 'CURRENT', arrears: '0', daysPastDue: 0 });
    expect(cured.instalments[3]).toMatchObject({ status: 'PAID', daysLate: 36 });
    expect(portfolioAtRisk([cured, other], 30)[0]).toMatchObject({ atRisk: '0', percent: '0.00' });
  });

  it('an early repayment of the rest prepays the principal and waives the interest not yet due', () => {
    const events = [
      ...onTime,
      paid('2026-05-15', '112000'),
      paid('2026-06-15', '112000'),
      paid('2026-07-10', '312000'),
    ];
    const p = loanPosition(schedule, events, '2026-12-31');
    expect(p).toMatchObject({
      status: 'REPAID',
      principalOutstanding: '0',
      principalRepaid: '600000',
      overpaid: '0',
    });
    expect(p.instalments.slice(5).map((i) => i.status)).toEqual(['PAID', 'WAIVED', 'WAIVED']);
    expect(p.interestPaid).toBe('72000');
    // A payment after that is owed back to the borrower.
    expect(
      loanPosition(schedule, [...events, paid('2026-08-15', '1000')], '2026-12-31').overpaid,
    ).toBe('1000');
  });

  it('a write-off takes the outstanding principal out of the portfolio; a recovery brings it back as repaid', () => {
    const events: LoanEvent[] = [
      ...onTime,
      { kind: 'WRITE_OFF', on: '2026-12-01', reason: 'business closed', reference: 'W1' },
    ];
    const off = loanPosition(schedule, events, '2026-12-31');
    expect(off).toMatchObject({
      status: 'WRITTEN_OFF',
      principalWrittenOff: '500000',
      principalOutstanding: '0',
      arrears: '0',
    });
    expect(portfolioAtRisk([off], 30)).toEqual([]);
    const recovered = loanPosition(
      schedule,
      [...events, paid('2027-01-10', '80000')],
      '2027-01-31',
    );
    expect(recovered).toMatchObject({ principalWrittenOff: '420000', principalRepaid: '180000' });
  });

  it('ignores events after the day asked about; a payment ahead of its date pays that instalment', () => {
    const p = loanPosition(schedule, onTime, '2026-03-01');
    expect(p).toMatchObject({ principalRepaid: '0', interestPaid: '12000' });
    expect(p.instalments[0]).toMatchObject({ status: 'PAID', daysLate: 0 });
  });
});

describe('loanPosition: properties', () => {
  const event = fc.oneof(
    {
      weight: 9,
      arbitrary: fc.record({
        day: fc.integer({ min: 0, max: 2000 }),
        cents: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ day: fc.integer({ min: 0, max: 2000 }), writeOff: fc.constant(true) }),
    },
  );

  it('disbursed = repaid + outstanding + written off, and every cent received is accounted for', () => {
    fc.assert(
      fc.property(
        loanTermsArbitrary,
        fc.array(event, { maxLength: 30 }),
        fc.integer({ min: 0, max: 2500 }),
        (terms, raw, asOfDay) => {
          const start = parseLocalDate('2026-01-01')!;
          const s = instalmentSchedule(terms, '2026-01-01', () => true);
          const events: LoanEvent[] = raw.map((e, n) =>
            'writeOff' in e
              ? {
                  kind: 'WRITE_OFF',
                  on: formatDayNumber(start + e.day),
                  reason: 'test',
                  reference: `W${n}`,
                }
              : paid(
                  formatDayNumber(start + e.day),
                  new Dec(e.cents.toString()).dividedBy(100).toFixed(2),
                  `R${n}`,
                ),
          );
          const asOf = formatDayNumber(start + asOfDay);
          const p = loanPosition(s, events, asOf);
          const d = (a: string) => new Dec(a);
          expect(
            d(p.principalRepaid)
              .plus(p.principalOutstanding)
              .plus(p.principalWrittenOff)
              .toFixed(2),
          ).toBe(p.principalDisbursed);
          const received = events
            .filter((e) => e.kind === 'REPAYMENT' && e.on <= asOf)
            .reduce((sum, e) => sum.plus((e as { amount: string }).amount), new Dec(0));
          expect(d(p.principalRepaid).plus(p.interestPaid).plus(p.overpaid).toFixed(2)).toBe(
            received.toFixed(2),
          );
          for (const a of [p.principalOutstanding, p.principalWrittenOff, p.arrears, p.overpaid])
            expect(d(a).isNegative()).toBe(false);
          if (p.status === 'REPAID') expect(d(p.principalOutstanding).isZero()).toBe(true);
          if (p.status === 'IN_ARREARS') expect(p.daysPastDue).toBeGreaterThan(0);
          else expect(p.daysPastDue).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('loanPosition: rescheduling', () => {
  /** A new schedule for what is outstanding on `on`, numbered after the old instalments. */
  const reschedule = (events: LoanEvent[], on: string, instalments: number): LoanEvent => {
    const outstanding = loanPosition(schedule, events, on).principalOutstanding;
    const fresh = instalmentSchedule(
      { ...TERMS, principal: outstanding, instalments, gracePeriods: 0 },
      on,
      () => true,
    );
    return {
      kind: 'RESCHEDULE',
      on,
      reference: `S-${on}`,
      instalments: fresh.instalments.map((i) => ({ ...i, number: i.number + 100 })),
    };
  };

  it('moves the arrears principal into new instalments; interest already due stays due', () => {
    const late = loanPosition(schedule, onTime, '2026-06-16');
    expect(late.arrears).toBe('224000');
    const events = [...onTime, reschedule(onTime, '2026-06-20', 10)];
    const p = loanPosition(schedule, events, '2026-06-20');
    // Instalments 4 and 5 keep their 12,000 of interest each, overdue; no principal is.
    expect(p).toMatchObject({
      status: 'IN_ARREARS',
      arrears: '24000',
      principalOutstanding: '500000',
    });
    const added = p.instalments.filter((i) => i.number > 100);
    expect(added).toHaveLength(10);
    expect(added.reduce((sum, i) => sum + Number(i.principalDue), 0)).toBe(500000);
    // Paying the interest in arrears cures it; the old future instalments are gone.
    const cured = loanPosition(schedule, [...events, paid('2026-06-21', '24000')], '2026-06-21');
    expect(cured).toMatchObject({ status: 'CURRENT', daysPastDue: 0 });
    expect(cured.instalments.filter((i) => i.number <= 100 && i.number > 5)).toEqual([]);
  });

  it('keeps every cent accounted for through any sequence with reschedulings', () => {
    const step = fc.record({
      day: fc.integer({ min: 0, max: 1500 }),
      cents: fc.bigInt({ min: 1n, max: 10n ** 8n }),
      reschedule: fc.option(fc.integer({ min: 1, max: 24 }), { freq: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 20 }),
        fc.integer({ min: 0, max: 2000 }),
        (steps, asOfDay) => {
          const start = parseLocalDate('2026-01-15')!;
          const events: LoanEvent[] = [];
          for (const [n, s] of [...steps].sort((a, b) => a.day - b.day).entries()) {
            const on = formatDayNumber(start + s.day);
            if (s.reschedule === null)
              events.push(paid(on, new Dec(s.cents.toString()).toFixed(0), `R${n}`));
            else if (!new Dec(loanPosition(schedule, events, on).principalOutstanding).isZero())
              events.push(reschedule(events, on, s.reschedule));
          }
          const asOf = formatDayNumber(start + asOfDay);
          const p = loanPosition(schedule, events, asOf);
          const d = (a: string) => new Dec(a);
          expect(d(p.principalRepaid).plus(p.principalOutstanding).toFixed(0)).toBe(
            p.principalDisbursed,
          );
          const received = events
            .filter(
              (e): e is Extract<LoanEvent, { kind: 'REPAYMENT' }> =>
                e.kind === 'REPAYMENT' && e.on <= asOf,
            )
            .reduce((sum, e) => sum.plus(e.amount), new Dec(0));
          expect(d(p.principalRepaid).plus(p.interestPaid).plus(p.overpaid).toFixed(0)).toBe(
            received.toFixed(0),
          );
          if (p.status === 'CURRENT' || p.status === 'IN_ARREARS') {
            const off = loanPosition(schedule, [...events, paid(asOf, p.payoff, 'PAYOFF')], asOf);
            expect([off.status, off.overpaid]).toEqual(['REPAID', '0']);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
