export * from './connection-options';
export * from './temporal-client.module';
export * from './workflow-bundler';
