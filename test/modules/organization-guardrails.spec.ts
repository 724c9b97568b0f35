import { guardrailStatements, perimeterStatements } from '../../modules/guardrail-statements';
import { monitoringGuardrailGroup } from '../../modules/monitoring-guardrail-statements';
import {
  type ExemptRole,
  type LogArchivePerimeter,
  type MonitoringProtection,
  OrganizationGuardrails,
  type OrganizationGuardrailsProps,
  POLICIES_PER_TARGET,
  type ProtectedLogResources,
} from '../../modules/organization-guardrails';
import {
  BUCKET_PROTECTION_ACTIONS,
  KEY_PROTECTION_ACTIONS,
  OBJECT_PROTECTION_ACTIONS,
  ROLE_PROTECTION_ACTIONS,
} from '../../modules/protection-actions';
import { AUDIT, addressAt, EXTERNAL, LOG_ARCHIVE, MANAGEMENT, ORGANIZATION_ID, resourceAt, statementsOf } from '../support/modules';
import { resourcesOf, synthJson, testStack, validationErrors } from '../support/synth';

// The trail is the management account's; its delivery resources live in the delegated administrator (AUDIT).
const TRAIL = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`;
const ARCHIVE = 'arn:aws:s3:::org-logs';
const ACCESS_LOGS = 'arn:aws:s3:::org-logs-access-logs';
const LOG_GROUP = `arn:aws:logs:us-east-1:${AUDIT}:log-group:cloudtrail/org`;
const DELIVERY_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudwatch-logs`;
const REPLICATION_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/org-logs-replica-replication`;
const TOPIC = `arn:aws:sns:us-east-1:${AUDIT}:deliveries`;

const EXEMPT_ROLES: ExemptRole[] = [
  { label: 'DeploymentRole', roleName: 'deployment', accountIds: [LOG_ARCHIVE, AUDIT] },
  { label: 'BreakGlassRole', roleName: 'break-glass', accountIds: [LOG_ARCHIVE] },
];
const DEPLOYER_ARNS = [`arn:aws:iam::${LOG_ARCHIVE}:role/deployment`, `arn:aws:iam::${AUDIT}:role/deployment`];
const BREAK_GLASS_ARN = `arn:aws:iam::${LOG_ARCHIVE}:role/break-glass`;
const EXEMPT_ARNS = [...DEPLOYER_ARNS, BREAK_GLASS_ARN];

/** Control Tower's GRIAMROLEPOLICY actions without iam:CreateRole, written out here independently of the code. */
const ROLE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];
/** Delivery (service) roles may not be passed either: passed to another bucket's replication, the replication role writes into the replica. */
const DELIVERY_ROLE_ACTIONS = [...ROLE_ACTIONS.slice(0, 5), 'iam:PassRole', ...ROLE_ACTIONS.slice(5)];
const ROLE_ACTIONS_WITH_CREATION = [...ROLE_ACTIONS.slice(0, 1), 'iam:CreateRole', ...ROLE_ACTIONS.slice(1)];

const MONITORING: MonitoringProtection = {
  memberNamePrefix: 'org-dm-codedeploy-',
  stackNamePrefix: 'StackSet-org-dm-codedeploy-',
  deadLetterQueueName: 'org-dm-codedeploy-dlq',
};

const PROTECT: ProtectedLogResources = {
  trailArns: [TRAIL],
  bucketArns: [ARCHIVE, ACCESS_LOGS],
  keyAliases: ['alias/org-logs', 'alias/org-log-archive-replica'],
  logGroupArns: [LOG_GROUP],
  roleArns: [DELIVERY_ROLE, REPLICATION_ROLE],
  topicArns: [TOPIC],
};

const PERIMETER: LogArchivePerimeter = {
  organizationId: ORGANIZATION_ID,
  bucketArns: [ARCHIVE, ACCESS_LOGS],
  keyAccountIds: [LOG_ARCHIVE],
  externalSourceAccountIds: [EXTERNAL, '555555555555'],
};

function newGuardrails(props: Partial<OrganizationGuardrailsProps> = {}) {
  const stack = testStack();
  const guardrails = new OrganizationGuardrails(stack, 'Guardrails', {
    targetIds: ['r-abcd'],
    exemptRoles: EXEMPT_ROLES,
    protect: PROTECT,
    ...props,
  });
  return { stack, guardrails };
}

const statementsNamed = (guardrails: OrganizationGuardrails, name: string) => guardrails.policyDocument(name).toJSON().Statement;
const exempt = { ArnNotLike: { 'aws:PrincipalARN': EXEMPT_ARNS } };

const DELIVERY_STATEMENTS = [
  {
    Sid: 'DenyTrailTampering',
    Effect: 'Deny',
    Action: [
      'cloudtrail:DeleteTrail',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:PutInsightSelectors',
      'cloudtrail:StopLogging',
      'cloudtrail:UpdateTrail',
    ],
    Resource: TRAIL,
    Condition: exempt,
  },
  {
    Sid: 'DenyLogGroupTampering',
    Effect: 'Deny',
    Action: [
      'logs:AssociateKmsKey',
      'logs:DeleteLogGroup',
      'logs:DeleteLogStream',
      'logs:DeleteMetricFilter',
      'logs:DeleteRetentionPolicy',
      'logs:DisassociateKmsKey',
      'logs:PutMetricFilter',
      'logs:PutRetentionPolicy',
    ],
    Resource: [LOG_GROUP, `${LOG_GROUP}:*`],
    Condition: exempt,
  },
  {
    Sid: 'DenyDeliveryRoleTampering',
    Effect: 'Deny',
    Action: DELIVERY_ROLE_ACTIONS,
    Resource: [DELIVERY_ROLE, REPLICATION_ROLE],
    Condition: exempt,
  },
  {
    Sid: 'DenyTopicTampering',
    Effect: 'Deny',
    // Also the subscriptions (dropped or filtered to nothing) and a data protection policy that denies its messages.
    Action: [
      'sns:AddPermission',
      'sns:DeleteTopic',
      'sns:PutDataProtectionPolicy',
      'sns:RemovePermission',
      'sns:SetSubscriptionAttributes',
      'sns:SetTopicAttributes',
      'sns:Unsubscribe',
    ],
    Resource: [TOPIC, `${TOPIC}:*`],
    Condition: exempt,
  },
  ...exemptRoleStatements(),
];

/** The exempt roles guard themselves: changed only by themselves, assumed by nobody of their accounts. */
function exemptRoleStatements() {
  return [
    {
      Sid: 'DenyDeploymentRoleChanges',
      Effect: 'Deny',
      Action: ROLE_ACTIONS,
      Resource: DEPLOYER_ARNS,
      Condition: { ArnNotLike: { 'aws:PrincipalARN': DEPLOYER_ARNS } },
    },
    {
      Sid: 'DenyBreakGlassRoleChanges',
      Effect: 'Deny',
      Action: ROLE_ACTIONS,
      Resource: BREAK_GLASS_ARN,
      Condition: { ArnNotLike: { 'aws:PrincipalARN': BREAK_GLASS_ARN } },
    },
    {
      Sid: 'DenyExemptRoleAssumptionFromTheirAccounts',
      Effect: 'Deny',
      Action: 'sts:AssumeRole',
      Resource: EXEMPT_ARNS,
      Condition: { StringEquals: { 'aws:PrincipalAccount': [LOG_ARCHIVE, AUDIT] } },
    },
  ];
}

const onlyStackSets = { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/stacksets-exec-*' } };
const MONITORING_STATEMENTS = [
  {
    Sid: 'DenyForwardingRuleChanges',
    Effect: 'Deny',
    Action: ['events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'],
    Resource: 'arn:aws:events:*:*:rule/org-dm-codedeploy-*',
    Condition: onlyStackSets,
  },
  {
    Sid: 'DenyForwardingRoleChanges',
    Effect: 'Deny',
    Action: ROLE_ACTIONS_WITH_CREATION,
    Resource: 'arn:aws:iam::*:role/org-dm-codedeploy-*',
    Condition: onlyStackSets,
  },
  {
    Sid: 'DenyDeadLetterQueueChanges',
    Effect: 'Deny',
    Action: ['sqs:DeleteQueue', 'sqs:RemovePermission', 'sqs:SetQueueAttributes'],
    Resource: 'arn:aws:sqs:*:*:org-dm-codedeploy-dlq',
    Condition: onlyStackSets,
  },
  {
    Sid: 'DenyMonitoringStackChanges',
    Effect: 'Deny',
    Action: [
      'cloudformation:DeleteStack',
      'cloudformation:ExecuteChangeSet',
      'cloudformation:SetStackPolicy',
      'cloudformation:UpdateStack',
    ],
    Resource: 'arn:aws:cloudformation:*:*:stack/StackSet-org-dm-codedeploy-*',
    Condition: onlyStackSets,
  },
  {
    Sid: 'DenyStackSetsExecutionRoleChanges',
    Effect: 'Deny',
    Action: ROLE_ACTIONS_WITH_CREATION,
    Resource: 'arn:aws:iam::*:role/stacksets-exec-*',
    Condition: onlyStackSets,
  },
];

const ARCHIVE_STATEMENTS = [
  {
    Sid: 'DenyLogBucketWeakening',
    Effect: 'Deny',
    Action: [
      's3:DeleteBucket',
      's3:DeleteBucketPolicy',
      's3:PutBucketAcl',
      's3:PutBucketLogging',
      's3:PutBucketObjectLockConfiguration',
      's3:PutBucketOwnershipControls',
      's3:PutBucketPolicy',
      's3:PutBucketPublicAccessBlock',
      's3:PutBucketRequestPayment',
      's3:PutBucketVersioning',
      's3:PutEncryptionConfiguration',
      's3:PutLifecycleConfiguration',
      's3:PutReplicationConfiguration',
    ],
    Resource: [ARCHIVE, ACCESS_LOGS],
    Condition: exempt,
  },
  {
    Sid: 'DenyLogObjectDestruction',
    Effect: 'Deny',
    Action: ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ReplicateDelete'],
    Resource: [`${ARCHIVE}/*`, `${ACCESS_LOGS}/*`],
    Condition: exempt,
  },
  {
    Sid: 'DenyLogKeyTampering',
    Effect: 'Deny',
    Action: ['kms:CreateGrant', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
    Resource: 'arn:aws:kms:*:*:key/*',
    Condition: {
      ...exempt,
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/org-logs', 'alias/org-log-archive-replica'] },
    },
  },
  {
    Sid: 'DenyLogKeyAliasChanges',
    Effect: 'Deny',
    Action: ['kms:DeleteAlias', 'kms:UpdateAlias'],
    Resource: ['arn:aws:kms:*:*:alias/org-logs', 'arn:aws:kms:*:*:alias/org-log-archive-replica'],
    Condition: exempt,
  },
];

const perimeterResources = [ARCHIVE, `${ARCHIVE}/*`, ACCESS_LOGS, `${ACCESS_LOGS}/*`, `arn:aws:kms:*:${LOG_ARCHIVE}:key/*`];

const PERIMETER_STATEMENTS = [
  {
    Sid: 'EnforceOrgIdentities',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:*', 'kms:*'],
    Resource: perimeterResources,
    Condition: {
      StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    },
  },
  {
    Sid: 'EnforceConfusedDeputyProtection',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:*', 'kms:*'],
    Resource: perimeterResources,
    Condition: {
      StringNotEqualsIfExists: { 'aws:SourceOrgID': ORGANIZATION_ID, 'aws:SourceAccount': [EXTERNAL, '555555555555'] },
      Null: { 'aws:SourceAccount': 'false' },
      Bool: { 'aws:PrincipalIsAWSService': 'true' },
    },
  },
];

describe('OrganizationGuardrails', () => {
  describe('service control policies', () => {
    it('protect the trail and its delivery in one policy: trail, log group, delivery roles and topic', () => {
      const { guardrails } = newGuardrails();
      expect(statementsNamed(guardrails, 'org-logging-protect-trail-delivery')).toEqual(DELIVERY_STATEMENTS);
    });

    it('protect the archive buckets, their objects, the keys (by alias) and the aliases in the other', () => {
      const { guardrails } = newGuardrails();
      expect(statementsNamed(guardrails, 'org-logging-protect-log-archive')).toEqual(ARCHIVE_STATEMENTS);
    });

    it('are synthesized as named, described service control policies holding exactly those statements', () => {
      const { stack, guardrails } = newGuardrails({ namePrefix: 'acme', tags: { Team: 'security' } });
      const json = synthJson(stack);
      const delivery = resourceAt(json, 'aws_organizations_policy', 'Guardrails/DeliveryPolicy');
      const archive = resourceAt(json, 'aws_organizations_policy', 'Guardrails/ArchivePolicy');
      expect(delivery).toMatchObject({
        name: 'acme-protect-trail-delivery',
        description:
          'Nobody but the deployment and break-glass roles may stop or change the trail or weaken its delivery; nobody but each of them may change or assume them',
        type: 'SERVICE_CONTROL_POLICY',
        tags: { Team: 'security' },
      });
      expect(archive).toMatchObject({
        name: 'acme-protect-log-archive',
        description: 'Nobody but the deployment and break-glass roles may weaken the log archive buckets or keys',
        type: 'SERVICE_CONTROL_POLICY',
      });
      expect(statementsOf(delivery, 'content')).toEqual(DELIVERY_STATEMENTS);
      expect(statementsOf(archive, 'content')).toEqual(ARCHIVE_STATEMENTS);
      expect(guardrails.serviceControlPolicies.map((p) => p.node.id)).toEqual(['DeliveryPolicy', 'ArchivePolicy']);
      expect(guardrails.policyNames).toEqual(['acme-protect-trail-delivery', 'acme-protect-log-archive']);
    });

    it('exempt each role by its literal ARN in the accounts it is pinned to, never a wildcard account', () => {
      const { guardrails } = newGuardrails({
        exemptRoles: [{ label: 'DeploymentRole', roleName: 'deployment', accountIds: [LOG_ARCHIVE] }],
      });
      const all = [
        ...statementsNamed(guardrails, 'org-logging-protect-trail-delivery'),
        ...statementsNamed(guardrails, 'org-logging-protect-log-archive'),
      ];
      expect(all).toHaveLength(10);
      for (const statement of all.filter((s) => s.Sid !== 'DenyExemptRoleAssumptionFromTheirAccounts')) {
        expect([statement.Sid, statement.Condition?.ArnNotLike]).toEqual([
          statement.Sid,
          { 'aws:PrincipalARN': `arn:aws:iam::${LOG_ARCHIVE}:role/deployment` },
        ]);
      }
      expect(JSON.stringify(all)).not.toContain('arn:aws:iam::*:');
    });

    it('protect each exempt role from everyone but itself, and from every principal of the accounts it is pinned to', () => {
      const { guardrails } = newGuardrails();
      expect(statementsNamed(guardrails, 'org-logging-protect-trail-delivery').slice(-3)).toEqual(exemptRoleStatements());
    });

    it('exempt nobody, and protect no role, when no exempt role is given', () => {
      const { guardrails } = newGuardrails({ exemptRoles: [] });
      const delivery = statementsNamed(guardrails, 'org-logging-protect-trail-delivery');
      expect(delivery.map((s) => s.Sid)).toEqual([
        'DenyTrailTampering',
        'DenyLogGroupTampering',
        'DenyDeliveryRoleTampering',
        'DenyTopicTampering',
      ]);
      for (const statement of delivery) expect(statement.Condition).toBeUndefined();
    });

    it('leave out the statements of resources not given, and a policy with no statement at all', () => {
      const { stack, guardrails } = newGuardrails({ protect: { trailArns: [], bucketArns: [ARCHIVE], keyAliases: [] }, exemptRoles: [] });
      expect(guardrails.policyNames).toEqual(['org-logging-protect-log-archive']);
      expect(guardrails.policyDocument('org-logging-protect-log-archive').sids).toEqual([
        'DenyLogBucketWeakening',
        'DenyLogObjectDestruction',
      ]);
      expect(Object.keys(resourcesOf(synthJson(stack), 'aws_organizations_policy'))).toEqual([
        expect.stringMatching(/^Guardrails_ArchivePolicy_/),
      ]);
    });

    it('protect only the trail when nothing else of its delivery is given', () => {
      const { guardrails } = newGuardrails({ protect: { trailArns: [TRAIL], bucketArns: [], keyAliases: ['alias/org-logs'] } });
      expect(guardrails.policyDocument('org-logging-protect-trail-delivery').sids).toEqual([
        'DenyTrailTampering',
        'DenyDeploymentRoleChanges',
        'DenyBreakGlassRoleChanges',
        'DenyExemptRoleAssumptionFromTheirAccounts',
      ]);
      expect(guardrails.policyDocument('org-logging-protect-log-archive').sids).toEqual(['DenyLogKeyTampering', 'DenyLogKeyAliasChanges']);
    });
  });

  describe('deployment monitoring', () => {
    it('adds a third service control policy that only the StackSets execution role passes', () => {
      const { stack, guardrails } = newGuardrails({ monitoring: MONITORING });
      expect(statementsNamed(guardrails, 'org-logging-protect-deployment-monitoring')).toEqual(MONITORING_STATEMENTS);
      const policy = resourceAt(synthJson(stack), 'aws_organizations_policy', 'Guardrails/MonitoringPolicy');
      expect(policy).toMatchObject({
        name: 'org-logging-protect-deployment-monitoring',
        description:
          'Nobody but the StackSets execution role may disable, delete or rewrite the deployment monitoring of the member accounts',
        type: 'SERVICE_CONTROL_POLICY',
      });
      expect(guardrails.serviceControlPolicies.map((p) => p.node.id)).toEqual(['DeliveryPolicy', 'ArchivePolicy', 'MonitoringPolicy']);
    });

    it('is left out without monitoring', () => {
      expect(newGuardrails().guardrails.policyNames).not.toContain('org-logging-protect-deployment-monitoring');
    });

    it('keeps every target within the five service control policies AWS attaches, FullAWSAccess included', () => {
      const { guardrails } = newGuardrails({ monitoring: MONITORING, perimeter: PERIMETER });
      expect(POLICIES_PER_TARGET).toBe(5);
      expect(guardrails.serviceControlPolicies).toHaveLength(3);
      expect(guardrails.serviceControlPolicies.length + 1).toBeLessThanOrEqual(POLICIES_PER_TARGET);
    });
  });

  describe('what service control policies cannot reach', () => {
    it('refuses a protected resource in the management account, where SCPs protect nothing', () => {
      const inManagement = `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:cloudtrail/org`;
      expect(() => newGuardrails({ managementAccountId: MANAGEMENT, protect: { ...PROTECT, logGroupArns: [inManagement] } })).toThrow(
        `test/Guardrails: protect.logGroupArns[0]: "${inManagement}" is in the management account, where SCPs protect nothing. Fix: leave it out`,
      );
    });

    it('refuses alarm metrics in the management account, where a namespace deny would protect nothing', () => {
      const alarmMetrics = { accountId: MANAGEMENT, region: 'us-east-1', namespaces: ['CISBenchmark'] };
      expect(() => newGuardrails({ managementAccountId: MANAGEMENT, protect: { ...PROTECT, alarmMetrics } })).toThrow(
        `test/Guardrails: protect.alarmMetrics.accountId: "${MANAGEMENT}" is the management account, where SCPs protect nothing. Fix: leave alarmMetrics out`,
      );
    });

    it('accepts the organization trail, whose ARN names the management account but which delegated administrators manage', () => {
      expect(newGuardrails({ managementAccountId: MANAGEMENT }).guardrails.policyNames).toContain('org-logging-protect-trail-delivery');
    });

    it('refuses two exempt roles with one label, since the label names their Sids', () => {
      const roles: ExemptRole[] = [
        { label: 'DeploymentRole', roleName: 'deployment', accountIds: ['222222222222'] },
        { label: 'DeploymentRole', roleName: 'deployment-2', accountIds: ['222222222222'] },
      ];
      expect(() => newGuardrails({ exemptRoles: roles })).toThrow(
        'test/Guardrails: exemptRoles[1].label: "DeploymentRole" is the label of exemptRoles[0] too. Fix: give each exempt role its own label',
      );
    });

    it('refuses an exempt role pinned to the management account, to no account, or with a label unfit for a Sid', () => {
      const roles: ExemptRole[] = [
        { label: 'DeploymentRole', roleName: 'deployment', accountIds: [MANAGEMENT] },
        { label: 'breakGlass', roleName: 'break-glass', accountIds: [] },
      ];
      expect(() => newGuardrails({ managementAccountId: MANAGEMENT, exemptRoles: roles })).toThrow(
        'test/Guardrails: exemptRoles[0].accountIds[0]: "111111111111" is the management account, which SCPs never reach. Fix: leave it out; pin the role to member accounts; ' +
          'exemptRoles[1].label: "breakGlass" is not PascalCase (it names the Sids of the role). Fix: write it like "DeploymentRole"; ' +
          'exemptRoles[1].accountIds: [] is empty: the role would be exempt nowhere. Fix: pin it to the member accounts where it manages what the policies protect',
      );
    });
  });

  describe('resource control policy', () => {
    it('keeps the archive buckets and keys inside the organization, admitting AWS services acting for it or for the external accounts', () => {
      const { stack, guardrails } = newGuardrails({ perimeter: PERIMETER });
      expect(statementsNamed(guardrails, 'org-logging-archive-perimeter')).toEqual(PERIMETER_STATEMENTS);
      const policy = resourceAt(synthJson(stack), 'aws_organizations_policy', 'Guardrails/PerimeterPolicy');
      expect(policy).toMatchObject({
        name: 'org-logging-archive-perimeter',
        description: 'Keeps the log archive buckets and keys inside the organization (AWS services acting for it excepted)',
        type: 'RESOURCE_CONTROL_POLICY',
      });
      expect(statementsOf(policy, 'content')).toEqual(PERIMETER_STATEMENTS);
      expect(guardrails.resourceControlPolicy?.node.id).toBe('PerimeterPolicy');
      expect(guardrails.policyNames).toEqual([
        'org-logging-protect-trail-delivery',
        'org-logging-protect-log-archive',
        'org-logging-archive-perimeter',
      ]);
    });

    it('admits AWS services acting for the organization only, when no external account delivers', () => {
      const { guardrails } = newGuardrails({ perimeter: { ...PERIMETER, externalSourceAccountIds: [] } });
      expect(statementsNamed(guardrails, 'org-logging-archive-perimeter')[1].Condition).toEqual({
        StringNotEqualsIfExists: { 'aws:SourceOrgID': ORGANIZATION_ID },
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      });
    });

    it('is not created by default', () => {
      const { stack, guardrails } = newGuardrails();
      expect(guardrails.resourceControlPolicy).toBeUndefined();
      expect(
        Object.values(resourcesOf(synthJson(stack), 'aws_organizations_policy'))
          .map((p) => p.type)
          .sort(),
      ).toEqual(['SERVICE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY']);
      expect(() => guardrails.policyDocument('org-logging-archive-perimeter')).toThrow(
        'test/Guardrails: no policy named org-logging-archive-perimeter (have org-logging-protect-trail-delivery, org-logging-protect-log-archive)',
      );
    });
  });

  describe('attachments', () => {
    it('attach every policy to every target, once each', () => {
      const { stack } = newGuardrails({ targetIds: ['ou-abcd-11111111', 'ou-abcd-22222222'], perimeter: PERIMETER });
      const json = synthJson(stack);
      const attachments = Object.values(resourcesOf(json, 'aws_organizations_policy_attachment')).map((a) => [a.policy_id, a.target_id]);
      const policyId = (path: string) => `\${${addressAt(json, 'aws_organizations_policy', path)}.id}`;
      expect(attachments).toHaveLength(6);
      expect(attachments).toEqual(
        expect.arrayContaining(
          ['Guardrails/DeliveryPolicy', 'Guardrails/ArchivePolicy', 'Guardrails/PerimeterPolicy'].flatMap((path) => [
            [policyId(path), 'ou-abcd-11111111'],
            [policyId(path), 'ou-abcd-22222222'],
          ]),
        ),
      );
    });

    it('refuse at synth a target that is no root, OU or account, a bad account ID and a name prefix Organizations would refuse, every problem at once', () => {
      const { stack } = newGuardrails({ targetIds: ['r-abcd', 'ou-abcd'], managementAccountId: '12345', namePrefix: 'org logging' });
      expect(validationErrors(stack)).toEqual([
        'test/Guardrails: targetIds[1]: "ou-abcd" is not an organization root, OU or account ID. Fix: use the root ID (r-...) from `aws organizations list-roots`, OU IDs (ou-...-...) or account IDs',
        'test/Guardrails: managementAccountId: "12345" is not an AWS account ID (exactly 12 digits). Fix: write the 12 digits as a string, keeping leading zeros',
        'test/Guardrails: namePrefix: "org logging" is not a usable policy name prefix (1-64 of letters, digits and _ + = , . @ -). Fix: shorten it',
      ]);
    });

    it('refuse at synth no target, and a target listed twice', () => {
      expect(validationErrors(newGuardrails({ targetIds: [] }).stack)).toEqual([
        'test/Guardrails: targetIds: [] is empty, so the policies would guard nothing. Fix: attach them to the root (r-...) or to OUs (ou-...-...)',
      ]);
      expect(validationErrors(newGuardrails({ targetIds: ['ou-abcd-11111111', 'r-abcd', 'ou-abcd-11111111'] }).stack)).toEqual([
        'test/Guardrails: targetIds[2]: "ou-abcd-11111111" repeats entry [0]. Fix: list each entry once',
      ]);
    });
  });

  describe('size', () => {
    it('passes synth validation within 5,120 characters', () => {
      const { guardrails } = newGuardrails({ perimeter: PERIMETER });
      for (const policy of [...guardrails.serviceControlPolicies, guardrails.resourceControlPolicy]) {
        expect(policy?.node.validate()).toEqual([]);
      }
    });

    it('fails synth validation when a service control policy outgrows 5,120 characters', () => {
      const bucketArns = Array.from({ length: 60 }, (_, i) => `arn:aws:s3:::org-logs-archive-bucket-${i}`);
      const { guardrails } = newGuardrails({ protect: { ...PROTECT, bucketArns } });
      const size = guardrails.policyDocument('org-logging-protect-log-archive').sizeBytes;
      expect(size).toBeGreaterThan(5120);
      expect(guardrails.serviceControlPolicies[1].node.validate()).toEqual([
        `test/Guardrails/ArchivePolicy: policy is ${size} bytes; a service control policy holds at most 5120 bytes. Fix: protect fewer resources in one policy (shorter names, fewer exempt roles), or split the statements over another policy`,
      ]);
      expect(guardrails.serviceControlPolicies[0].node.validate()).toEqual([]);
    });

    it('fails synth validation when the resource control policy outgrows 5,120 characters', () => {
      const keyAccountIds = Array.from({ length: 120 }, (_, i) => `${500000000000 + i}`);
      const { guardrails } = newGuardrails({ perimeter: { ...PERIMETER, keyAccountIds } });
      const size = guardrails.policyDocument('org-logging-archive-perimeter').sizeBytes;
      expect(size).toBeGreaterThan(5120);
      expect(guardrails.resourceControlPolicy?.node.validate()).toEqual([
        `test/Guardrails/PerimeterPolicy: policy is ${size} bytes; a resource control policy holds at most 5120 bytes. Fix: protect fewer resources in one policy (shorter names, fewer exempt roles), or split the statements over another policy`,
      ]);
    });
  });
});

describe('guardrail statements', () => {
  describe('guardrailStatements', () => {
    it('groups the statements into the delivery and archive policies, by id and name', () => {
      expect(guardrailStatements(PROTECT, EXEMPT_ROLES).map((g) => [g.id, g.name, g.statements.map((s) => s.sid)])).toEqual([
        [
          'Delivery',
          'protect-trail-delivery',
          [
            'DenyTrailTampering',
            'DenyLogGroupTampering',
            'DenyDeliveryRoleTampering',
            'DenyTopicTampering',
            'DenyDeploymentRoleChanges',
            'DenyBreakGlassRoleChanges',
            'DenyExemptRoleAssumptionFromTheirAccounts',
          ],
        ],
        [
          'Archive',
          'protect-log-archive',
          ['DenyLogBucketWeakening', 'DenyLogObjectDestruction', 'DenyLogKeyTampering', 'DenyLogKeyAliasChanges'],
        ],
      ]);
    });

    it('returns no group when there is nothing to protect and no role to exempt', () => {
      expect(guardrailStatements({ trailArns: [], bucketArns: [], keyAliases: [] }, [])).toEqual([]);
    });

    it('still protects the exempt roles when nothing else is given', () => {
      const groups = guardrailStatements({ trailArns: [], bucketArns: [], keyAliases: [] }, EXEMPT_ROLES);
      expect(groups.map((g) => g.statements.map((s) => s.toJSON()))).toEqual([exemptRoleStatements()]);
    });
  });

  describe('monitoringGuardrailGroup', () => {
    it('names the monitoring policy and lists its statements', () => {
      const group = monitoringGuardrailGroup(MONITORING);
      expect([group.id, group.name, group.statements.map((s) => s.toJSON())]).toEqual([
        'Monitoring',
        'protect-deployment-monitoring',
        MONITORING_STATEMENTS,
      ]);
    });
  });

  describe('perimeterStatements', () => {
    it('deny outside identities and AWS services acting for others', () => {
      expect(perimeterStatements(PERIMETER).map((s) => s.toJSON())).toEqual(PERIMETER_STATEMENTS);
    });
  });
});

describe('protection actions', () => {
  it('list the bucket settings whose change weakens evidence protection', () => {
    expect(BUCKET_PROTECTION_ACTIONS).toEqual([
      's3:DeleteBucket',
      's3:DeleteBucketPolicy',
      's3:PutBucketAcl',
      's3:PutBucketLogging',
      's3:PutBucketObjectLockConfiguration',
      's3:PutBucketOwnershipControls',
      's3:PutBucketPolicy',
      's3:PutBucketPublicAccessBlock',
      's3:PutBucketRequestPayment',
      's3:PutBucketVersioning',
      's3:PutEncryptionConfiguration',
      's3:PutLifecycleConfiguration',
      's3:PutReplicationConfiguration',
    ]);
  });

  it('list the object actions that destroy evidence or lift its protection', () => {
    expect(OBJECT_PROTECTION_ACTIONS).toEqual([
      's3:BypassGovernanceRetention',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:ReplicateDelete',
    ]);
  });

  it('list the key actions that make evidence unreadable or hand it out', () => {
    expect(KEY_PROTECTION_ACTIONS).toEqual([
      'kms:CreateGrant',
      'kms:DisableKey',
      'kms:DisableKeyRotation',
      'kms:PutKeyPolicy',
      'kms:ScheduleKeyDeletion',
    ]);
  });

  it('list the role changes Control Tower denies on its own roles, without creation', () => {
    expect(ROLE_PROTECTION_ACTIONS).toEqual(ROLE_ACTIONS);
  });

  it('are the lists the service control policies deny, so resource policies and guardrails stay the same', () => {
    const [, archive] = guardrailStatements(PROTECT, EXEMPT_ROLES);
    const actions = Object.fromEntries(archive.statements.map((s) => [s.sid, s.toJSON().Action]));
    expect(actions.DenyLogBucketWeakening).toEqual([...BUCKET_PROTECTION_ACTIONS]);
    expect(actions.DenyLogObjectDestruction).toEqual([...OBJECT_PROTECTION_ACTIONS]);
    expect(actions.DenyLogKeyTampering).toEqual([...KEY_PROTECTION_ACTIONS]);
  });
});
