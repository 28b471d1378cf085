export * from './committee-tally';
export * from './tranche-amounts';
export * from './plaque';
export * from './eligibility';
