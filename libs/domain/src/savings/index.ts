export * from './savings-position';
