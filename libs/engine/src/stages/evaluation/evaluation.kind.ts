import { z } from 'zod';
import { deadlineSchema, roleRef, stageBase } from '../../definition/schema-atoms';
import { MEMBER_ROLES } from '../action-spec';
import { refuse, type StageKind } from '../stage-kind';
import {
  checkIndicatorValues,
  type IndicatorValue,
  indicatorProjection,
  indicatorValuesField,
  measured,
} from './indicator-values';
import { evaluationProjection } from './evaluation.projection';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('EVALUATION'),
  reviewer: roleRef.describe('Who evaluates the work in use (e.g. the federal delegation).'),
  dueAfter: deadlineSchema.describe(
    'How long after the stage opens (placed after the handover: some months later) the evaluation falls due',
  ),
  calendarOf: roleRef.optional(),
});
export type EvaluationStage = z.infer<typeof schema>;

interface State {
  /** The time has come: the reviewer may file. */
  due: boolean;
}

const IN_USE = ['IN_USE', 'PARTLY_IN_USE', 'NOT_IN_USE'] as const;
interface Evaluation {
  inUse: (typeof IN_USE)[number];
  jobsCreated: string;
  peopleServed: string;
  uri: string;
  summary: string;
  indicatorValues?: IndicatorValue[] | null;
}

const whole = (v: string) => /^\d{1,9}$/.test(v);

export const evaluationKind: StageKind<EvaluationStage, State> = {
  kind: 'EVALUATION',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    'An evaluation some time after the handover: is the work in use, jobs created, people served, and the actual values of its indicators; a reviewer files it with its report.',
  ),
  projection: { ...indicatorProjection, ...evaluationProjection },
  check: (stage, refs) => refs.role(stage.reviewer, 'reviewer'),
  // The wait is the stage's deadline: when it passes, the evaluation falls due.
  start: (stage) => ({ state: { due: false }, deadline: stage.dueAfter }),
  expire: () => ({ state: { due: true }, events: [{ kind: 'EVALUATION_DUE' }] }),
  actingRole: (stage) => stage.reviewer,
  waitingFor: (stage, state) => (state.due ? [stage.reviewer] : []),
  actions: {
    fileEvaluation: {
      spec: {
        mutation: 'fileEvaluation',
        description:
          'The post-handover evaluation: whether the work is in use, jobs created, people served, the actual values of its indicators and the report',
        inputType: 'FileEvaluationInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: {
          inUse: { type: 'enum', name: 'WorkInUse', values: IN_USE },
          jobsCreated: { type: 'decimal', description: 'Jobs the project created, a whole number' },
          peopleServed: { type: 'decimal', description: 'People it serves, a whole number' },
          uri: { type: 'uri', description: 'The evaluation report' },
          summary: { type: 'text', max: 4000 },
          indicatorValues: indicatorValuesField,
        },
      },
      validate: (stage, state, e: Evaluation, actor, ctx) => {
        const notReviewer = ctx.actsAs(actor, stage.reviewer);
        if (notReviewer) return notReviewer;
        if (!state.due) return refuse.conflict('the evaluation is not due yet');
        const counts = (['jobsCreated', 'peopleServed'] as const)
          .filter((f) => !whole(e[f]))
          .map((f) => ({ path: f, message: 'must be a whole number' }));
        if (counts.length) return refuse.badInput('counts must be whole numbers', counts);
        if (!e.summary.trim()) return refuse.badInput('the evaluation needs its summary');
        return checkIndicatorValues(e.indicatorValues, ctx);
      },
      apply: (stage, state, e: Evaluation, actor) => ({
        state,
        events: [
          {
            kind: 'EVALUATION_FILED',
            detail: {
              inUse: e.inUse,
              jobsCreated: Number(e.jobsCreated),
              peopleServed: Number(e.peopleServed),
              uri: e.uri,
              ...(e.indicatorValues?.length ? { indicatorValues: e.indicatorValues } : {}),
            },
            actor,
            role: stage.reviewer,
            reason: e.summary,
          },
        ],
        effects: [
          {
            type: 'evaluation.record',
            inUse: e.inUse,
            jobsCreated: Number(e.jobsCreated),
            peopleServed: Number(e.peopleServed),
            uri: e.uri,
            summary: e.summary,
            by: actor.subject,
          },
          ...measured(e.indicatorValues, 'EVALUATION', null),
        ],
        outcome: { done: true },
      }),
    },
  },
};
