import type { Placement } from '../runner/procedure-layout';
import type { StageDefinition } from './programme-definition.schema';

// Kept apart from the schema and its validation so that workflow code can import it without
// bundling zod.

/** Every stage with its path, depth first, parallel branches included. */
export function flattenStages(
  stages: StageDefinition[],
  path = 'procedure.stages',
): { stage: StageDefinition; path: string }[] {
  return stages.flatMap((stage, i) => {
    const here = `${path}[${i}]`;
    const nested =
      stage.kind === 'PARALLEL'
        ? stage.branches.flatMap((branch, b) => flattenStages(branch, `${here}.branches[${b}]`))
        : [];
    return [{ stage, path: here }, ...nested];
  });
}

/** A stage with everything nested in it. */
const withNested = (stage: StageDefinition): StageDefinition[] =>
  flattenStages([stage]).map(({ stage: s }) => s);

/** Stages certain to have finished before `stageId` starts: earlier in its sequence, and before the PARALLELs that hold it. */
export function stagesBefore(layout: Map<string, Placement>, stageId: string): StageDefinition[] {
  const at = layout.get(stageId);
  if (!at) return [];
  const earlier = at.sequence.slice(0, at.index).flatMap(withNested);
  return at.parallel ? [...earlier, ...stagesBefore(layout, at.parallel)] : earlier;
}

/** Stages that may run while `stageId` does: the other branches of every PARALLEL holding it. */
export function stagesBeside(layout: Map<string, Placement>, stageId: string): StageDefinition[] {
  const at = layout.get(stageId);
  if (!at?.parallel) return [];
  const parallel = layout.get(at.parallel)!.stage as Extract<StageDefinition, { kind: 'PARALLEL' }>;
  const others = parallel.branches
    .filter((b) => b !== at.sequence)
    .flat()
    .flatMap(withNested);
  return [...others, ...stagesBeside(layout, at.parallel)];
}
