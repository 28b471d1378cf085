// Micro-credit: loan terms, their instalment schedule, a loan's position from its repayments,
// and portfolio at risk. Pure, so the API, workflows and reports compute the same figures.
export * from './loan-terms';
export * from './instalment-schedule';
export * from './loan-position';
export * from './portfolio-at-risk';
export * from './guarantee';
export * from './loan-event-row';
