import { accountRootArn, withPrefix } from './arns';
import { PolicyStatement } from './policy-document';

/* The archive bucket's reader statements, rendered from its read grants at synth. */

/** One read grant of the archive: accounts of the organization, and what they may read. */
export interface ArchiveReadGrant {
  readonly accountIds: readonly string[];
  readonly organizationId: string;
  /**
   * Only the log files (`AWSLogs/.../CloudTrail/...`): not the digests (`CloudTrail-Digest/`), which
   * only integrity verification of a copy needs, nor CloudTrail Insights files. What an Athena
   * querying account needs; a reader that fetches copies to verify them needs everything.
   * @default false - everything under `AWSLogs/`
   */
  readonly logFilesOnly?: boolean;
}

/**
 * Object keys of the log files of every trail the archive holds: `AWSLogs/<organization id>/<account>/CloudTrail/...`
 * and `AWSLogs/<account>/CloudTrail/...`. A `*` in an S3 ARN spans `/`, and no digest or Insights key
 * has a `/CloudTrail/` segment (awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html:
 * `.../<account>/CloudTrail-Digest/<region>/...`).
 */
export function logFileKeys(keyPrefix: string | undefined): string {
  return withPrefix(keyPrefix, 'AWSLogs/*/CloudTrail/*');
}

/**
 * List the bucket and read under `AWSLogs/` (every reader), or only its log files (readers granted
 * `logFilesOnly` that no full grant names), principals of the organization only (`aws:PrincipalOrgID`).
 * Each account's own IAM policies pick which of its principals read.
 */
export function archiveReaderStatements(
  bucketArn: string,
  keyPrefix: string | undefined,
  grants: readonly ArchiveReadGrant[],
): PolicyStatement[] {
  const all = [...new Set(grants.flatMap((g) => g.accountIds))];
  if (all.length === 0) return [];
  const full = new Set(grants.filter((g) => !g.logFilesOnly).flatMap((g) => g.accountIds));
  const logFilesOnly = all.filter((a) => !full.has(a));
  const orgCondition = { StringEquals: { 'aws:PrincipalOrgID': grants[0].organizationId } };
  const principal = (accounts: readonly string[]) => ({ AWS: accounts.map(accountRootArn) });
  const statements = [
    new PolicyStatement({
      sid: 'AllowLogReadersListBucket',
      principal: principal(all),
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: [bucketArn],
      conditions: orgCondition,
    }),
  ];
  const read = (sid: string, accounts: readonly string[], keys: string) =>
    new PolicyStatement({
      sid,
      principal: principal(accounts),
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [`${bucketArn}/${keys}`],
      conditions: orgCondition,
    });
  if (full.size > 0) statements.push(read('AllowLogReadersGetLogFiles', [...full], withPrefix(keyPrefix, 'AWSLogs/*')));
  if (logFilesOnly.length > 0) statements.push(read('AllowLogQueryAccountsGetLogFilesOnly', logFilesOnly, logFileKeys(keyPrefix)));
  return statements;
}
