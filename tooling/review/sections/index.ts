// The report's sections (tooling/review/sections), each a function from the review context to
// Markdown, in the order report.ts puts them. Re-exports only.

export { alarmsSection } from './alarms';
export { auditQueriesSection } from './audit-queries';
export { checksSummaryLine, securityChecks, securityChecksSection } from './checks';
export { dataProtectionSection } from './data-protection';
export { eventRoutesSection } from './event-routes';
export { overviewSection } from './overview';
export { POLICY_LEGEND, policiesSection } from './policies';
export { resourcesSection } from './resources';
export { securityDiffLines, securityDiffSection } from './security-diff';
export { topologySection } from './topology';
export { trailsSection } from './trails';
