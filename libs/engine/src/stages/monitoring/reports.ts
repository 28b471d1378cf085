import { code, roleRef } from '../../definition/schema-atoms';
import { z } from 'zod';
import { MEMBER_ROLES } from '../action-spec';
import { withReport } from '../facts';
import { refuse, type StageAction, type Step } from '../stage-kind';
import {
  checkIndicatorValues,
  type IndicatorValue,
  indicatorValuesField,
  measured,
} from '../evaluation/indicator-values';

/**
 * A report a MONITORING stage expects: its type, filed by the supervisor (then accepted as it
 * is filed), or `{ type, filedBy }` — by another party, the beneficiary's own justification
 * for instance — which the supervisor then accepts or returns.
 */
export const expectedReport = z.union([
  code,
  z.strictObject({
    type: code,
    filedBy: roleRef.describe('The party that files it; the supervisor accepts or returns it'),
  }),
]);
export type ExpectedReport = z.infer<typeof expectedReport>;

interface ReportingStage {
  supervisor: string;
  reports: ExpectedReport[];
}
export interface ReportingState {
  /** Reports accepted, in order. */
  reports: string[];
  /** Filed by a party other than the supervisor, waiting for its acceptance. */
  pending?: { reportType: string; uri: string; by: string; values?: IndicatorValue[] } | null;
}

/** Each expected report as `{ type, filedBy }`. */
export const reportsOf = (stage: ReportingStage) =>
  stage.reports.map((r) => (typeof r === 'string' ? { type: r, filedBy: stage.supervisor } : r));

/** The next report due, if any. */
export const nextReport = (stage: ReportingStage, state: ReportingState) =>
  reportsOf(stage).find((r) => !state.reports.includes(r.type));

type Filing = {
  reportType: string;
  uri: string;
  summary: string;
  indicatorValues?: IndicatorValue[] | null;
};
type Acceptance = { reportType: string; decision: 'ACCEPT' | 'RETURN'; reason: string };

/**
 * Filing and accepting reports. `accepted` is what the stage does once a report is in: the
 * report published for the tranches waiting on it, and the stage done when all are.
 */
export function reportActions<D extends ReportingStage, S extends ReportingState>(
  accepted: (stage: D, state: S) => Step<S>['outcome'],
): { fileReport: StageAction<D, S, Filing>; acceptReport: StageAction<D, S, Acceptance> } {
  return {
    fileReport: {
      spec: {
        mutation: 'fileMonitoringReport',
        description:
          'A monitoring report, filed by the party the definition expects it from: the supervisor (accepted as filed) or another party, whose report then waits for the supervisor’s acceptance',
        inputType: 'FileReportInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: {
          reportType: { type: 'code' },
          uri: { type: 'uri' },
          summary: { type: 'text', max: 4000 },
          indicatorValues: indicatorValuesField,
        },
      },
      validate: (stage, state, r, actor, ctx) => {
        const next = nextReport(stage, state);
        const notParty = ctx.actsAs(actor, next?.filedBy ?? stage.supervisor);
        if (notParty) return notParty;
        if (!next) return refuse.conflict('every report is filed');
        if (r.reportType !== next.type)
          return refuse.conflict(`the next report due is ${next.type}`);
        return state.pending
          ? refuse.conflict(`the ${next.type} report awaits the supervisor's acceptance`)
          : checkIndicatorValues(r.indicatorValues, ctx);
      },
      apply: (stage, state, r, actor, ctx) => {
        const next = nextReport(stage, state)!;
        const values = r.indicatorValues?.length ? r.indicatorValues : undefined;
        const event = {
          kind: 'REPORT_FILED',
          detail: {
            reportType: r.reportType,
            uri: r.uri,
            ...(values ? { indicatorValues: values } : {}),
          },
          actor,
          role: next.filedBy,
          reason: r.summary,
        };
        if (next.filedBy !== stage.supervisor)
          return {
            state: {
              ...state,
              pending: { reportType: r.reportType, uri: r.uri, by: actor.subject, values },
            },
            events: [{ ...event, detail: { ...event.detail, awaits: 'acceptance' } }],
          };
        const after = { ...state, reports: [...state.reports, r.reportType] };
        return {
          state: after,
          events: [event],
          effects: measured(values, 'MONITORING', r.reportType),
          facts: withReport(ctx.facts, r.reportType),
          outcome: accepted(stage, after),
        };
      },
    },
    acceptReport: {
      spec: {
        mutation: 'acceptMonitoringReport',
        description:
          'The supervisor accepts a report another party filed (the tranches waiting on it may go), or returns it with the reason, to be filed again',
        inputType: 'AcceptReportInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: {
          reportType: { type: 'code' },
          decision: { type: 'enum', name: 'ReportDecision', values: ['ACCEPT', 'RETURN'] },
          reason: { type: 'text', max: 4000 },
        },
      },
      validate: (stage, state, a, actor, ctx) =>
        ctx.actsAs(actor, stage.supervisor) ??
        (state.pending?.reportType === a.reportType
          ? undefined
          : refuse.conflict(`no ${a.reportType} report awaits acceptance`)),
      apply: (stage, state, a, actor, ctx) => {
        const event = {
          kind: a.decision === 'ACCEPT' ? 'REPORT_ACCEPTED' : 'REPORT_RETURNED',
          detail: { reportType: a.reportType, uri: state.pending!.uri },
          actor,
          role: stage.supervisor,
          reason: a.reason,
        };
        if (a.decision === 'RETURN') return { state: { ...state, pending: null }, events: [event] };
        const after = { ...state, pending: null, reports: [...state.reports, a.reportType] };
        return {
          state: after,
          events: [event],
          effects: measured(state.pending!.values, 'MONITORING', a.reportType),
          facts: withReport(ctx.facts, a.reportType),
          outcome: accepted(stage, after),
        };
      },
    },
  };
}
