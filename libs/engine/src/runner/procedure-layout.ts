import type { StepRequest } from '../contract/application.contract';
import type { StageDefinition } from '../definition/programme-definition.schema';
import { stageActions, stageKindOf } from '../stages/registry';
import { refuse, type Refusal, type StageKind } from '../stages/stage-kind';

/** Where a stage sits: the sequence it belongs to, its place in it, and the PARALLEL owning that sequence. */
export interface Placement {
  stage: StageDefinition;
  sequence: StageDefinition[];
  index: number;
  /** The PARALLEL stage whose branch this sequence is; null for the procedure itself. */
  parallel: string | null;
}

/** Every stage of a procedure with its placement, parallel branches included. */
export function layoutProcedure(stages: StageDefinition[]): Map<string, Placement> {
  const out = new Map<string, Placement>();
  const walk = (sequence: StageDefinition[], parallel: string | null) =>
    sequence.forEach((stage, index) => {
      out.set(stage.id, { stage, sequence, index, parallel });
      if (stage.kind === 'PARALLEL') stage.branches.forEach((branch) => walk(branch, stage.id));
    });
  walk(stages, null);
  return out;
}

/** The open stage a step goes to: named by the request, or the open stage of the action's kind. */
export function stepTarget(
  layout: Map<string, Placement>,
  active: Map<string, unknown>,
  name: string,
  req: Pick<StepRequest, 'stageId'>,
): { stageId: string; kind: StageKind } | Refusal {
  const entry = stageActions.get(name);
  if (!entry) return refuse.badInput(`"${name}" is not a step of this engine`);
  if (entry.action.spec.addressedBy === 'kind') {
    const open = [...active.keys()].find((id) => layout.get(id)!.stage.kind === entry.kind);
    if (!open)
      return refuse.conflict(`no ${entry.kind.toLowerCase()} stage is open for this application`);
    return { stageId: open, kind: stageKindOf(entry.kind) };
  }
  const stageId = req.stageId ?? '';
  const placement = layout.get(stageId);
  if (!placement) return refuse.badInput(`stage "${stageId}" is not part of this programme`);
  if (placement.stage.kind !== entry.kind)
    return refuse.badInput(
      `stage "${stageId}" is a ${placement.stage.kind.toLowerCase()}, not a ${entry.kind.toLowerCase()}`,
    );
  if (!active.has(stageId)) return refuse.conflict(`stage "${stageId}" is not open now`);
  return { stageId, kind: stageKindOf(entry.kind) };
}
