// The `<package>/stacks` entry: the account stacks, their registry and builder, the config types,
// the validator and synthesis. Re-exports only. Constructs are the package root (`modules/`).

export * from './account-stack';
export * from './audit-queries-stack';
export * from './config';
export * from './deployment-events-stack';
export * from './deployment-management-stack';
export * from './deployment-rollout-stack';
export * from './external-account-stack';
export * from './log-archive-stack';
export * from './organization-builder';
export * from './organization-guardrails-stack';
export * from './organization-management-stack';
export * from './organization-trail-stack';
export * from './providers';
export * from './registry';
export * from './stack-registry';
export * from './state';
export * from './synthesize';
export * from './validate';
