// The `audit-queries` section's schema, apart from its cross-field checks (../audit-queries.ts), which read ParsedConfig.

import { z } from 'zod';
import { AUDIT_QUERIES_DEFAULTS } from '../../../modules/audit-queries/audit-queries';
import { FUNCTION_NAME_FOR_SCHEDULER, PARTITION_ACCOUNT_REFRESH_DEFAULTS } from '../../../modules/audit-queries/partition-account-refresh';
import { QUERY_ACCESS_POLICY_DEFAULTS } from '../../../modules/audit-queries/query-access-policy';
import { QUERY_RESULTS_DEFAULTS } from '../../../modules/audit-queries/query-results-bucket';
import {
  BYTES_SCANNED_CUTOFF_RULES,
  MIN_BYTES_SCANNED_CUTOFF,
  QUERY_WORKGROUP_DEFAULTS,
} from '../../../modules/audit-queries/query-workgroup';
import { COMMERCIAL_REGIONS, REGIONS_NEWER_THAN_PROVIDER } from '../../../modules/rules/identifiers';
import { IAM_POLICY_NAME } from '../../../modules/rules/names';
import { problemMessage } from '../../../modules/rules/problem';
import { ATHENA_WORKGROUP_NAME, GLUE_NAME, LAMBDA_FUNCTION_NAME } from '../../../modules/rules/service-names';
import { accountId, bool, bucketName, days, kmsAlias, matching } from '../fields';
import { logRetentionDays } from './cloudwatch-logs';

/** `auditQueries`: Athena over the archive in place, from the querying account (the audit account by default). */

const glueName = matching(GLUE_NAME);

/** A region ID as AWS writes them, including regions newer than the pinned provider. */
const projectedRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, {
  error: 'is not an AWS region ID (like "eu-west-1"). Fix: write the region ID as `aws ec2 describe-regions` prints it',
});

/** A calendar date, `YYYY-MM-DD`, that exists, from CloudTrail's launch (November 2013) on. */
const startDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'is not a date written YYYY-MM-DD. Fix: write the first day to query, e.g. "2024-01-01"' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: 'is not a calendar date. Fix: write a day that exists, e.g. "2024-02-29" only in leap years',
  })
  .refine((d) => d >= '2013-11-01', { error: 'is before CloudTrail existed (November 2013). Fix: use the day your trail started' });

/** Every region a multi-region trail can log, newest regions included: values without logs return zero rows. */
export const DEFAULT_PROJECTED_REGIONS: readonly string[] = [...COMMERCIAL_REGIONS, ...REGIONS_NEWER_THAN_PROVIDER];

const R = PARTITION_ACCOUNT_REFRESH_DEFAULTS;

const accountRefresh = z.strictObject({
  enabled: bool.default(true),
  functionName: matching(LAMBDA_FUNCTION_NAME)
    .max(FUNCTION_NAME_FOR_SCHEDULER.max, { error: problemMessage(FUNCTION_NAME_FOR_SCHEDULER) })
    .default(R.functionName),
  intervalHours: z
    .number({ error: 'must be a whole number of hours from 1 to 24. Fix: write a number like 24' })
    .int({ error: 'must be a whole number of hours from 1 to 24. Fix: write it without decimals' })
    .min(1, { error: 'must be at least 1 hour. Fix: use 1 to 24' })
    .max(24, { error: 'must be at most 24 hours: a new account would otherwise wait more than a day. Fix: use 1 to 24' })
    .default(R.intervalHours),
  logRetentionDays: logRetentionDays.default(R.logRetentionInDays),
});

export const auditQueriesSection = z.strictObject({
  enabled: bool.default(true),
  accountId: accountId.optional(),
  databaseName: glueName.default(AUDIT_QUERIES_DEFAULTS.databaseName),
  tableName: glueName.default(AUDIT_QUERIES_DEFAULTS.organizationTableName),
  accountTrailsTableName: glueName.default(AUDIT_QUERIES_DEFAULTS.accountTrailsTableName),
  workgroupName: matching(ATHENA_WORKGROUP_NAME).default(AUDIT_QUERIES_DEFAULTS.workgroupName),
  bytesScannedCutoffPerQuery: z
    .number({ error: `must be a number of bytes. Fix: write a whole number of at least ${MIN_BYTES_SCANNED_CUTOFF}` })
    .int({ error: problemMessage(BYTES_SCANNED_CUTOFF_RULES.notWhole) })
    .min(MIN_BYTES_SCANNED_CUTOFF, { error: problemMessage(BYTES_SCANNED_CUTOFF_RULES.tooSmall) })
    .default(QUERY_WORKGROUP_DEFAULTS.bytesScannedCutoffPerQuery),
  startDate: startDate.optional(),
  projectedRegions: z.array(projectedRegion).min(1, { error: 'is empty. Fix: leave it out for every region' }).optional(),
  resultsBucketName: bucketName.optional(),
  resultsExpirationDays: days(1, 3650).default(QUERY_RESULTS_DEFAULTS.expirationDays),
  keyAlias: kmsAlias.default(AUDIT_QUERIES_DEFAULTS.keyAliasName),
  queryPolicyName: matching(IAM_POLICY_NAME).default(QUERY_ACCESS_POLICY_DEFAULTS.policyName),
  accountRefresh: accountRefresh.default(accountRefresh.parse({})),
});

export type AuditQueriesConfig = z.output<typeof auditQueriesSection>;
