import { z } from 'zod';
import { ORGANIZATION_ID } from '../../modules/rules/identifiers';
import { trailNameProblems } from '../../modules/rules/names';
import { alarmsSection } from './alarms';
import { archiveSection } from './archive';
import { auditQueriesSection } from './audit-queries';
import { cloudWatchLogsSection } from './cloudwatch-logs';
import { costEstimateSection } from './cost-estimate';
import { deploymentSection } from './deployment';
import { deploymentMonitoringSection } from './deployment-monitoring';
import { accountId, bucketName, matching, refineWith, region, sectionDefaults } from './fields';
import { guardrailsSection } from './guardrails';
import { notificationsSection } from './notifications';
import { trailSection } from './trail';

/*
 * The config file's shape: the core identifiers (flat, a contract: DESIGN.md) and one section per
 * feature, with defaults. The sections' cross-field checks read `ParsedConfig`, and schema.ts runs
 * them on top of this shape.
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
  archive: archiveSection.default(sectionDefaults(archiveSection)),
  trail: trailSection.default(sectionDefaults(trailSection)),
  notifications: notificationsSection.default(sectionDefaults(notificationsSection)),
  cloudWatchLogs: cloudWatchLogsSection.default(sectionDefaults(cloudWatchLogsSection)),
  alarms: alarmsSection.default(sectionDefaults(alarmsSection)),
  deployment: deploymentSection.default(sectionDefaults(deploymentSection)),
  guardrails: guardrailsSection.default(sectionDefaults(guardrailsSection)),
  deploymentMonitoring: deploymentMonitoringSection.optional(),
  costEstimate: costEstimateSection.default(sectionDefaults(costEstimateSection)),
  auditQueries: auditQueriesSection.default(sectionDefaults(auditQueriesSection)),
});

/** The config after shape validation and defaults, before the cross-field checks. */
export type ParsedConfig = z.output<typeof baseSchema>;
