// Public API: constructs, their props, the policy builder and the config types. Re-exports only.

export type { OrganizationConfig, OrganizationConfigInput } from '../stacks/config';
export { configSchema } from '../stacks/config';
export { LOG_ARCHIVE_OUTPUTS, LogArchiveStack } from '../stacks/log-archive-stack';
export { buildOrganization, type OrganizationStacks, type StackSummary } from '../stacks/organization';
export { type ValidationResult, validateConfig } from '../stacks/validate';
export * from './access-log-bucket';
export * from './archive-replica';
export * from './arns';
export * from './hardened-bucket';
export * from './log-archive-bucket';
export * from './log-encryption-key';
export * from './policy-document';
