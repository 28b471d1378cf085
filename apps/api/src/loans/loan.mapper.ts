import {
  ageingBucketOf,
  atMinorUnits,
  guaranteeShare,
  type LoanPosition,
  type PortfolioAtRisk,
} from '@codev/domain';
import type { Money } from '../applications/application.model';
import type { LoanRecord } from './loan.service';
import type { Loan, LoanPositionModel, PortfolioAtRiskModel } from './loan.model';

const moneyIn =
  (currency: string) =>
  (amount: string): Money => ({
    amount: atMinorUnits(amount, currency),
    currency,
  });

export function toLoan(l: LoanRecord): Loan {
  const money = moneyIn(l.currency);
  return {
    stageId: l.stageId,
    lenderRole: l.lenderRole,
    principal: money(l.principal),
    fee: money(l.schedule.fee),
    totalInterest: money(l.schedule.totalInterest),
    terms: l.terms,
    disbursedOn: l.disbursedOn,
    schedule: l.schedule.instalments.map((i) => ({
      number: i.number,
      dueOn: i.dueOn,
      principal: money(i.principal),
      interest: money(i.interest),
      total: money(i.total),
    })),
    scheduleData: l.schedule,
    guarantee: l.guarantee,
    guaranteedBy: l.guarantee ? `${l.guarantee.guarantor} ${l.guarantee.percent}%` : null,
    events: l.events,
  };
}

export function toLoanPosition(
  p: LoanPosition,
  asOf: string,
  guarantee: Loan['guarantee'],
): LoanPositionModel {
  const money = moneyIn(p.currency);
  return {
    asOf,
    status: p.status,
    principalRepaid: money(p.principalRepaid),
    principalOutstanding: money(p.principalOutstanding),
    principalWrittenOff: money(p.principalWrittenOff),
    interestPaid: money(p.interestPaid),
    arrears: money(p.arrears),
    daysPastDue: p.daysPastDue,
    ageing: ageingBucketOf(p.daysPastDue),
    overpaid: money(p.overpaid),
    payoff: money(p.payoff),
    guaranteeCalled: money(
      guarantee ? guaranteeShare(p.principalWrittenOff, guarantee.percent, p.currency) : '0',
    ),
    instalments: p.instalments.map((i) => ({
      number: i.number,
      dueOn: i.dueOn,
      principalDue: money(i.principalDue),
      interestDue: money(i.interestDue),
      principalPaid: money(i.principalPaid),
      interestPaid: money(i.interestPaid),
      status: i.status,
      daysLate: i.daysLate,
    })),
  };
}

export const toPortfolioAtRisk = (p: PortfolioAtRisk): PortfolioAtRiskModel => {
  const money = moneyIn(p.currency);
  return { ...p, outstanding: money(p.outstanding), atRisk: money(p.atRisk) };
};
