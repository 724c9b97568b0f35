/**
 * The organization-guardrails stack as the app builds it: in the management account, last, service
 * control policies protecting every evidence-holding resource of the config that a member account
 * could change (none in the management account, which no SCP reaches), the exempt roles pinned to
 * their accounts and guarding themselves, deployment monitoring kept to its StackSets, and a resource
 * control policy keeping the archive inside the organization, attached to each target.
 * Expected ARNs are written from the example config, never from the module under test.
 */
import type { OrganizationConfig } from '../../stacks/config';
import { exampleConfig, manyAccounts } from '../support/config';
import { annotationsOf } from '../support/modules';
import { buildExample, type Resource, resourcesOf, type SynthesizedJson } from '../support/synth';

const STACK = 'organization-guardrails';
const SCP_LIMIT = 5120;

function synthGuardrails(config: OrganizationConfig): SynthesizedJson {
  return buildExample(config).synth(STACK);
}

function withGuardrails(change: Record<string, unknown>, mutate?: (input: Record<string, unknown>) => void): OrganizationConfig {
  return exampleConfig((c) => {
    Object.assign(c.guardrails as Record<string, unknown>, change);
    mutate?.(c);
  });
}

/** The organization policies of a stack, by name. */
function policies(json: SynthesizedJson): Map<string, Resource> {
  return new Map(Object.values(resourcesOf(json, 'aws_organizations_policy')).map((p) => [p.name as string, p]));
}

function policyNamed(json: SynthesizedJson, name: string): Resource {
  const found = policies(json).get(name);
  if (!found) throw new Error(`no policy ${name} (have ${[...policies(json).keys()].join(', ')})`);
  return found;
}

function contentOf(json: SynthesizedJson, name: string): { Version: string; Statement: Record<string, unknown>[] } {
  return JSON.parse(policyNamed(json, name).content as string);
}

/** `[policy logical id, target]` of every attachment, sorted. */
function attachments(json: SynthesizedJson): [string, string][] {
  return Object.values(resourcesOf(json, 'aws_organizations_policy_attachment'))
    .map((a): [string, string] => [
      String(a.policy_id).replace(/^\$\{aws_organizations_policy\.(\w+?)_[A-F0-9]{8}\.id\}$/, '$1'),
      String(a.target_id),
    ])
    .sort();
}

const example = exampleConfig();
const logArchive = example.logArchiveAccountId;
const management = example.managementAccountId;

