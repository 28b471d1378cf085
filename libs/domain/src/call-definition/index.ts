export * from './call-definition.schema';
export * from './check-call';
