import type { Conditions } from './policy-document';

/*
 * The grants a LogEncryptionKey renders into its key policy: the construct (log-encryption-key.ts)
 * collects them and its statement builders (key-policy-statements.ts) render them, so the shapes live
 * here and neither file imports the other's.
 */

/**
 * An AWS service's use of the key. Every grant must be scoped to the resources the service acts
 * for (confused-deputy prevention): by `aws:SourceArn`, `aws:SourceAccount`, an encryption
 * context, or explicit conditions on one of those keys.
 */
export interface ServiceKeyGrant {
  /** Statement Sid; grants with the same Sid merge their source ARNs. */
  readonly sid: string;
  /** Service principal, e.g. `events.amazonaws.com`, `logs.eu-west-1.amazonaws.com`. */
  readonly service: string;
  /** @default ['kms:GenerateDataKey*', 'kms:Decrypt'] - what a publisher to an encrypted resource needs */
  readonly actions?: readonly string[];
  /** Resources the service acts for (`aws:SourceArn`; wildcards switch the operator to ArnLike). @default - none */
  readonly sourceArns?: readonly string[];
  /** Accounts the service acts for (`aws:SourceAccount`). @default - none */
  readonly sourceAccounts?: readonly string[];
  /** Exact encryption context, e.g. `{ 'aws:sns:topicArn': [topicArn] }` (`kms:EncryptionContext:<key>`). @default - none */
  readonly encryptionContext?: Readonly<Record<string, readonly string[]>>;
  /** Further conditions (for example `ArnEquals` on an encryption context). @default - none */
  readonly conditions?: Conditions;
}

/** Principals of organization accounts that may decrypt the archive's log files. */
export interface LogReaderGrant {
  /** Accounts whose principals may decrypt log files (their IAM policies must allow it too). */
  readonly accountIds: readonly string[];
  /** Readers must belong to this organization (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /** Archive bucket ARN: decrypts through S3 are limited to this bucket's objects. */
  readonly bucketArn: string;
}
