export * from './intake.module';
export * from './intake.service';
export * from './submission';
export * from './submission-identity';
export * from './workflow-errors';
