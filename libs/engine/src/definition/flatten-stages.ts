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
