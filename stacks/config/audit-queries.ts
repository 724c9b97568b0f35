import { bucketNameRule } from '../../modules/rules/s3';
import { deriveArchiveBucketNames } from './derived-names';
import { duplicates, type IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';
import { DEFAULT_PROJECTED_REGIONS } from './sections/audit-queries';

/** The account that queries: the configured one, else the audit account. */
export function queryAccountId(c: Pick<ParsedConfig, 'auditQueries' | 'auditAccountId'>): string {
  return c.auditQueries.accountId ?? c.auditAccountId;
}

/**
 * Accounts whose principals may list, read and decrypt the archive's logs: `archive.readerAccountIds`
 * and, with audit queries on, the querying account. One reader mechanism for both (the archive's
 * reader statements), so the querying account reads through S3 exactly as any reader does.
 */
export function archiveReaderAccountIds(c: Pick<ParsedConfig, 'archive' | 'auditQueries' | 'auditAccountId'>): string[] {
  const readers = [...c.archive.readerAccountIds];
  if (c.auditQueries.enabled && !readers.includes(queryAccountId(c))) readers.push(queryAccountId(c));
  return readers;
}

/** `audit-query-results-<account>-<region>`, like Athena's own default results bucket, unless configured. */
export function queryResultsBucketName(c: Pick<ParsedConfig, 'auditQueries' | 'auditAccountId' | 'homeRegion'>): string {
  return c.auditQueries.resultsBucketName ?? `audit-query-results-${queryAccountId(c)}-${c.homeRegion}`;
}

/** First projected day: the configured date, else as far back as the archive keeps logs. */
export function projectionStartDate(c: Pick<ParsedConfig, 'auditQueries' | 'archive'>): string {
  const configured = c.auditQueries.startDate;
  return configured ? configured.replace(/-/g, '/') : `NOW-${c.archive.lifecycle.expirationDays}DAYS`;
}

/** Every region the tables project. */
export function projectedRegions(c: Pick<ParsedConfig, 'auditQueries'>): string[] {
  return [...(c.auditQueries.projectedRegions ?? DEFAULT_PROJECTED_REGIONS)];
}

/** Cross-field rules of `auditQueries`. */
export function checkAuditQueries(c: ParsedConfig, issue: IssueFn): void {
  const q = c.auditQueries;
  if (!q.enabled) return;
  const account = queryAccountId(c);
  if (q.accountId === c.managementAccountId) {
    issue(
      ['auditQueries', 'accountId'],
      q.accountId,
      'is the management account; service control policies never apply there, and the security team should not need access to it to query logs. Fix: leave it out (the audit account) or use the log-archive account',
    );
  }
  if (c.externalAccountIds.includes(account)) {
    issue(
      ['auditQueries', 'accountId'],
      account,
      'is an external account; the archive admits readers of the organization only (aws:PrincipalOrgID). Fix: use an organization account',
    );
  }
  if (q.tableName === q.accountTrailsTableName) {
    issue(
      ['auditQueries', 'accountTrailsTableName'],
      q.accountTrailsTableName,
      'is also auditQueries.tableName. Fix: give each table its own name',
    );
  }
  const regions = q.projectedRegions ?? [];
  for (const i of duplicates(regions))
    issue(['auditQueries', 'projectedRegions', i], regions[i], 'is listed twice. Fix: remove the duplicate');
  if (q.projectedRegions) {
    const missing = c.regions.filter((r) => !regions.includes(r));
    if (missing.length > 0) {
      issue(
        ['auditQueries', 'projectedRegions'],
        regions,
        `leaves out the governed regions ${missing.join(', ')}, whose logs could then never be queried. Fix: add them, or leave the field out for every region`,
      );
    }
  }
  checkResultsBucketName(c, issue);
}

/** The results bucket's name must be valid (also when derived) and not any other bucket's. */
function checkResultsBucketName(c: ParsedConfig, issue: IssueFn): void {
  const name = queryResultsBucketName(c);
  if (!c.auditQueries.resultsBucketName) {
    const problem = bucketNameRule(name);
    if (problem) {
      issue(
        ['auditQueries', 'resultsBucketName'],
        name,
        `(derived as audit-query-results-<account>-<region>) ${problem}. Fix: set auditQueries.resultsBucketName`,
      );
    }
  }
  const others = [
    ...Object.values(deriveArchiveBucketNames(c)),
    ...(c.deployment.backend.type === 's3' ? [c.deployment.backend.bucket] : []),
  ];
  if (others.includes(name)) {
    issue(
      ['auditQueries', 'resultsBucketName'],
      name,
      'is also an archive or state bucket; each bucket needs its own name. Fix: choose another name',
    );
  }
}
