import type { CallActivities, EngineActivities, WorkPlanActivities } from '@codev/engine';
import { CallPhaseActivities } from './rounds/call-phase.activities';
import { RoundAllocationActivities } from './rounds/round-allocation.activities';
import { TransitionActivities } from './transitions/transition.activities';
import { WorkPlanDecisionActivities } from './work-plans/work-plan.activities';

/**
 * Every activity the worker offers, as plain functions bound to the injectable services.
 * Workflows see only the activity interfaces, imported as types.
 */
export function createActivities(
  transitions: TransitionActivities,
  phases: CallPhaseActivities,
  allocation: RoundAllocationActivities,
  workPlans: WorkPlanDecisionActivities,
): EngineActivities & CallActivities & WorkPlanActivities {
  return {
    applyTransition: transitions.applyTransition.bind(transitions),
    recordFailure: transitions.recordFailure.bind(transitions),
    createCall: phases.createCall.bind(phases),
    openCall: phases.openCall.bind(phases),
    closeCall: phases.closeCall.bind(phases),
    openEvaluation: phases.openEvaluation.bind(phases),
    rankRound: allocation.rankRound.bind(allocation),
    resolveRound: allocation.resolveRound.bind(allocation),
    moveReserveUp: allocation.moveReserveUp.bind(allocation),
    expireReserve: allocation.expireReserve.bind(allocation),
    decideWorkPlan: workPlans.decideWorkPlan.bind(workPlans),
  };
}
