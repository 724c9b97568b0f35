// Offline terraform planning of synthesized stacks: the public API. Re-exports only.

export * from './combined-root';
export * from './json-diff';
export * from './offline-stack';
export * from './placeholders';
export * from './plan';
export { PLAN_USAGE, runPlanCommand } from './plan-command';
export * from './plan-json';
export * from './plan-offline';
export * from './stack-results';
export * from './synthesized-stacks';
export * from './terraform-cli';
export * from './toolchain';
