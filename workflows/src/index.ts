// Entry point of the workflow bundle: every workflow the worker runs is exported from here.
// Deterministic code only (lint enforces it): no I/O, no Nest, no TypeORM, no Node builtins;
// activities are imported as types.
export { applicationWorkflow } from './application.workflow';
export { callWorkflow } from './call.workflow';
export { workPlanWorkflow } from './work-plan.workflow';
