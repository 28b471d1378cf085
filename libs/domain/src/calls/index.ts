export {
  aggregateScore,
  checkCriteria,
  checkScore,
  DATA_EVALUATOR,
  SCORE_DECIMALS,
  type AggregateResult,
  type Aggregation,
  type Criterion,
  type EvaluatorScore,
  type ScoreSheet,
} from './scoring';
export { rank, BY_APPLICATION_ID, type Candidate, type Ranked, type TieBreak } from './ranking';
export {
  allocate,
  moveUp,
  withdraw,
  type Allocation,
  type AllocationInput,
  type ExcludedEntry,
  type FundedGrant,
  type LastFitRule,
  type ReserveEntry,
} from './allocation';
