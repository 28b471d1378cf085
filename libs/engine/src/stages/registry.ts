import type { z } from 'zod';
import { checkKind } from './check/check.kind';
import { commitmentKind } from './commitment/commitment.kind';
import { committeeKind } from './committee/committee.kind';
import { consultationKind } from './consultation/consultation.kind';
import { disbursementKind } from './disbursement/disbursement.kind';
import { documentKind } from './document/document.kind';
import { evaluationKind } from './evaluation/evaluation.kind';
import { handoverKind } from './handover/handover.kind';
import { loanKind } from './loan/loan.kind';
import { monitoringKind } from './monitoring/monitoring.kind';
import { reviewKind } from './review/review.kind';
import { savingsKind } from './savings/savings.kind';
import { selectionKind } from './selection/selection.kind';
import { fourEyesActions } from '../runner/four-eyes';
import type { ActionSpec } from './action-spec';
import type { Projection, ProjectionHandler } from './projection';
import type { AnyStage, StageKind } from './stage-kind';

/**
 * Every stage kind the engine interprets. A new kind is a folder beside these and one line
 * here: its schema joins the definition language, its actions become Updates and mutations,
 * its effects find their projection.
 */
export const stageKinds = [
  checkKind,
  documentKind,
  committeeKind,
  reviewKind,
  selectionKind,
  commitmentKind,
  disbursementKind,
  loanKind,
  savingsKind,
  monitoringKind,
  handoverKind,
  evaluationKind,
  consultationKind,
] as const;

type Kinds = (typeof stageKinds)[number];
/** A stage of any registered kind, as written in a definition. */
export type LeafStageDefinition = Kinds extends { schema: z.ZodType<infer D> } ? D : never;

const byKind = new Map<string, StageKind<AnyStage, unknown>>(stageKinds.map((k) => [k.kind, k]));

export function stageKindOf(kind: string): StageKind<AnyStage, unknown> {
  const found = byKind.get(kind);
  if (!found) throw new Error(`no stage kind "${kind}" is registered`);
  return found;
}

/**
 * Every action of every kind, by name (names are unique across kinds), and the second
 * person's answers to steps that move money, which the interpreter takes at any stage that
 * asks for four eyes (kind `*`).
 */
export const stageActions = new Map<string, { kind: string; action: { spec: ActionSpec } }>([
  ...stageKinds.flatMap((k) =>
    Object.entries(k.actions).map(([name, action]) => [name, { kind: k.kind, action }] as const),
  ),
  ...Object.entries(fourEyesActions).map(
    ([name, action]) => [name, { kind: '*', action }] as const,
  ),
]);

/** Every effect type's writer: the kinds' projections and the application's own. */
export function projectionHandlers(own: Projection): Map<string, ProjectionHandler> {
  const out = new Map<string, ProjectionHandler>(Object.entries(own));
  for (const kind of stageKinds)
    for (const [type, handler] of Object.entries(kind.projection ?? {})) {
      if (out.has(type)) throw new Error(`effect type "${type}" has two writers`);
      out.set(type, handler);
    }
  return out;
}
