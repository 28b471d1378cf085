import type { EngineActivities } from '@codev/workflows';
import { EngineActivitiesService } from './engine-activities.service';

/**
 * Every activity the worker offers, as plain functions bound to the injectable service.
 * Workflows see only the `EngineActivities` interface, imported as a type.
 */
export function createActivities(engine: EngineActivitiesService): EngineActivities {
  return {
    recordEvent: engine.recordEvent.bind(engine),
    projectProgress: engine.projectProgress.bind(engine),
    computeDeadline: engine.computeDeadline.bind(engine),
    recordDeadline: engine.recordDeadline.bind(engine),
    commitFunding: engine.commitFunding.bind(engine),
    disburseTranche: engine.disburseTranche.bind(engine),
    issueHandover: engine.issueHandover.bind(engine),
  };
}
