// Public API: constructs, their props, the policy builder, the stacks and the config types. Re-exports only.

export type { OrganizationConfig, OrganizationConfigInput } from '../stacks/config';
export { configSchema } from '../stacks/config';
export type { SynthContext } from '../stacks/deployment';
export { ExternalAccountTrailStack, externalAccountStackName } from '../stacks/external-account-stack';
export { LOG_ARCHIVE_OUTPUTS, LOG_ARCHIVE_STACK, LogArchiveStack } from '../stacks/log-archive-stack';
export { buildOrganization, type OrganizationStacks, type StackSummary } from '../stacks/organization';
export { ORGANIZATION_MANAGEMENT_STACK, OrganizationManagementStack } from '../stacks/organization-management-stack';
export { ORGANIZATION_TRAIL_STACK, OrganizationTrailStack } from '../stacks/organization-trail-stack';
export { type ValidationResult, validateConfig } from '../stacks/validate';
export * from './access-log-bucket';
export * from './archive-replica';
export * from './arns';
export * from './delegated-administrator';
export * from './hardened-bucket';
export * from './log-archive-bucket';
export * from './log-encryption-key';
export * from './organization-trail';
export * from './policy-document';
export * from './trail-log-group';
export * from './trail-notification-topic';
