import type { PricedCostItem, Violation } from '@codev/domain';
import {
  type ApplicationWorkflowInput,
  dacPurposeOf,
  projectIndicatorsOf,
  type StatedIndicator,
} from '@codev/engine';
import type { JurisdictionEntity, ProgrammeVersionEntity } from '@codev/persistence';
import { ancestry } from './submission-facts';

/** A submission judged: what its workflow starts with, less what the intake adds last. */
export type Prepared = Omit<ApplicationWorkflowInput, 'applicationId' | 'record'> & {
  record: Omit<ApplicationWorkflowInput['record'], 'fingerprint' | 'submittedBy'>;
};

/**
 * What every application's row says of its programme version, its project and its place:
 * with the indicators it reports on and the DAC purpose its type maps to in the programme.
 * `violations` collects what is wrong with the indicators stated.
 */
export function recordOf(
  version: ProgrammeVersionEntity,
  s: {
    title: string;
    sector: string;
    documents?: { documentType: string; uri: string }[] | null;
    indicators?: StatedIndicator[] | null;
  },
  place: JurisdictionEntity,
  costItems: PricedCostItem[],
  violations: Violation[],
) {
  const { subdivision, municipality } = ancestry(place);
  const stated = projectIndicatorsOf(version.definition, s.sector, s.indicators ?? []);
  violations.push(...stated.violations);
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
    ...(stated.indicators.length ? { indicators: stated.indicators } : {}),
    dacPurpose: dacPurposeOf(version.definition, s.sector),
  };
}
