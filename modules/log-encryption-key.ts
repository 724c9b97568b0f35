import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lazy, type TerraformProvider, type TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { accountTrailsPattern, kmsAliasArn, PARTITION, POLICY_LIMITS } from './arns';
import {
  administrationStatements,
  cloudTrailStatements,
  EVENTBRIDGE_SERVICE,
  EVENTBRIDGE_TARGET_CONTEXTS,
  eventBridgeGrantProblem,
  type KeyAdministrators,
  readerStatements,
  serviceStatement,
} from './key-policy-statements';

export { EVENTBRIDGE_SERVICE, EVENTBRIDGE_TARGET_CONTEXTS, SOURCE_CONDITION_KEYS } from './key-policy-statements';

import type { LogReaderGrant, ServiceKeyGrant } from './key-grants';
import { isResourceKeyProps, keyPropChecks, markResourceKeyProps } from './log-encryption-key-checks';
import { addPolicySizeValidation, PolicyDocument, type PolicyStatement } from './policy-document';
import { recordOptOut } from './record-opt-out';
import type { IEncryptionKey, ITrail } from './references';
import { addPropValidation } from './rules/prop-validation';

/** Defaults of every key this library creates (the config schema reuses them). */
export const KEY_DEFAULTS = {
  /** The maximum: the longest chance to cancel an accidental deletion. */
  deletionWindowInDays: 30,
  /** Yearly automatic rotation. */
  rotationPeriodInDays: 365,
} as const;

export interface LogEncryptionKeyProps {
  /** Account that owns the key. */
  readonly accountId: string;
  /**
   * Named administrators instead of the account root. With them, no other principal of the
   * account (administrators and root included) can use, disable, delete or re-policy the key, and
   * IAM policies grant nothing on it. Both roles must exist before the key is created (KMS rejects
   * a policy naming a missing principal), and losing both makes the key unmanageable without AWS
   * Support.
   * @default - none: name them, or set `allowRootKeyAdministration`
   */
  readonly administrators?: KeyAdministrators;
  /**
   * Lets the whole account administer the key instead of named `administrators`: the account root
   * gets `kms:*` (AWS's default key policy), so any IAM policy of the account can grant using,
   * disabling or deleting the key. A named opt-out below the app's archive keys, which name their
   * administrators: it records a warning (synth summary and review).
   * @default false - `administrators` are required
   */
  readonly allowRootKeyAdministration?: boolean;
  /** Region the key lives in; used for the literal alias ARN and `kms:ViaService` conditions. */
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

/**
 * The key a construct creates for a resource it owns (a topic, queue, stream, bus or log group):
 * the given administrators, else the account root (`kms:*`), which is how the app configures these
 * keys and what the owner documents on its own props. The rendered key policy shows the root
 * statement (`EnableKeyAdministrationByOwningAccount`); no warning is recorded.
 */
export function resourceKey(scope: Construct, id: string, props: LogEncryptionKeyProps): LogEncryptionKey {
  const resolved: LogEncryptionKeyProps = props.administrators ? props : { ...props, allowRootKeyAdministration: true };
  markResourceKeyProps(resolved);
  return new LogEncryptionKey(scope, id, resolved);
}

const SCOPING_KEYS = /^(aws:SourceArn|aws:SourceAccount|aws:SourceOrgID|kms:EncryptionContext:|kms:ViaService)/;

/**
 * A symmetric customer managed KMS key with alias, yearly rotation, a 30-day deletion window
 * and `prevent_destroy`. Its key policy is rendered at synth from the grants made on it: nothing
 * but key administration by the owning account is allowed until a grant method adds it.
 */
export class LogEncryptionKey extends Construct implements IEncryptionKey {
  /** The key ARN (known after apply). */
  public readonly keyArn: string;
  public readonly keyId: string;
  public readonly aliasName: string;
  /** Literal alias ARN, computed from props. */
  public readonly aliasArn: string;
  public readonly accountId: string;
  public readonly region: string;
  public readonly key: KmsKey;
  /** The named administrators; undefined when the account root administers the key. */
  public readonly administrators?: KeyAdministrators;

