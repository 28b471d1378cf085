// The engine: the definition language, the stage kinds, the interpreter and the contracts
// between the API, the worker and the workflows. Pure: no database, no Nest, no Temporal
// client. Workflow code imports its modules by path, not this index.
export * from './definition/schema-atoms';
export * from './definition/programme-definition.schema';
export * from './definition/validate-programme-definition';
export * from './definition/programme-file';
export * from './definition/flatten-stages';
export * from './definition/eligibility';
export * from './definition/project-indicators';
export * from './call/call-definition.schema';
export * from './call/check-call';
export * from './stages';
export * from './stages/projection';
export * from './stages/facts';
export * from './runner/procedure-run';
export { applicationProjection } from './runner/application.projection';
export * from './contract/application.contract';
export * from './contract/call.contract';
export * from './contract/round.contract';
export * from './contract/search-attributes';
export * from './call/call-application-rules';
export * from './definition/definition-warnings';
export * from './agreement/agreement-definition.schema';
export * from './agreement/validate-agreement';
export * from './contract/work-plan.contract';
export * from './agreement/work-plan';
