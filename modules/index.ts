// Public API (the package root): constructs, their props, reference interfaces and the policy
// builder. Re-exports only; the stacks, config and builder are the `./stacks` entry.

export * from './access-log-bucket';
export * from './alarms/alarm-topic';
export * from './alarms/cis-monitoring';
export * from './alarms/extra-alarms';
export * from './alarms/trail-alarms';
export * from './archive-lifecycle';
export * from './archive-replica';
export * from './arns';
export * as cfn from './cloudformation/intrinsics';
export * from './cloudformation/template';
export * from './delegated-administrator';
export * from './deployment-monitoring/central-event-bus';
export * from './deployment-monitoring/chat-notifier';
export * from './deployment-monitoring/chat-notifier-asset';
export * from './deployment-monitoring/codedeploy-events';
export * from './deployment-monitoring/encrypted-queue';
export * from './deployment-monitoring/encrypted-stream';
export * from './deployment-monitoring/event-route';
export * from './deployment-monitoring/management-account-forwarding';
export * from './deployment-monitoring/member-rollout';
export * from './deployment-monitoring/member-settings';
export * from './deployment-monitoring/member-templates';
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
