import { type ExemptRole, exemptRoleArns, type LogArchivePerimeter, type ProtectedLogResources } from './guardrail-targets';
import { PolicyStatement } from './policy-document';
import {
  BUCKET_PROTECTION_ACTIONS,
  KEY_PROTECTION_ACTIONS,
  OBJECT_PROTECTION_ACTIONS,
  ROLE_HANDOVER_ACTION,
  ROLE_PROTECTION_ACTIONS,
} from './protection-actions';

/*
 * The statements of the organization guardrails, one concern each. Service control policies deny
 * everyone but the exempt roles (`ArnNotLike aws:PrincipalARN`, the pattern AWS's SCP examples use),
 * each exempt role by its literal ARN in the accounts it is pinned to; the exempt roles themselves
 * are protected the way Control Tower protects its own roles (mandatory control GRIAMROLEPOLICY,
 * controltower/latest/userguide/mandatory-controls.html). The resource control policy follows AWS's
 * data-perimeter examples (identity perimeter and confused-deputy protection), listing the external
 * accounts whose trails deliver into the archive.
 */

/** One service control policy: a name and its statements. */
export interface GuardrailGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly statements: PolicyStatement[];
}

/**
 * The service control policies: trail, delivery and the exempt roles in one, archive storage and
 * keys in the other.
 */
export function guardrailStatements(protect: ProtectedLogResources, exemptRoles: readonly ExemptRole[]): GuardrailGroup[] {
  const exemptArns = exemptRoles.flatMap(exemptRoleArns);
  const exempt: Record<string, Record<string, string[]>> = exemptArns.length > 0 ? { ArnNotLike: { 'aws:PrincipalARN': exemptArns } } : {};
  const deny = (sid: string, actions: readonly string[], resources: readonly string[], extra = {}) =>
    new PolicyStatement({ sid, effect: 'Deny', actions, resources, conditions: { ...exempt, ...extra } });

  const delivery: PolicyStatement[] = [];
  if (protect.trailArns.length > 0) {
    delivery.push(
      deny(
        'DenyTrailTampering',
        [
          'cloudtrail:DeleteTrail',
          'cloudtrail:PutEventSelectors',
          'cloudtrail:PutInsightSelectors',
          'cloudtrail:StopLogging',
          'cloudtrail:UpdateTrail',
        ],
        protect.trailArns,
      ),
    );
  }
  const logGroups = protect.logGroupArns ?? [];
  if (logGroups.length > 0) {
    delivery.push(
      deny(
        'DenyLogGroupTampering',
        [
          'logs:AssociateKmsKey',
          'logs:DeleteLogGroup',
          'logs:DeleteLogStream',
          'logs:DeleteMetricFilter',
          'logs:DeleteRetentionPolicy',
          'logs:DisassociateKmsKey',
          'logs:PutMetricFilter',
          'logs:PutRetentionPolicy',
        ],
        logGroups.flatMap((arn) => [arn, `${arn}:*`]),
      ),
    );
  }
  const roles = protect.roleArns ?? [];
  if (roles.length > 0) {
    // Also iam:PassRole: passed to another bucket's replication, the replication role writes into the replica.
    delivery.push(deny('DenyDeliveryRoleTampering', [...ROLE_PROTECTION_ACTIONS, ROLE_HANDOVER_ACTION].sort(), roles));
  }
  const topics = protect.topicArns ?? [];
  if (topics.length > 0) {
    // Also what silences a topic without touching it: removing or filtering its subscriptions
    // (Unsubscribe, SetSubscriptionAttributes: a filter policy that matches nothing) and a data
    // protection policy that denies its messages. The Service Authorization Reference (list_amazonsns)
    // gives these the topic resource type; subscription ARNs (`<topic>:<id>`) are listed too.
    delivery.push(
      deny(
        'DenyTopicTampering',
        [
          'sns:AddPermission',
          'sns:DeleteTopic',
          'sns:PutDataProtectionPolicy',
          'sns:RemovePermission',
          'sns:SetSubscriptionAttributes',
          'sns:SetTopicAttributes',
          'sns:Unsubscribe',
        ],
        topics.flatMap((arn) => [arn, `${arn}:*`]),
      ),
    );
  }

  const alarms = protect.alarmArns ?? [];
  if (alarms.length > 0) {
    delivery.push(
      deny('DenyAlarmTampering', ['cloudwatch:DeleteAlarms', 'cloudwatch:DisableAlarmActions', 'cloudwatch:PutMetricAlarm'], alarms),
    );
  }
  const metrics = protect.alarmMetrics;
  if (metrics && metrics.namespaces.length > 0) {
    // PutMetricData has no resource type; AWS scopes it by `cloudwatch:namespace` ("Excluding
    // publishing from a namespace", CloudWatch user guide, iam-cw-condition-keys-namespace.html).
    // Pinned to the alarms' account and region, so other accounts keep these namespace names. The
    // metric filters publish as CloudWatch Logs, a service, which SCPs do not restrict.
    delivery.push(
      deny('DenyAlarmMetricForgery', ['cloudwatch:PutMetricData'], ['*'], {
        StringEquals: {
          'cloudwatch:namespace': [...metrics.namespaces],
          'aws:PrincipalAccount': metrics.accountId,
          'aws:RequestedRegion': metrics.region,
        },
      }),
    );
  }
  delivery.push(...exemptRoleStatements(exemptRoles));

  const storage: PolicyStatement[] = [];
  if (protect.bucketArns.length > 0) {
    storage.push(
      deny('DenyLogBucketWeakening', BUCKET_PROTECTION_ACTIONS, protect.bucketArns),
      deny(
        'DenyLogObjectDestruction',
        OBJECT_PROTECTION_ACTIONS,
        protect.bucketArns.map((arn) => `${arn}/*`),
      ),
    );
  }
  if (protect.keyAliases.length > 0) {
    // Keys are created with random ids: protected by alias (kms:ResourceAliases, AWS KMS ABAC), and
    // the aliases themselves cannot be moved or deleted.
    storage.push(
      deny('DenyLogKeyTampering', KEY_PROTECTION_ACTIONS, ['arn:aws:kms:*:*:key/*'], {
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [...protect.keyAliases] },
      }),
      deny(
        'DenyLogKeyAliasChanges',
        ['kms:DeleteAlias', 'kms:UpdateAlias'],
        protect.keyAliases.map((alias) => `arn:aws:kms:*:*:${alias}`),
      ),
    );
  }
  return [
    {
      id: 'Delivery',
      name: 'protect-trail-delivery',
      description:
        'Nobody but the deployment and break-glass roles may stop or change the trail or weaken its delivery; nobody but each of them may change or assume them',
      statements: delivery,
    },
    {
      id: 'Archive',
      name: 'protect-log-archive',
      description: 'Nobody but the deployment and break-glass roles may weaken the log archive buckets or keys',
      statements: storage,
    },
  ].filter((group) => group.statements.length > 0);
}

