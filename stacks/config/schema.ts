import { z } from 'zod';
import { ORGANIZATION_ID } from '../../modules/rules/identifiers';
import { trailNameProblems } from '../../modules/rules/names';
import { alarmsSection, checkAlarms } from './alarms';
import { archiveSection, checkArchive } from './archive';
import { auditQueriesSection, checkAuditQueries } from './audit-queries';
import { checkCloudWatchLogs, cloudWatchLogsSection } from './cloudwatch-logs';
import { checkCostEstimate, costEstimateSection } from './cost-estimate';
import { checkDeployment, deploymentSection } from './deployment';
import { checkDeploymentMonitoring, deploymentMonitoringSection } from './deployment-monitoring';
import { accountId, bucketName, duplicates, type IssueFn, issueReporter, matching, refineWith, region } from './fields';
import { checkGuardrails, guardrailsSection } from './guardrails';
import { checkNotifications, notificationsSection } from './notifications';
import { checkTrail, trailSection } from './trail';

/*
 * The config file's schema: the core identifiers (flat, a contract: DESIGN.md) and one section per
 * feature, each with its own cross-field checks. Everything is reported at once.
 */

const baseSchema = z.strictObject({
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

export const configSchema = baseSchema.superRefine((c, ctx) => {
  const issue = issueReporter(ctx);
  checkIdentifiers(c, issue);
  checkArchive(c, issue);
  checkTrail(c, issue);
  checkNotifications(c, issue);
  checkCloudWatchLogs(c, issue);
  checkAlarms(c, issue);
  checkDeployment(c, issue);
  checkGuardrails(c, issue);
  checkDeploymentMonitoring(c, issue);
  checkCostEstimate(c, issue);
  checkAuditQueries(c, issue);
});

/** The core identifiers: governed regions, distinct accounts, external accounts outside the organization. */
function checkIdentifiers(c: ParsedConfig, issue: IssueFn): void {
  if (!c.regions.includes(c.homeRegion)) {
    issue(['regions'], c.regions, `does not include the home region ${c.homeRegion}. Fix: add "${c.homeRegion}"`);
  }
  for (const i of duplicates(c.regions)) issue(['regions', i], c.regions[i], 'is listed twice. Fix: remove the duplicate');
  if (c.logArchiveAccountId === c.managementAccountId) {
    issue(
      ['logArchiveAccountId'],
      c.logArchiveAccountId,
      'is the management account; the archive must live in a separate log-archive account so management-account admins cannot alter evidence. Fix: use a dedicated account',
    );
  }
  const organizationAccounts = new Map<string, string>([
    [c.managementAccountId, 'managementAccountId'],
    [c.logArchiveAccountId, 'logArchiveAccountId'],
    [c.auditAccountId, 'auditAccountId'],
  ]);
  for (const i of duplicates(c.externalAccountIds)) {
    issue(['externalAccountIds', i], c.externalAccountIds[i], 'is listed twice. Fix: remove the duplicate');
  }
  c.externalAccountIds.forEach((id, i) => {
    const field = organizationAccounts.get(id);
    if (field) {
      issue(
        ['externalAccountIds', i],
        id,
        `is the organization's ${field}; externalAccountIds are accounts outside the organization. Fix: remove it`,
      );
    }
  });
}

/** The config file as written (optional fields may be absent). */
export type OrganizationConfigInput = z.input<typeof configSchema>;
/** The validated config with every default applied. */
export type OrganizationConfig = z.output<typeof configSchema>;
