/**
 * Every activity the worker offers, as plain functions bound to injectable services
 * (`service.method.bind(service)`). Workflows see only `typeof` this, imported as a type.
 * The programme engine adds its activities (projections, ledger postings) here.
 */
export type Activities = Record<string, never>;

export function createActivities(): Activities {
  return {};
}
