import type { Violation } from '@codev/domain';
import { DAC_PURPOSE_CODE } from '@codev/domain/iati/iati-codes';
import type { ProgrammeDefinition } from './programme-definition.schema';

/** An indicator a project reports on, with the baseline and target it set out with. */
export interface ProjectIndicator {
  code: string;
  label: string;
  unit: string;
  baseline: string;
  target: string;
}

export interface StatedIndicator {
  indicator: string;
  baseline: string;
  target: string;
}

/**
 * The indicators a project of `sector` reports on: those its programme declares for the type,
 * with the application's own baseline and target where it states them, else the definition's.
 * Every indicator needs both; an indicator the type does not declare is refused.
 */
export function projectIndicatorsOf(
  d: ProgrammeDefinition,
  sector: string,
  stated: readonly StatedIndicator[],
): { indicators: ProjectIndicator[]; violations: Violation[] } {
  const declared = d.projectTypes?.[sector]?.indicators ?? [];
  const violations: Violation[] = [];
  stated.forEach((s, i) => {
    if (!declared.some((x) => x.code === s.indicator))
      violations.push({
        path: `indicators[${i}].indicator`,
        message: `"${s.indicator}" is not an indicator of ${sector} projects in ${d.name}${declared.length ? `; declared: ${declared.map((x) => x.code).join(', ')}` : ''}`,
      });
    if (stated.findIndex((x) => x.indicator === s.indicator) !== i)
      violations.push({ path: `indicators[${i}].indicator`, message: 'is stated twice' });
  });
  const indicators = declared.flatMap((x) => {
    const own = stated.find((s) => s.indicator === x.code);
    const baseline = own?.baseline ?? x.baseline;
    const target = own?.target ?? x.target;
    if (baseline === undefined || target === undefined) {
      violations.push({
        path: 'indicators',
        message: `state the baseline and target of "${x.code}" (${x.unit})`,
      });
      return [];
    }
    return [{ code: x.code, label: x.label, unit: x.unit, baseline, target }];
  });
  return { indicators, violations };
}

/** The OECD DAC purpose code of a project type: the programme's mapping, else the shared one. */
export function dacPurposeOf(d: ProgrammeDefinition, sector: string): string {
  return d.projectTypes?.[sector]?.dacPurpose ?? DAC_PURPOSE_CODE[sector] ?? DAC_PURPOSE_CODE.OTHER;
}
