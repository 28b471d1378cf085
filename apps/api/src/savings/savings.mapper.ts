import { atMinorUnits, type SavingsPosition } from '@codev/domain';
import type { Money } from '../applications/application.model';
import type { SavingsAccountModel, SavingsReleaseModel } from './savings.model';
import type { SavingsAccountRecord, SavingsReleaseRecord } from './savings.service';

const money = (amount: string, currency: string): Money => ({
  amount: atMinorUnits(amount, currency),
  currency,
});

export function toSavingsAccount(s: SavingsAccountRecord, p: SavingsPosition): SavingsAccountModel {
  const m = (amount: string) => money(amount, s.currency);
  return {
    stageId: s.stageId,
    deposited: m(p.deposited),
    released: m(p.released),
    withdrawn: m(p.withdrawn),
    balance: m(p.balance),
    matched: m(p.matched),
    yearlyReliefCap: s.yearlyReliefCap ? m(s.yearlyReliefCap) : null,
    years: p.years.map((y) => ({
      year: y.year,
      deposited: m(y.deposited),
      taxRelieved: m(y.taxRelieved),
      aboveCap: m(y.aboveCap),
    })),
    reliefReclaimed: m(p.reliefReclaimed),
    events: s.events.map((e) => ({
      kind: e.kind,
      reference: e.reference,
      on: e.on,
      amount: m(e.amount),
      projectApplicationId: e.kind === 'RELEASE' ? e.projectApplicationId : null,
      projectAmount:
        e.projectAmount && e.projectCurrency ? money(e.projectAmount, e.projectCurrency) : null,
      matched: e.kind === 'RELEASE' && e.matched ? m(e.matched) : null,
    })),
  };
}

export const toReleaseModel = (r: SavingsReleaseRecord): SavingsReleaseModel => ({
  on: r.on,
  amount: money(r.amount, r.currency),
  projectAmount: money(r.projectAmount, r.projectCurrency),
  projectMatched: r.projectMatched ? money(r.projectMatched, r.projectCurrency) : null,
});
