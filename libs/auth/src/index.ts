export * from './principal';
export * from './token-verifier';
export * from './auth.decorators';
export * from './principal.guard';
export * from './auth.module';
export * from './permissions';
