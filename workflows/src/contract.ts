// What the API and the worker import from workflows/: definitions and types, never workflow code.
export * from './application.contract';
export * from './call.contract';
