export * from './programme-definition.schema';
export * from './validate-programme-definition';
export * from './programme-file';
export * from './stages';
