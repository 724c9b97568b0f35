import type { z } from 'zod';
import { checkAlarms } from './alarms';
import { checkArchive } from './archive';
import { checkAuditQueries } from './audit-queries';
import { checkCloudWatchLogs } from './cloudwatch-logs';
import { checkCostEstimate } from './cost-estimate';
import { checkDeployment } from './deployment';
import { checkDeploymentMonitoring } from './deployment-monitoring';
import { duplicates, type IssueFn, issueReporter } from './fields';
import { checkGuardrails } from './guardrails';
import { checkNotifications } from './notifications';
import { baseSchema, type ParsedConfig } from './parsed-config';
import { checkTrail } from './trail';

/*
 * The config file's schema: its shape (parsed-config.ts) and each section's cross-field checks.
 * Everything is reported at once.
 */

export type { ParsedConfig } from './parsed-config';

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
