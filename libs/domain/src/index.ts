export * from './errors/violation';
export * from './errors/codev-error';
export * from './jurisdiction/jurisdiction-code';
export * from './jurisdiction/time-zone';
export * from './organisation/organisation-kind';
export * from './organisation/organisation-profile';
export * from './funding';
export * from './sector/sector-codes';
