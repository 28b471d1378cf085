import { z } from 'zod';
import { roleRef, stageBase } from '../../definition/schema-atoms';
import { MEMBER_ROLES } from '../action-spec';
import { withBlockingFindings } from '../facts';
import { expectedReport, nextReport, reportActions, type ReportingState } from './reports';
import { refuse, type StageKind, type Step } from '../stage-kind';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('MONITORING'),
  supervisor: roleRef.describe('The supervising body (e.g. the works committee).'),
  reports: z
    .array(expectedReport)
    .min(1)
    .describe(
      'Reports due, in order: a type the supervisor files, or { type, filedBy } another party files and the supervisor accepts',
    ),
  findingsBlockDisbursement: z
    .boolean()
    .default(true)
    .describe('Unresolved findings hold back every later tranche.'),
});
export type MonitoringStage = z.infer<typeof schema>;

interface State extends ReportingState {
  reports: string[];
  /** finding id → still open */
  findings: Record<string, boolean>;
}

const openCount = (s: State) => Object.values(s.findings).filter(Boolean).length;
const done = (stage: MonitoringStage, s: State): Step<State>['outcome'] =>
  !nextReport(stage, s) && openCount(s) === 0 ? { done: true } : undefined;
const findingFacts = (stage: MonitoringStage, s: State) =>
  withBlockingFindings(stage.id, stage.findingsBlockDisbursement ? openCount(s) : 0);

export const monitoringKind: StageKind<MonitoringStage, State> = {
  kind: 'MONITORING',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    'A supervising body files reports in order and raises findings that hold back tranches.',
  ),
  check: (stage, refs) => [
    ...refs.role(stage.supervisor, 'supervisor'),
    ...stage.reports.flatMap((r, i) =>
      typeof r === 'string' ? [] : refs.role(r.filedBy, `reports[${i}].filedBy`),
    ),
  ],
  start: () => ({ state: { reports: [], findings: {} }, status: 'IN_EXECUTION' }),
  // The party the next report is due from; the supervisor when one awaits its acceptance.
  waitingFor: (stage, state) => {
    const next = nextReport(stage, state);
    return [state.pending || !next ? stage.supervisor : next.filedBy];
  },
  actions: {
    ...reportActions<MonitoringStage, State>(done),
    raiseFinding: {
      spec: {
        mutation: 'raiseFinding',
        description: 'A finding that holds back the next tranche until resolved',
        inputType: 'RaiseFindingInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: { description: { type: 'text', max: 4000 } },
      },
      validate: (stage, _state, f: { description: string }, actor, ctx) =>
        ctx.actsAs(actor, stage.supervisor) ??
        (f.description.trim() ? undefined : refuse.badInput('a finding must be described')),
      apply: (stage, state, f: { description: string }, actor) => {
        const findingId = `finding-${Object.keys(state.findings).length + 1}`;
        const next = { ...state, findings: { ...state.findings, [findingId]: true } };
        return {
          state: next,
          events: [
            {
              kind: 'FINDING_RAISED',
              detail: { findingId },
              actor,
              role: stage.supervisor,
              reason: f.description,
            },
          ],
          facts: findingFacts(stage, next),
          reply: { findingId },
        };
      },
    },
    resolveFinding: {
      spec: {
        mutation: 'resolveFinding',
        description: 'Closes a finding; held-back tranches are released',
        inputType: 'ResolveFindingInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: { findingId: { type: 'key' }, resolution: { type: 'text', max: 4000 } },
      },
      validate: (stage, state, f: { findingId: string }, actor, ctx) =>
        ctx.actsAs(actor, stage.supervisor) ??
        (state.findings[f.findingId]
          ? undefined
          : refuse.conflict(`no open finding "${f.findingId}"`)),
      apply: (stage, state, f: { findingId: string; resolution: string }, actor) => {
        const next = { ...state, findings: { ...state.findings, [f.findingId]: false } };
        return {
          state: next,
          events: [
            {
              kind: 'FINDING_RESOLVED',
              detail: { findingId: f.findingId },
              actor,
              role: stage.supervisor,
              reason: f.resolution,
            },
          ],
          facts: findingFacts(stage, next),
          outcome: done(stage, next),
        };
      },
    },
  },
};