  private readonly trails = new Map<string, ITrail>();
  private readonly readerGrants: LogReaderGrant[] = [];
  private readonly serviceGrants = new Map<string, ServiceKeyGrant>();
  private readonly extraStatements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id);
    this.accountId = props.accountId;
    this.region = props.region;
    this.aliasName = props.aliasName;
    this.aliasArn = kmsAliasArn(props.region, props.accountId, props.aliasName);
    this.administrators = props.administrators;
    if (props.allowDestroy) {
      recordOptOut(this, 'allowDestroy', `KMS key ${props.aliasName} is not guarded by prevent_destroy`);
    }
    if (props.allowRootKeyAdministration && !props.administrators && !isResourceKeyProps(props)) {
      recordOptOut(
        this,
        'allowRootKeyAdministration',
        `KMS key ${props.aliasName} is administered by the whole account ${props.accountId} (root kms:*): any IAM policy there can grant using, disabling or deleting it`,
      );
    }
    addPropValidation(this, () => keyPropChecks(props));

    this.key = new KmsKey(this, 'Key', {
      provider: props.provider,
      description: props.description ?? 'Encrypts organization log data',
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: true,
      rotationPeriodInDays: props.rotationPeriodInDays ?? KEY_DEFAULTS.rotationPeriodInDays,
      deletionWindowInDays: props.deletionWindowInDays ?? KEY_DEFAULTS.deletionWindowInDays,
      isEnabled: true,
      bypassPolicyLockoutSafetyCheck: false,
      policy: Lazy.stringValue({ produce: () => this.policyDocument().render() }),
      tags: props.tags,
      lifecycle: { preventDestroy: !props.allowDestroy },
    });
    new KmsAlias(this, 'Alias', { provider: props.provider, name: props.aliasName, targetKeyId: this.key.keyId });

    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;