const audit = example.auditAccountId;
const DEPLOYER = `arn:aws:iam::${logArchive}:role/OrgLoggingDeployment`;
const BREAK_GLASS = `arn:aws:iam::${logArchive}:role/acme-log-archive-break-glass`;
/** Everyone but the deployment role and the break-glass role, both in the log-archive account only. */
const EXEMPT = { ArnNotLike: { 'aws:PrincipalARN': [DEPLOYER, BREAK_GLASS] } };
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
/** The example with the trail created by the audit account as CloudTrail delegated administrator. */
const delegated = exampleConfig((c) => {
  (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
});
const BUCKETS = [
  'arn:aws:s3:::acme-cloudtrail-archive-345678901234',
  'arn:aws:s3:::acme-cloudtrail-archive-access-logs-345678901234',
  'arn:aws:s3:::acme-cloudtrail-archive-replica-345678901234',
  'arn:aws:s3:::acme-cloudtrail-replica-access-logs-345678901234',
];
/** The archive's keys: the trail's own keys live in the management account, out of any SCP's reach. */
const KEY_ALIASES = ['alias/acme-cloudtrail-archive', 'alias/acme-cloudtrail-archive-replica'];
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${management}:trail/acme-organization-trail`;
const REPLICATION_ROLE_ARN = `arn:aws:iam::${logArchive}:role/acme-cloudtrail-archive-replica-345678901234-replication`;

describe('OrganizationGuardrailsStack', () => {
  const built = buildExample(example);
  const json = built.synth(STACK);
  const delegatedBuilt = buildExample(delegated);
  const delegatedJson = delegatedBuilt.synth(STACK);

  it('is built from an example with guardrails on, a root target, replication, external accounts and a break-glass role', () => {
    expect(example.guardrails).toEqual({ enabled: true, targetIds: ['r-7k3m'], resourceControlPolicy: true, namePrefix: 'org-logging' });
    expect(example.archive.replication).toBeDefined();
    expect(example.externalAccountIds).toEqual(['567890123456', '678901234567']);
    expect(example.deployment.breakGlassRoleName).toBe('acme-log-archive-break-glass');
  });

  describe('account and provider', () => {
    it("deploys into the management account, with that account's own role, in the home region", () => {
      expect(json.provider.aws).toEqual([
        expect.objectContaining({
          region: example.homeRegion,
          allowed_account_ids: [management],
          assume_role: [{ role_arn: `arn:aws:iam::${management}:role/acme-platform-deployer`, session_name: 'cdktf-org-logging' }],
        }),
      ]);
    });

    it('is applied last, after every resource it names exists', () => {
      const all = built.stacks.all;
      expect(all[all.length - 1]).toMatchObject({ name: STACK, order: 9, accountId: management, region: example.homeRegion });
      expect(all.filter((s) => s.name !== STACK).every((s) => s.order < 9)).toBe(true);
    });

    it('keeps its state under its own key and reads no other stack (every ARN is literal)', () => {
      expect(json.terraform.backend?.s3).toMatchObject({ key: 'org-logging/organization-guardrails.tfstate' });
      expect(json.data).toBeUndefined();
      const contents = [...policies(json).values()].map((p) => p.content as string);
      expect(contents).toHaveLength(4);
      for (const content of contents) expect(content).not.toContain('${');
    });

    it('holds nothing but organization policies and their attachments', () => {
      expect(Object.keys(json.resource).sort()).toEqual(['aws_organizations_policy', 'aws_organizations_policy_attachment']);
    });
  });

  describe('policies and attachments', () => {
    it('creates three service control policies and a resource control policy, named by guardrails.namePrefix', () => {
      expect([...policies(json).entries()].map(([name, p]) => [name, p.type]).sort()).toEqual([
        ['org-logging-archive-perimeter', 'RESOURCE_CONTROL_POLICY'],
        ['org-logging-protect-deployment-monitoring', 'SERVICE_CONTROL_POLICY'],
        ['org-logging-protect-log-archive', 'SERVICE_CONTROL_POLICY'],
        ['org-logging-protect-trail-delivery', 'SERVICE_CONTROL_POLICY'],
      ]);
    });

    it('takes another name prefix', () => {
      const renamed = synthGuardrails(withGuardrails({ namePrefix: 'acme-audit' }));
      expect([...policies(renamed).keys()].sort()).toEqual([
        'acme-audit-archive-perimeter',
        'acme-audit-protect-deployment-monitoring',
        'acme-audit-protect-log-archive',
        'acme-audit-protect-trail-delivery',
      ]);
    });

    it('attaches every policy to the one target of the example', () => {
      expect(attachments(json)).toEqual([
        ['Guardrails_ArchivePolicy', 'r-7k3m'],
        ['Guardrails_DeliveryPolicy', 'r-7k3m'],
        ['Guardrails_MonitoringPolicy', 'r-7k3m'],
        ['Guardrails_PerimeterPolicy', 'r-7k3m'],
      ]);
    });

    it('attaches every policy to every target (root, OU or account), once each', () => {
      const targets = ['r-7k3m', 'ou-7k3m-a1b2c3d4', '456789012345'];
      const out = synthGuardrails(withGuardrails({ targetIds: targets }));
      const expected = [
        'Guardrails_ArchivePolicy',
        'Guardrails_DeliveryPolicy',
        'Guardrails_MonitoringPolicy',
        'Guardrails_PerimeterPolicy',
      ].flatMap((policy) => targets.map((target): [string, string] => [policy, target]));
      expect(attachments(out)).toEqual(expected.sort());
    });

    it('keys each attachment by policy and target, so adding a target replaces none', () => {
      const ids = (config: OrganizationConfig) => Object.keys(resourcesOf(synthGuardrails(config), 'aws_organizations_policy_attachment'));
      const one = ids(example);
      expect(one).toHaveLength(4);
      expect(ids(withGuardrails({ targetIds: ['ou-7k3m-a1b2c3d4', 'r-7k3m'] }))).toEqual(expect.arrayContaining(one));
    });

    it('outputs the policy ids', () => {
      const id = (name: string) =>
        expect.stringMatching(new RegExp(`^\\$\\{aws_organizations_policy\\.Guardrails_${name}_[A-F0-9]{8}\\.id\\}$`));
      expect(json.output?.service_control_policy_ids.value).toEqual([id('DeliveryPolicy'), id('ArchivePolicy'), id('MonitoringPolicy')]);
      expect(json.output?.resource_control_policy_id.value).toEqual(id('PerimeterPolicy'));
    });

    it('keeps every policy under the 5,120 characters AWS Organizations allows, the trail created by a delegated administrator too', () => {
      for (const out of [json, delegatedJson]) {
        const sizes = [...policies(out).entries()].map(([name, p]) => ({ name, fits: (p.content as string).length < SCP_LIMIT }));
        expect(sizes).toHaveLength(4);
        expect(sizes).toEqual(sizes.map(({ name }) => ({ name, fits: true })));
      }
    });

    it('keeps the resource control policy under 5,120 characters with as many external accounts as the archive holds', () => {
      const many = synthGuardrails(
        exampleConfig((c) => {
          c.externalAccountIds = manyAccounts(33);
        }),
      );
      const rcp = policyNamed(many, 'org-logging-archive-perimeter').content as string;
      expect(rcp).toContain(manyAccounts(33)[32]);
      expect(rcp.length).toBeLessThan(SCP_LIMIT);
    });
  });

  describe('service control policy: trail delivery', () => {
    const statements = contentOf(json, 'org-logging-protect-trail-delivery').Statement;

    it('denies everyone but the exempt roles stopping, deleting or reconfiguring the organization trail', () => {
      expect(statements[0]).toEqual({
        Sid: 'DenyTrailTampering',
        Effect: 'Deny',
        Action: [
          'cloudtrail:DeleteTrail',
          'cloudtrail:PutEventSelectors',
          'cloudtrail:PutInsightSelectors',
          'cloudtrail:StopLogging',
          'cloudtrail:UpdateTrail',
        ],
        Resource: TRAIL_ARN,
        Condition: EXEMPT,
      });
    });

    it('denies deleting or re-permissioning the replication role', () => {
      expect(statements[1]).toEqual({
        Sid: 'DenyDeliveryRoleTampering',
        Effect: 'Deny',
        Action: DELIVERY_ROLE_ACTIONS,
        Resource: REPLICATION_ROLE_ARN,
        Condition: EXEMPT,
      });
    });

    it('lets nobody but the deployment role change the deployment role, and nobody but the break-glass role the break-glass role', () => {
      expect(statements.slice(2, 4)).toEqual([
        {
          Sid: 'DenyDeploymentRoleChanges',
          Effect: 'Deny',
          Action: ROLE_ACTIONS,
          Resource: DEPLOYER,
          Condition: { ArnNotLike: { 'aws:PrincipalARN': DEPLOYER } },
        },
        {
          Sid: 'DenyBreakGlassRoleChanges',
          Effect: 'Deny',
          Action: ROLE_ACTIONS,
          Resource: BREAK_GLASS,
          Condition: { ArnNotLike: { 'aws:PrincipalARN': BREAK_GLASS } },
        },
      ]);
    });

    it('lets no principal of the log-archive account assume either role', () => {
      expect(statements[4]).toEqual({
        Sid: 'DenyExemptRoleAssumptionFromTheirAccounts',
        Effect: 'Deny',
        Action: 'sts:AssumeRole',
        Resource: [DEPLOYER, BREAK_GLASS],
        Condition: { StringEquals: { 'aws:PrincipalAccount': logArchive } },
      });
    });

    it('leaves out the log group, delivery role, topics, alarms and their keys, which live in the management account where no SCP applies', () => {
      expect(statements.map((s) => s.Sid)).toEqual([
        'DenyTrailTampering',
        'DenyDeliveryRoleTampering',
        'DenyDeploymentRoleChanges',
        'DenyBreakGlassRoleChanges',
        'DenyExemptRoleAssumptionFromTheirAccounts',
      ]);
      const resources = [...policies(json).values()].flatMap((policy) =>
        JSON.parse(policy.content as string).Statement.flatMap((st: Record<string, unknown>) => [st.Resource].flat()),
      );
      expect(resources.filter((arn: string) => arn.split(':')[4] === management)).toEqual([TRAIL_ARN]);
    });

    describe('when a delegated administrator creates the trail', () => {
      const delegatedStatements = contentOf(delegatedJson, 'org-logging-protect-trail-delivery').Statement;
      const deployers = [DEPLOYER, `arn:aws:iam::${audit}:role/OrgLoggingDeployment`];
      const exempt = { ArnNotLike: { 'aws:PrincipalARN': [...deployers, BREAK_GLASS] } };

      it("protects the delivery resources in the delegated administrator's account, and the trail by its management account ARN", () => {
        expect(delegatedStatements.map((st) => [st.Sid, st.Resource])).toEqual([
          ['DenyTrailTampering', TRAIL_ARN],
          [
            'DenyLogGroupTampering',
            [
              `arn:aws:logs:eu-west-1:${audit}:log-group:cloudtrail/acme-organization-trail`,
              `arn:aws:logs:eu-west-1:${audit}:log-group:cloudtrail/acme-organization-trail:*`,
            ],
          ],
          ['DenyDeliveryRoleTampering', [`arn:aws:iam::${audit}:role/acme-cloudtrail-cloudwatch-logs`, REPLICATION_ROLE_ARN]],
          [
            'DenyTopicTampering',
            [
              `arn:aws:sns:eu-west-1:${audit}:acme-cloudtrail-log-delivery`,
              `arn:aws:sns:eu-west-1:${audit}:acme-cloudtrail-log-delivery:*`,
              `arn:aws:sns:eu-west-1:${audit}:acme-organization-trail-alarms`,
              `arn:aws:sns:eu-west-1:${audit}:acme-organization-trail-alarms:*`,
            ],
          ],
          ['DenyAlarmTampering', `arn:aws:cloudwatch:eu-west-1:${audit}:alarm:acme-organization-trail-*`],
          ['DenyAlarmMetricForgery', '*'],
          ['DenyDeploymentRoleChanges', deployers],
          ['DenyBreakGlassRoleChanges', BREAK_GLASS],
          ['DenyExemptRoleAssumptionFromTheirAccounts', [...deployers, BREAK_GLASS]],
        ]);
      });

      it('pins the deployment role to the log-archive account and the delegated administrator, the break-glass role to the log-archive account', () => {
        for (const statement of delegatedStatements.slice(0, 5)) expect(statement.Condition).toEqual(exempt);
        expect(delegatedStatements[8].Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': [logArchive, audit] } });
      });

      it("denies publishing into the alarms' metric namespaces there (a negative data point would cancel their Sum)", () => {
        expect(delegatedStatements[5]).toEqual({
          Sid: 'DenyAlarmMetricForgery',
          Effect: 'Deny',
          Action: 'cloudwatch:PutMetricData',
          Resource: '*',
          Condition: {
            ...exempt,
            StringEquals: {
              'cloudwatch:namespace': ['CISBenchmark', 'OrgLogging'],
              'aws:PrincipalAccount': audit,
              'aws:RequestedRegion': 'eu-west-1',
            },
          },
        });
      });

      it("protects the trail's keys, which live in the delegated administrator's account", () => {
        const archive = contentOf(delegatedJson, 'org-logging-protect-log-archive').Statement;
        expect(archive[2].Condition).toEqual({
          ...exempt,
          'ForAnyValue:StringEquals': {
            'kms:ResourceAliases': [
              ...KEY_ALIASES,
              'alias/acme-cloudtrail-notifications',
              'alias/acme-cloudtrail-cloudwatch-logs',
              'alias/org-trail-alarms',
            ],
          },
        });
      });
    });
  });

  describe('service control policy: log archive', () => {
    const statements = contentOf(json, 'org-logging-protect-log-archive').Statement;

    it('denies weakening any of the four archive buckets', () => {
      expect(statements[0]).toEqual({
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
        Resource: BUCKETS,
        Condition: EXEMPT,
      });
    });

    it('denies deleting their objects or bypassing governance retention', () => {
      expect(statements[1]).toEqual({
        Sid: 'DenyLogObjectDestruction',
        Effect: 'Deny',
        Action: ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ReplicateDelete'],
        Resource: BUCKETS.map((arn) => `${arn}/*`),
        Condition: EXEMPT,
      });
    });

    it('denies disabling, deleting, re-policying or granting the archive and replica keys, found by their aliases', () => {
      expect(statements[2]).toEqual({
        Sid: 'DenyLogKeyTampering',
        Effect: 'Deny',
        Action: ['kms:CreateGrant', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
        Resource: 'arn:aws:kms:*:*:key/*',
        Condition: { ...EXEMPT, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': KEY_ALIASES } },
      });
    });

    it('denies moving or deleting those aliases', () => {
      expect(statements[3]).toEqual({
        Sid: 'DenyLogKeyAliasChanges',
        Effect: 'Deny',
        Action: ['kms:DeleteAlias', 'kms:UpdateAlias'],
        Resource: KEY_ALIASES.map((alias) => `arn:aws:kms:*:*:${alias}`),
        Condition: EXEMPT,
      });
    });

    it('has nothing else', () => {
      expect(statements.map((s) => s.Sid)).toEqual([
        'DenyLogBucketWeakening',
        'DenyLogObjectDestruction',
        'DenyLogKeyTampering',
        'DenyLogKeyAliasChanges',
      ]);
    });

    it('protects only the archive and its access-log bucket, and the archive key, without replication', () => {
      const none = synthGuardrails(
        exampleConfig((c) => {
          delete (c.archive as Record<string, unknown>).replication;
        }),
      );
      const archive = contentOf(none, 'org-logging-protect-log-archive').Statement;
      expect(archive[0].Resource).toEqual(BUCKETS.slice(0, 2));
      expect(archive[2].Condition).toMatchObject({
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/acme-cloudtrail-archive' },
      });
      expect(contentOf(none, 'org-logging-protect-trail-delivery').Statement.map((st) => st.Sid)).not.toContain(
        'DenyDeliveryRoleTampering',
      );
    });
  });

  describe('exempt roles', () => {
    it('exempts and protects only the deployment role when no break-glass role is configured', () => {
      const out = synthGuardrails(
        exampleConfig((c) => {
          delete (c.deployment as Record<string, unknown>).breakGlassRoleName;
        }),
      );
      const delivery = contentOf(out, 'org-logging-protect-trail-delivery').Statement;
      expect(delivery.map((st) => st.Sid)).toEqual([
        'DenyTrailTampering',
        'DenyDeliveryRoleTampering',
        'DenyDeploymentRoleChanges',
        'DenyExemptRoleAssumptionFromTheirAccounts',
      ]);
      for (const statement of [...delivery.slice(0, 2), ...contentOf(out, 'org-logging-protect-log-archive').Statement]) {
        expect(statement.Condition).toMatchObject({ ArnNotLike: { 'aws:PrincipalARN': DEPLOYER } });
      }
    });

    it('exempts OrganizationAccountAccessRole, when named, in the log-archive account only', () => {
      const out = synthGuardrails(
        exampleConfig((c) => {
          (c.deployment as Record<string, unknown>).roleName = 'OrganizationAccountAccessRole';
        }),
      );
      expect(contentOf(out, 'org-logging-protect-trail-delivery').Statement[0].Condition).toEqual({
        ArnNotLike: { 'aws:PrincipalARN': [`arn:aws:iam::${logArchive}:role/OrganizationAccountAccessRole`, BREAK_GLASS] },
      });
    });

    it('never exempts a role in every account', () => {
      for (const policy of policies(json).values())
        expect(policy.content).not.toMatch(/"aws:PrincipalARN":[^}]*arn:aws:iam::\*:role\/(?!stacksets-exec-)/);
    });

    it('never exempts the management account role, which SCPs do not reach anyway', () => {
      for (const policy of policies(json).values()) expect(policy.content).not.toContain('acme-platform-deployer');
    });
  });

  describe('service control policy: deployment monitoring', () => {
    const statements = contentOf(json, 'org-logging-protect-deployment-monitoring').Statement;
    const onlyStackSets = { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/stacksets-exec-*' } };
    const withCreation = [ROLE_ACTIONS[0], 'iam:CreateRole', ...ROLE_ACTIONS.slice(1)];

    it("keeps the member accounts' rules, roles, dead-letter queue and StackSet stacks, and the execution role's name, to the StackSets", () => {
      expect(statements).toEqual([
        {
          Sid: 'DenyForwardingRuleChanges',
          Effect: 'Deny',
          Action: ['events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'],
          Resource: 'arn:aws:events:*:*:rule/acme-deploy-monitoring-codedeploy-*',
          Condition: onlyStackSets,
        },
        {
          Sid: 'DenyForwardingRoleChanges',
          Effect: 'Deny',
          Action: withCreation,
          Resource: 'arn:aws:iam::*:role/acme-deploy-monitoring-codedeploy-*',
          Condition: onlyStackSets,
        },
        {
          Sid: 'DenyDeadLetterQueueChanges',
          Effect: 'Deny',
          Action: ['sqs:DeleteQueue', 'sqs:RemovePermission', 'sqs:SetQueueAttributes'],
          Resource: 'arn:aws:sqs:*:*:acme-deploy-monitoring-codedeploy-dlq',
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
          Resource: 'arn:aws:cloudformation:*:*:stack/StackSet-acme-deploy-monitoring-codedeploy-*',
          Condition: onlyStackSets,
        },
        {
          Sid: 'DenyStackSetsExecutionRoleChanges',
          Effect: 'Deny',
          Action: withCreation,
          Resource: 'arn:aws:iam::*:role/stacksets-exec-*',
          Condition: onlyStackSets,
        },
      ]);
    });

    it('covers every rule, role and queue name the member templates give, and the stacks of both StackSets', () => {
      const rollout = built.synth('deployment-rollout');
      const stackSets = Object.values(resourcesOf(rollout, 'aws_cloudformation_stack_set'));
      expect(stackSets).toHaveLength(2);
      const names = stackSets.flatMap((set) =>
        Object.values(
          JSON.parse(set.template_body as string).Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
        )
          .filter((r) => ['AWS::IAM::Role', 'AWS::Events::Rule', 'AWS::SQS::Queue'].includes(r.Type))
          .map((r) => `${r.Type} ${r.Properties.RoleName ?? r.Properties.Name ?? r.Properties.QueueName}`),
      );
      expect(names).toEqual(
        expect.arrayContaining([
          'AWS::IAM::Role acme-deploy-monitoring-codedeploy-forwarder',
          'AWS::Events::Rule acme-deploy-monitoring-codedeploy-forward',
          'AWS::SQS::Queue acme-deploy-monitoring-codedeploy-dlq',
        ]),
      );
      const pattern = (arn: unknown) => new RegExp(`^${String(arn).split(/[:/]/).pop()?.replace('*', '.*')}$`);
      const byType: Record<string, RegExp> = {
        'AWS::Events::Rule': pattern(statements[0].Resource),
        'AWS::IAM::Role': pattern(statements[1].Resource),
        'AWS::SQS::Queue': pattern(statements[2].Resource),
      };
      for (const entry of names) {
        const [type, name] = entry.split(' ');
        expect([entry, byType[type].test(name)]).toEqual([entry, true]);
      }
      for (const set of stackSets) expect(`StackSet-${set.name}-0a1b2c3d`).toMatch(pattern(statements[3].Resource));
    });

    it('is left out without deploymentMonitoring', () => {
      const out = synthGuardrails(
        exampleConfig((c) => {
          delete c.deploymentMonitoring;
          (c.alarms as Record<string, unknown>).notifyChat = false;
        }),
      );
      expect([...policies(out).keys()]).not.toContain('org-logging-protect-deployment-monitoring');
    });
  });

  describe('resource control policy', () => {
    const statements = contentOf(json, 'org-logging-archive-perimeter').Statement;
    const perimeter = [...BUCKETS.flatMap((arn) => [arn, `${arn}/*`]), `arn:aws:kms:*:${logArchive}:key/*`];

    it('denies principals outside the organization any access to the archive buckets and the log-archive keys', () => {
      expect(statements[0]).toEqual({
        Sid: 'EnforceOrgIdentities',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*', 'kms:*'],
        Resource: perimeter,
        Condition: {
          StringNotEqualsIfExists: { 'aws:PrincipalOrgID': example.organizationId },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      });
    });

    it('admits AWS services only on behalf of the organization or the external accounts, listed under aws:SourceAccount', () => {
      expect(statements[1]).toEqual({
        Sid: 'EnforceConfusedDeputyProtection',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*', 'kms:*'],
        Resource: perimeter,
        Condition: {
          StringNotEqualsIfExists: { 'aws:SourceOrgID': example.organizationId, 'aws:SourceAccount': ['567890123456', '678901234567'] },
          Null: { 'aws:SourceAccount': 'false' },
          Bool: { 'aws:PrincipalIsAWSService': 'true' },
        },
      });
      expect(statements).toHaveLength(2);
    });

    it('admits services only on behalf of the organization when there are no external accounts', () => {
      const out = synthGuardrails(
        exampleConfig((c) => {
          c.externalAccountIds = [];
        }),
      );
      expect(contentOf(out, 'org-logging-archive-perimeter').Statement[1].Condition).toEqual({
        StringNotEqualsIfExists: { 'aws:SourceOrgID': example.organizationId },
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      });
    });

    it('is left out, with its attachments and output, when guardrails.resourceControlPolicy is false', () => {
      const out = synthGuardrails(withGuardrails({ resourceControlPolicy: false }));
      expect([...policies(out).keys()].sort()).toEqual([
        'org-logging-protect-deployment-monitoring',
        'org-logging-protect-log-archive',
        'org-logging-protect-trail-delivery',
      ]);
      expect(attachments(out)).toEqual([
        ['Guardrails_ArchivePolicy', 'r-7k3m'],
        ['Guardrails_DeliveryPolicy', 'r-7k3m'],
        ['Guardrails_MonitoringPolicy', 'r-7k3m'],
      ]);
      expect(Object.keys(out.output ?? {})).toEqual(['service_control_policy_ids']);
    });
  });

  describe('when guardrails.enabled is false', () => {
    it('is not built', () => {
      const built = buildExample(withGuardrails({ enabled: false }));
      expect(built.stacks.has(STACK)).toBe(false);
      expect(built.stacks.all.map((s) => s.name)).toEqual([
        'log-archive',
        'organization-trail',
        'external-account-567890123456',
        'external-account-678901234567',
        'deployment-events',
        'deployment-rollout',
        'deployment-management-account',
        'audit-queries',
      ]);
    });

    it('needs no targets', () => {
      expect(buildExample(withGuardrails({ enabled: false, targetIds: [] })).stacks.has(STACK)).toBe(false);
    });
  });

  describe('review notes', () => {
    const infos = (config: OrganizationConfig) => annotationsOf(buildExample(config).stacks.get(STACK), 'info').map((a) => a.message);

    it('say what protects the management account instead, whom the guardrails trust, what to check before applying and how to enable the policy types', () => {
      const stack = built.stacks.get(STACK);
      expect(annotationsOf(stack, 'info')).toEqual(
        [
          `SCPs and RCPs do not apply to the management account (${management}), which holds the trail's log group, delivery role and topic, the alarms and their keys: no guardrail covers them. What protects them: their resource policies (topic and key policies refuse other accounts), CloudTrail itself (member accounts cannot change an organization trail; only CloudTrail delegated administrators can, and the SCP denies them that), the trail-tampering alarm, and who holds the management account's administrator credentials. Fix: create the trail from a delegated administrator (trail.delegatedAdministratorAccountId) to bring them under the SCPs`,
          `Exempt from the trail and archive SCPs: role OrgLoggingDeployment in ${logArchive} and role acme-log-archive-break-glass in ${logArchive}. Nobody else in those accounts may change or assume them, so whoever may assume them from outside is trusted with the evidence; the same role names elsewhere are not exempt`,
          'Each target (r-7k3m) gets 3 SCPs and 1 RCP. AWS attaches at most 5 of each kind to one target, FullAWSAccess and RCPFullAWSAccess included, and the plan cannot see what is already attached: before applying, check that aws organizations list-policies-for-target --target-id <target> --filter SERVICE_CONTROL_POLICY lists at most 1 other policy besides FullAWSAccess and --filter RESOURCE_CONTROL_POLICY at most 3 other policies besides RCPFullAWSAccess',
          'Before applying, enable the policy types on the root: aws organizations enable-policy-type --root-id r-7k3m --policy-type SERVICE_CONTROL_POLICY (and RESOURCE_CONTROL_POLICY)',
        ].map((message) => ({ path: 'Guardrails', message })),
      );
      expect(annotationsOf(stack, 'warning')).toEqual([]);
    });

    it('say the SCPs protect the delivery resources when a delegated administrator holds them, and name both accounts of the deployment role', () => {
      const notes = annotationsOf(delegatedBuilt.stacks.get(STACK), 'info').map((a) => a.message);
      expect(notes[0]).toBe(
        `SCPs and RCPs do not apply to the management account (${management}): its administrators are held back only by the resource policies. The trail's delivery resources live in the delegated administrator ${audit}, where the SCPs protect them`,
      );
      expect(notes[1]).toContain(
        `role OrgLoggingDeployment in ${logArchive}, ${audit} and role acme-log-archive-break-glass in ${logArchive}`,
      );
    });

    it('count the policies each target gets without deployment monitoring or the resource control policy', () => {
      const notes = infos(
        exampleConfig((c) => {
          delete c.deploymentMonitoring;
          (c.alarms as Record<string, unknown>).notifyChat = false;
          (c.guardrails as Record<string, unknown>).resourceControlPolicy = false;
        }),
      );
      expect(notes[2]).toBe(
        'Each target (r-7k3m) gets 2 SCPs. AWS attaches at most 5 of each kind to one target, FullAWSAccess included, and the plan cannot see what is already attached: before applying, check that aws organizations list-policies-for-target --target-id <target> --filter SERVICE_CONTROL_POLICY lists at most 2 other policies besides FullAWSAccess',
      );
    });

    it('leave a placeholder for the root id when only OUs are targeted', () => {
      expect(infos(withGuardrails({ targetIds: ['ou-7k3m-a1b2c3d4'] }))[3]).toContain(
        'aws organizations enable-policy-type --root-id <root id> --policy-type SERVICE_CONTROL_POLICY',
      );
    });
  });
});
