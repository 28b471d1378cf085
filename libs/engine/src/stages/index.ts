export * from './action-spec';
export * from './stage-kind';
export * from './registry';
export { missingDocuments } from './selection/missing-documents';
export { renderPlaque, PLAQUE_PLACEHOLDERS } from './handover/plaque';
export { trancheAmounts } from './disbursement/tranche-amounts';
export type { CommitResult } from './commitment/commitment.kind';
export { grantSplit, regrant } from './selection/grant-split';
export { documentReferenceFields } from './selection/selection.actions';
