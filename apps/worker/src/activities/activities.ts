import type { CallActivities, EngineActivities } from '@codev/workflows';
import { CallActivitiesService } from './call-activities.service';
import { EngineActivitiesService } from './engine-activities.service';

/**
 * Every activity the worker offers, as plain functions bound to the injectable services.
 * Workflows see only the activity interfaces, imported as types.
 */
export function createActivities(
  engine: EngineActivitiesService,
  calls: CallActivitiesService,
): EngineActivities & CallActivities {
  return {
    recordEvent: engine.recordEvent.bind(engine),
    projectProgress: engine.projectProgress.bind(engine),
    computeDeadline: engine.computeDeadline.bind(engine),
    recordDeadline: engine.recordDeadline.bind(engine),
    commitFunding: engine.commitFunding.bind(engine),
    disburseTranche: engine.disburseTranche.bind(engine),
    issueHandover: engine.issueHandover.bind(engine),
    setCallStatus: calls.setCallStatus.bind(calls),
    checkCompleteness: calls.checkCompleteness.bind(calls),
    callPeriodEnd: calls.callPeriodEnd.bind(calls),
    settleDefects: calls.settleDefects.bind(calls),
    rankAndAllocate: calls.rankAndAllocate.bind(calls),
    finaliseCall: calls.finaliseCall.bind(calls),
  };
}
