import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import { atMinorUnits } from '@codev/domain';
import { ApplicationEntity } from '@codev/persistence';
import { Application, ApplicationStatus, FundingLine } from './application.model';

export function toApplication(
  e: ApplicationEntity,
  programme: { key: string; version: number },
): Application {
  return {
    id: e.id,
    title: e.title,
    sector: e.sector,
    status: e.status as ApplicationStatus,
    activeStages: e.activeStages,
    waitingFor: e.waitingFor,
    programmeKey: programme.key,
    programmeVersion: programme.version,
    totalAmount: e.fundingSplit.total,
    currency: e.currency,
    fundingSplit: toFundingLines(e.fundingSplit),
    submittedBy: e.submittedBy,
    submittedAt: e.submittedAt,
    closedAt: e.closedAt,
    disbursementTimeline: e.disbursementTimeline,
    certificate: e.certificate,
    plaqueText: e.plaqueText,
    costItems: e.costItems.map((c) => ({
      code: c.code,
      description: c.description,
      unit: c.unit,
      quantity: c.quantity,
      unitCost: { amount: atMinorUnits(c.unitCost, e.currency), currency: e.currency },
      amount: { amount: c.amount, currency: e.currency },
    })),
    subdivisionCode: e.subdivisionCode,
    municipalityCode: e.municipalityCode,
    applicantId: e.applicantId,
    projectJurisdictionId: e.projectJurisdictionId,
    programmeVersionId: e.programmeVersionId,
  };
}

/** Each funder's line of a split, with the pledge in its own currency and the rate's source. */
export function toFundingLines(split: FundingSplit): FundingLine[] {
  return split.lines.map((l) => ({
    role: l.role,
    amount: l.amount,
    coversRole: l.coversRole ?? null,
    pledgedAmount: l.pledged?.amount ?? null,
    pledgedCurrency: l.pledged?.currency ?? null,
    exchangeRate: l.pledged?.rate ?? null,
    exchangeRateSource: l.pledged?.source ?? null,
    exchangeRateDate: l.pledged?.validOn ?? null,
  }));
}
