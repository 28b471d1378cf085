export * from './connection-options';
export * from './temporal-client.provider';
export * from './temporal-client.module';
export * from './workflow-bundler';
export * from './search-attribute-support';
export * from './worker-presence-name';
