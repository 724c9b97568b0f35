import { z } from 'zod';
import { ORGANIZATION_ID } from '../../modules/rules/identifiers';
import { trailNameProblems } from '../../modules/rules/names';
import { accountId, bucketName, matching, refineWith, region } from './fields';
import { alarmsSection } from './sections/alarms';
import { archiveSection } from './sections/archive';
import { auditQueriesSection } from './sections/audit-queries';
import { cloudWatchLogsSection } from './sections/cloudwatch-logs';
import { costEstimateSection } from './sections/cost-estimate';
import { deploymentSection } from './sections/deployment';
import { deploymentMonitoringSection } from './sections/deployment-monitoring';
import { guardrailsSection } from './sections/guardrails';
import { notificationsSection } from './sections/notifications';
import { trailSection } from './sections/trail';

/*
 * The config file's shape: the core identifiers (flat, a contract: DESIGN.md) and one section per
 * feature, with defaults. Each section's schema is in sections/<section>.ts; its cross-field checks
 * (../<section>.ts) read `ParsedConfig`, and schema.ts runs them on top of this shape, so no section
 * file is imported both by this file and by a file that imports it.
 */

export const baseSchema = z.strictObject({
  $schema: z.string().optional(),
  organizationId: matching(ORGANIZATION_ID),
  managementAccountId: accountId,
  logArchiveAccountId: accountId,
  auditAccountId: accountId,
  homeRegion: region,
  regions: z.array(region).min(1, { error: 'is empty. Fix: list every governed region, the home region included' }),
  trailName: z.string().superRefine(refineWith(trailNameProblems)),
  archiveBucketName: bucketName,
  externalAccountIds: z.array(accountId).default([]),
  archive: archiveSection.default(archiveSection.parse({})),
  trail: trailSection.default(trailSection.parse({})),
  notifications: notificationsSection.default(notificationsSection.parse({})),
  cloudWatchLogs: cloudWatchLogsSection.default(cloudWatchLogsSection.parse({})),
  alarms: alarmsSection.default(alarmsSection.parse({})),
  deployment: deploymentSection.default(deploymentSection.parse({})),
  guardrails: guardrailsSection.default(guardrailsSection.parse({})),
  deploymentMonitoring: deploymentMonitoringSection.optional(),
  costEstimate: costEstimateSection.default(costEstimateSection.parse({})),
  auditQueries: auditQueriesSection.default(auditQueriesSection.parse({})),
});

/** The config after shape validation and defaults, before the cross-field checks. */
export type ParsedConfig = z.output<typeof baseSchema>;