    addPolicySizeValidation(this, 'a KMS key policy', POLICY_LIMITS.kmsKeyPolicy, () => this.policyDocument(), {
      fix: 'grant fewer trails, readers or services on this key, or give some of them another key',
    });
  }

  /** The role ARNs of the named administrators (deployment role, break-glass role); empty when the account root administers the key. */
  public get administratorArns(): readonly string[] {
    const admins = this.administrators;
    return admins ? [admins.deploymentRoleArn, ...(admins.breakGlassRoleArn ? [admins.breakGlassRoleArn] : [])] : [];
  }

  /**
   * Lets CloudTrail encrypt log files for these trails (and describe the key), only with the
   * encryption context of the trails' owner accounts and only for these trail ARNs. Also grants
   * `kms:Decrypt`, which CloudTrail needs when the bucket uses an S3 Bucket Key.
   */
  public grantCloudTrailEncrypt(...trails: ITrail[]): void {
    for (const trail of trails) this.trails.set(trail.trailArn, trail);
  }

  /** Lets principals of reader accounts in the organization decrypt log files. */
  public grantDecryptLogs(grant: LogReaderGrant): void {
    if (grant.accountIds.length > 0) this.readerGrants.push({ ...grant, accountIds: [...grant.accountIds] });
  }

  /**
   * Lets an AWS service use the key for the resources it acts for. Throws when the grant is not
   * scoped (no source ARN, source account or encryption context).
   */
  public grantServiceUse(grant: ServiceKeyGrant): void {
    const conditionKeys = Object.values(grant.conditions ?? {}).flatMap((entries) => Object.keys(entries));
    const scoped =
      (grant.sourceArns?.length ?? 0) > 0 ||
      (grant.sourceAccounts?.length ?? 0) > 0 ||
      Object.keys(grant.encryptionContext ?? {}).length > 0 ||
      conditionKeys.some((key) => SCOPING_KEYS.test(key));
    if (!scoped) {
      throw new Error(
        `${this.node.path}: grant ${grant.sid} to ${grant.service} is not scoped; pass sourceArns, sourceAccounts or an encryption context (confused-deputy prevention)`,
      );
    }
    const eventBridgeProblem = eventBridgeGrantProblem(grant, conditionKeys);
    if (eventBridgeProblem) throw new Error(`${this.node.path}: grant ${grant.sid} ${eventBridgeProblem}`);
    const existing = this.serviceGrants.get(grant.sid);
    if (!existing) {
      this.serviceGrants.set(grant.sid, { ...grant });
      return;
    }
    const { sourceArns: a = [], encryptionContext: ca = {}, ...restA } = existing;
    const { sourceArns: b = [], encryptionContext: cb = {}, ...restB } = grant;
    const sameContextKeys = JSON.stringify(Object.keys(ca).sort()) === JSON.stringify(Object.keys(cb).sort());
    if (JSON.stringify(restA) !== JSON.stringify(restB) || !sameContextKeys) {
      throw new Error(`${this.node.path}: grant ${grant.sid} was made twice with different services, actions or conditions`);
    }
    const context = Object.fromEntries(Object.entries(ca).map(([key, values]) => [key, [...new Set([...values, ...(cb[key] ?? [])])]]));
    this.serviceGrants.set(grant.sid, {
      ...existing,
      sourceArns: [...new Set([...a, ...b])],
      ...(Object.keys(context).length > 0 ? { encryptionContext: context } : {}),
    });
  }

  /**
   * Lets CloudWatch Logs encrypt these log groups of the key's account and region, and only them:
   * AWS's documented grant to `logs.<region>.amazonaws.com`, scoped by `ArnEquals` on
   * `kms:EncryptionContext:aws:logs:arn` (AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
   */
  public grantCloudWatchLogs(sid: string, logGroupArns: readonly string[]): void {
    const elsewhere = logGroupArns.filter((arn) => !arn.startsWith(`arn:${PARTITION}:logs:${this.region}:${this.accountId}:log-group:`));
    if (elsewhere.length > 0) {
      throw new Error(
        `${this.node.path}: grant ${sid}: log groups ${elsewhere.join(', ')} are not in the key's account ${this.accountId} and region ${this.region}; CloudWatch Logs encrypts a log group only with a key of its own region. Fix: use a key of the log group's account and region`,
      );
    }
    this.grantServiceUse({
      sid,
      service: `logs.${this.region}.amazonaws.com`,
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArns.length === 1 ? logGroupArns[0] : [...logGroupArns] } },
    });
  }

  /**
   * Lets EventBridge write to a topic or queue this key encrypts, for these resources only: the
   * encryption context the target service binds its data keys to (`EVENTBRIDGE_TARGET_CONTEXTS`),
   * never a source condition, which KMS does not see on those calls.
   */
  public grantEventBridgeTarget(sid: string, target: keyof typeof EVENTBRIDGE_TARGET_CONTEXTS, resourceArns: readonly string[]): void {
    if (resourceArns.length === 0) return;
    this.grantServiceUse({
      sid,
      service: EVENTBRIDGE_SERVICE,
      // What each guide lists: SNS kms:GenerateDataKey* and kms:Decrypt (sns-key-management.html),
      // SQS kms:GenerateDataKey and kms:Decrypt (sqs-key-management.html).
      actions: target === 'topic' ? ['kms:GenerateDataKey*', 'kms:Decrypt'] : ['kms:GenerateDataKey', 'kms:Decrypt'],
      encryptionContext: { [EVENTBRIDGE_TARGET_CONTEXTS[target]]: resourceArns },
    });
  }

  /**
   * Creates the key only after these resources of the same stack: the roles its policy names. KMS
   * rejects a key policy whose principal does not exist yet ("MalformedPolicyDocumentException:
   * ... invalid principals"), so a key naming a role created in the same apply must wait for it.
   */
  public createAfter(...resources: TerraformResource[]): void {
    const elsewhere = resources.filter((r) => TerraformStack.of(r) !== TerraformStack.of(this));
    if (elsewhere.length > 0) {
      throw new Error(
        `${this.node.path}: createAfter: ${elsewhere.map((r) => r.node.path).join(', ')} are in another stack; apply that stack first`,
      );
    }
    const addresses = resources.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
    this.key.dependsOn = [...new Set([...(this.key.dependsOn ?? []), ...addresses])];
  }

  /** Adds statements after the grants' statements (for needs the grant methods do not cover). */
  public addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.extraStatements.push(...statements);
  }

  /** The key policy as it will be rendered. */
  public policyDocument(): PolicyDocument {
    const doc = new PolicyDocument(administrationStatements(this.accountId, this.administrators));
    const trails = [...this.trails.values()];
    const trailContexts = [...new Set(trails.map((t) => accountTrailsPattern(t.ownerAccountId)))];
    if (trails.length > 0)
      doc.addStatements(
        ...cloudTrailStatements(
          trails.map((t) => t.trailArn),
          trailContexts,
        ),
      );
    doc.addStatements(...readerStatements(this.region, this.readerGrants, trailContexts));
    for (const grant of this.serviceGrants.values()) doc.addStatements(serviceStatement(grant));
    doc.addStatements(...this.extraStatements);
    return doc;
  }
}
