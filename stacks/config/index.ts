// The config layer: schema and types, parsing and reporting, derived names, AWS naming rules and
// the generated JSON Schema. Re-exports only.

export { closest } from '../../modules/suggest';
export * from './alarms';
export * from './audit-queries';
export * from './aws-naming';
export * from './cost-estimate';
export * from './deployment';
export * from './deployment-monitoring';
export * from './derived-names';
export * from './guardrails';
export * from './json-schema';
export * from './parse';
export { formatIssues, formatPath } from './report';
export { configSchema, type OrganizationConfig, type OrganizationConfigInput, type ParsedConfig } from './schema';
export * from './sections/alarms';
export { DEFAULT_ARCHIVE_KEY_ALIAS } from './sections/archive';
export * from './sections/audit-queries';
export * from './sections/cost-estimate';
export * from './sections/deployment';
export * from './sections/deployment-monitoring';
export * from './sections/guardrails';
export { configWarnings } from './warnings';
