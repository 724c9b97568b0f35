// Review tooling over synthesized stacks (npm run review, npm run plan): the public API. Re-exports only.

export * from './cloudformation-templates';
export * from './cost-estimate';
export * from './data-stores';
export * from './event-routes';
export * from './plan-command';
export * from './plan-outcome';
export * from './policies';
export * from './policy-text';
export * from './prices';
export * from './report';
export * from './review-command';
export * from './review-context';
export * from './security-diff';
export * from './topology';
