import type { StageDefinition } from '../definition/programme-definition.schema';

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
