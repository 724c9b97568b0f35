import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Annotations, Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { accountRootArn, accountTrailsPattern, kmsAliasArn, POLICY_LIMITS } from './arns';
import { addPolicySizeValidation, type Conditions, PolicyDocument, PolicyStatement } from './policy-document';

export interface LogEncryptionKeyProps {
  /** Account that owns the key; its root administers the key (IAM policies can then delegate). */
  readonly accountId: string;
  /** Region the key lives in; used for the literal alias ARN. */
  readonly region: string;
  /** Alias, `alias/...`. */
  readonly aliasName: string;
  /** @default - "Encrypts organization log data" */
  readonly description?: string;
  /** @default 30 (the maximum: the longest chance to cancel an accidental deletion) */
  readonly deletionWindowInDays?: number;
  /** @default 365 (yearly automatic rotation) */
  readonly rotationPeriodInDays?: number;
  /**
   * Removes `prevent_destroy`. Only for disposable environments; the review shows it.
   * @default false - the key is guarded against `terraform destroy`
   */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - no resource tags beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/** A trail whose log files this key encrypts. */
export interface TrailReference {
  /** Literal ARN of the trail, as CloudTrail sends it in `aws:SourceArn`. */
  readonly trailArn: string;
  /** Account whose trails appear in the `aws:cloudtrail:arn` encryption context. */
  readonly ownerAccountId: string;
}

export interface LogReaderGrant {
  /** Accounts whose principals may decrypt log files (their IAM policies must allow it too). */
  readonly accountIds: readonly string[];
  /** Readers must belong to this organization (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /** Archive bucket ARN: decrypts through S3 are limited to this bucket's objects. */
  readonly bucketArn: string;
}

/**
 * A symmetric customer managed KMS key with alias, yearly rotation, a 30-day deletion window
 * and `prevent_destroy`. Its key policy is composed from grants: nothing but key administration
 * by the owning account is allowed until a grant method adds it.
 */
export class LogEncryptionKey extends Construct {
  /** The key ARN (known after apply). */
  public readonly keyArn: string;
  public readonly keyId: string;
  public readonly aliasName: string;
  /** Literal alias ARN, computed from props. */
  public readonly aliasArn: string;
  public readonly accountId: string;
  public readonly region: string;
  public readonly key: KmsKey;

  private readonly trails: TrailReference[] = [];
  private readonly readerGrants: LogReaderGrant[] = [];
  private readonly extraStatements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id);
    this.accountId = props.accountId;
    this.region = props.region;
    this.aliasName = props.aliasName;
    this.aliasArn = kmsAliasArn(props.region, props.accountId, props.aliasName);
    if (props.allowDestroy) {
      Annotations.of(this).addWarning(`allowDestroy: KMS key ${props.aliasName} is not guarded by prevent_destroy`);
    }

    this.key = new KmsKey(this, 'Key', {
      provider: props.provider,
      description: props.description ?? 'Encrypts organization log data',
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: true,
      rotationPeriodInDays: props.rotationPeriodInDays ?? 365,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      isEnabled: true,
      bypassPolicyLockoutSafetyCheck: false,
      policy: Lazy.stringValue({ produce: () => this.policyDocument().render() }),
      tags: props.tags,
      lifecycle: { preventDestroy: !props.allowDestroy },
    });
    new KmsAlias(this, 'Alias', { provider: props.provider, name: props.aliasName, targetKeyId: this.key.keyId });

    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;

    addPolicySizeValidation(this, 'a KMS key policy', POLICY_LIMITS.kmsKeyPolicy, () => this.policyDocument());
  }

  /**
   * Lets CloudTrail encrypt log files for these trails (and describe the key), only with the
   * encryption context of the trails' accounts and only for these trail ARNs. Also grants
   * `kms:Decrypt`, which CloudTrail needs when the bucket uses an S3 Bucket Key.
   */
  public grantCloudTrailEncrypt(...trails: TrailReference[]): void {
    for (const trail of trails) {
      if (!this.trails.some((t) => t.trailArn === trail.trailArn)) this.trails.push(trail);
    }
  }

  /** Lets principals of reader accounts in the organization decrypt log files. */
  public grantDecryptLogs(grant: LogReaderGrant): void {
    if (grant.accountIds.length > 0) this.readerGrants.push(grant);
  }

  /**
   * Lets an AWS service use the key, scoped by conditions (always pass a confused-deputy
   * condition such as `aws:SourceArn` or an encryption-context key).
   */
  public grantToService(sid: string, servicePrincipal: string, actions: readonly string[], conditions: Conditions): void {
    this.extraStatements.push(
      new PolicyStatement({ sid, principal: { Service: servicePrincipal }, actions, resources: ['*'], conditions }),
    );
  }

  /** The key policy as it will be rendered. */
  public policyDocument(): PolicyDocument {
    const doc = new PolicyDocument([
      new PolicyStatement({
        sid: 'EnableKeyAdministrationByOwningAccount',
        principal: { AWS: accountRootArn(this.accountId) },
        actions: ['kms:*'],
        resources: ['*'],
      }),
    ]);
    if (this.trails.length > 0) {
      const sourceArns = this.trails.map((t) => t.trailArn);
      const contexts = [...new Set(this.trails.map((t) => accountTrailsPattern(t.ownerAccountId)))];
      doc.addStatements(
        new PolicyStatement({
          sid: 'AllowCloudTrailEncryptLogs',
          principal: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': contexts },
            StringEquals: { 'aws:SourceArn': sourceArns },
          },
        }),
        new PolicyStatement({
          sid: 'AllowCloudTrailDecryptForBucketKey',
          principal: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceArn': sourceArns } },
        }),
        new PolicyStatement({
          sid: 'AllowCloudTrailDescribeKey',
          principal: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['kms:DescribeKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceArn': sourceArns } },
        }),
      );
    }
    const readerAccounts = [...new Set(this.readerGrants.flatMap((g) => g.accountIds))];
    if (readerAccounts.length > 0) {
      const grant = this.readerGrants[0];
      const principals = readerAccounts.map(accountRootArn);
      const contexts = [...new Set(this.trails.map((t) => accountTrailsPattern(t.ownerAccountId)))];
      if (contexts.length > 0) {
        doc.addStatements(
          new PolicyStatement({
            sid: 'AllowLogReadersDecryptTrailLogs',
            principal: { AWS: principals },
            actions: ['kms:Decrypt'],
            resources: ['*'],
            conditions: {
              StringEquals: { 'aws:PrincipalOrgID': grant.organizationId },
              StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': contexts },
            },
          }),
        );
      }
      doc.addStatements(
        new PolicyStatement({
          sid: 'AllowLogReadersDecryptArchiveObjectsThroughS3',
          principal: { AWS: principals },
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'aws:PrincipalOrgID': grant.organizationId,
              'kms:ViaService': `s3.${this.region}.amazonaws.com`,
            },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': [grant.bucketArn, `${grant.bucketArn}/*`] },
          },
        }),
      );
    }
    doc.addStatements(...this.extraStatements);
    return doc;
  }
}
