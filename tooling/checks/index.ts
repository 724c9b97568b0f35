// The security rule pack over synthesized stacks (`npm run check`): the public API. Re-exports only.

export * from './format';
export * from './pack';
export * from './run-checks';
export * from './suppressions';
export * from './types';
