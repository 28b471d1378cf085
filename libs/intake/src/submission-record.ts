import type { PricedCostItem } from '@codev/domain';
import type { ApplicationWorkflowInput } from '@codev/engine';
import type { JurisdictionEntity, ProgrammeVersionEntity } from '@codev/persistence';
import { ancestry } from './submission-facts';

/** A submission judged: what its workflow starts with, less what the intake adds last. */
export type Prepared = Omit<ApplicationWorkflowInput, 'applicationId' | 'record'> & {
  record: Omit<ApplicationWorkflowInput['record'], 'fingerprint' | 'submittedBy'>;
};

/** What every application's row says of its programme version, its project and its place. */
export function recordOf(
  version: ProgrammeVersionEntity,
  s: { title: string; sector: string; documents?: { documentType: string; uri: string }[] | null },
  place: JurisdictionEntity,
  costItems: PricedCostItem[],
) {
  const { subdivision, municipality } = ancestry(place);
  return {
    programmeId: version.programmeId,
    programmeVersionId: version.id,
    programmeVersion: version.version,
    title: s.title.trim(),
    sector: s.sector,
    projectJurisdictionId: place.id,
    countryCode: place.countryCode,
    subdivisionCode: subdivision,
    municipalityCode: municipality,
    documents: s.documents ?? [],
    ...(costItems.length ? { costItems } : {}),
  };
}