/**
 * The exempt roles guard themselves: in the accounts each is pinned to, nobody but the role itself
 * may rewrite its trust policy, change its inline, attached or boundary policies, or delete it
 * (a deleted role cannot be recreated under the exempt name by anyone else either, since the
 * exemption is by ARN and `DeleteRole` is denied); and no principal of those accounts may assume any
 * of them, so an administrator of the log-archive account cannot become the deployment role even
 * through a trust policy that names its own account. Whoever may assume them from outside (the
 * management account, a CI account) is trusted with the evidence.
 */
function exemptRoleStatements(exemptRoles: readonly ExemptRole[]): PolicyStatement[] {
  const statements = exemptRoles.map((role) => {
    const arns = exemptRoleArns(role);
    return new PolicyStatement({
      sid: `Deny${role.label}Changes`,
      effect: 'Deny',
      actions: ROLE_PROTECTION_ACTIONS,
      resources: arns,
      conditions: { ArnNotLike: { 'aws:PrincipalARN': arns } },
    });
  });
  const accounts = [...new Set(exemptRoles.flatMap((role) => role.accountIds))];
  if (accounts.length > 0) {
    // aws:PrincipalAccount: the account of the principal making the request (IAM user guide,
    // reference_policies_condition-keys.html); sts:AssumeRole's resource is the role (list_awssecuritytokenservice.html).
    statements.push(
      new PolicyStatement({
        sid: 'DenyExemptRoleAssumptionFromTheirAccounts',
        effect: 'Deny',
        actions: ['sts:AssumeRole'],
        resources: exemptRoles.flatMap(exemptRoleArns),
        conditions: { StringEquals: { 'aws:PrincipalAccount': accounts } },
      }),
    );
  }
  return statements;
}

/** The resource control policy: the archive's buckets and keys stay inside the organization. */
export function perimeterStatements(perimeter: LogArchivePerimeter): PolicyStatement[] {
  const actions = ['s3:*', 'kms:*'];
  const resources = [
    ...perimeter.bucketArns.flatMap((arn) => [arn, `${arn}/*`]),
    ...perimeter.keyAccountIds.map((account) => `arn:aws:kms:*:${account}:key/*`),
  ];
  const external = perimeter.externalSourceAccountIds ?? [];
  return [
    new PolicyStatement({
      sid: 'EnforceOrgIdentities',
      effect: 'Deny',
      principal: '*',
      actions,
      resources,
      conditions: {
        StringNotEqualsIfExists: { 'aws:PrincipalOrgID': perimeter.organizationId },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
    new PolicyStatement({
      sid: 'EnforceConfusedDeputyProtection',
      effect: 'Deny',
      principal: '*',
      actions,
      resources,
      conditions: {
        StringNotEqualsIfExists: {
          'aws:SourceOrgID': perimeter.organizationId,
          ...(external.length > 0 ? { 'aws:SourceAccount': [...external] } : {}),
        },
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
    }),
  ];
}
