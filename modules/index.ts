// Public API (the package root): constructs, their props, reference interfaces and the policy
// builder. Re-exports only; the stacks, config and builder are the `./stacks` entry.

export * from './access-log-bucket';
export * from './archive-lifecycle';
export * from './archive-replica';
export * from './arns';
export * from './delegated-administrator';
export * from './deployment-monitoring/chat-notifier';
export * from './deployment-monitoring/chat-notifier-asset';
export * from './guardrail-statements';
export * from './hardened-bucket';
export * from './key-policy-statements';
export * from './log-archive-bucket';
export * from './log-encryption-key';
export * from './notification-topic';
export * from './organization-guardrails';
export * from './policy-document';
export * from './protection-actions';
export * from './references';
export * from './topic-subscriptions';
export * from './trail';
export * from './trail-event-selectors';
export * from './trail-log-group';
