import type { FieldSpec } from '../action-spec';
import type { Projection } from '../projection';
import { refuse, type Refusal, type StageContext } from '../stage-kind';

/** The actual value of one of the project's indicators, as a report or an evaluation gives it. */
export interface IndicatorValue {
  indicator: string;
  value: string;
}

/** The field a monitoring report or an evaluation records actuals with. */
export const indicatorValuesField: FieldSpec = {
  type: 'list',
  of: {
    inputType: 'IndicatorValueInput',
    fields: {
      indicator: { type: 'key', description: 'One of the indicators the project reports on' },
      value: { type: 'decimal', description: 'Its actual value now, in its unit' },
    },
  },
  min: 0,
  max: 50,
  optional: true,
  description: "Actual values of the project's indicators, measured now",
};

/** A refusal unless every value is of an indicator the project reports on, each once. */
export function checkIndicatorValues(
  values: readonly IndicatorValue[] | null | undefined,
  ctx: StageContext,
): Refusal | undefined {
  const known = ctx.indicators.map((i) => i.code);
  const violations = (values ?? []).flatMap((v, i) => {
    const path = `indicatorValues[${i}].indicator`;
    if (!known.includes(v.indicator))
      return [
        {
          path,
          message: `"${v.indicator}" is not an indicator of this project${known.length ? ` (${known.join(', ')})` : ''}`,
        },
      ];
    return values!.findIndex((x) => x.indicator === v.indicator) !== i
      ? [{ path, message: 'is given twice' }]
      : [];
  });
  return violations.length
    ? refuse.badInput('indicator values do not match the project', violations)
    : undefined;
}

/** The effect recording actuals, when there are any. */
export function measured(
  values: readonly IndicatorValue[] | null | undefined,
  source: 'MONITORING' | 'EVALUATION',
  reportType: string | null,
) {
  return values?.length
    ? [{ type: 'indicators.measure', values: [...values], source, reportType }]
    : [];
}

/** Actuals are appended: a project's result is its latest measurement of each indicator. */
export const indicatorProjection: Projection = {
  'indicators.measure': async (e, { sql, applicationId }) => {
    const values = e.values as IndicatorValue[];
    await sql.query(
      `INSERT INTO indicator_measurement (application_id, indicator, value, stage_id, source, report_type)
       SELECT $1, v.indicator, v.value, $4, $5, $6 FROM unnest($2::text[], $3::numeric[]) AS v (indicator, value)`,
      [
        applicationId,
        values.map((v) => v.indicator),
        values.map((v) => v.value),
        e.stageId,
        e.source,
        e.reportType,
      ],
    );
  },
};
