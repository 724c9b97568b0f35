/**
 * The organization-guardrails stack as the app builds it: in the management account, last, two
 * service control policies protecting every evidence-holding resource of the config and a
 * resource control policy keeping the archive inside the organization, attached to each target.
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

/** Everyone but the deployment role and the break-glass role, in every member account. */
const EXEMPT = {
  ArnNotLike: {
    'aws:PrincipalARN': ['arn:aws:iam::*:role/OrganizationAccountAccessRole', 'arn:aws:iam::*:role/acme-log-archive-break-glass'],
  },
};
const BUCKETS = [
  'arn:aws:s3:::acme-cloudtrail-archive-345678901234',
  'arn:aws:s3:::acme-cloudtrail-archive-access-logs-345678901234',
  'arn:aws:s3:::acme-cloudtrail-archive-replica-345678901234',
  'arn:aws:s3:::acme-cloudtrail-replica-access-logs-345678901234',
];
const KEY_ALIASES = [
  'alias/acme-cloudtrail-archive',
  'alias/acme-cloudtrail-archive-replica',
  'alias/acme-cloudtrail-notifications',
  'alias/acme-cloudtrail-cloudwatch-logs',
  'alias/org-trail-alarms',
];
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${management}:trail/acme-organization-trail`;
const LOG_GROUP_ARN = `arn:aws:logs:eu-west-1:${management}:log-group:cloudtrail/acme-organization-trail`;
const DELIVERY_ROLE_ARN = `arn:aws:iam::${management}:role/acme-cloudtrail-cloudwatch-logs`;
const REPLICATION_ROLE_ARN = `arn:aws:iam::${logArchive}:role/acme-cloudtrail-archive-replica-345678901234-replication`;
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${management}:acme-cloudtrail-log-delivery`;
const ALARM_TOPIC_ARN = `arn:aws:sns:eu-west-1:${management}:acme-organization-trail-alarms`;
const ALARMS_ARN = `arn:aws:cloudwatch:eu-west-1:${management}:alarm:acme-organization-trail-*`;

describe('OrganizationGuardrailsStack', () => {
  const json = synthGuardrails(example);

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
      const all = buildExample(example).stacks.all;
      expect(all[all.length - 1]).toMatchObject({ name: STACK, order: 9, accountId: management, region: example.homeRegion });
      expect(all.filter((s) => s.name !== STACK).every((s) => s.order < 9)).toBe(true);
    });

    it('keeps its state under its own key and reads no other stack (every ARN is literal)', () => {
      expect(json.terraform.backend?.s3).toMatchObject({ key: 'org-logging/organization-guardrails.tfstate' });
      expect(json.data).toBeUndefined();
      const contents = [...policies(json).values()].map((p) => p.content as string);
      expect(contents).toHaveLength(3);
      for (const content of contents) expect(content).not.toContain('${');
    });

    it('holds nothing but organization policies and their attachments', () => {
      expect(Object.keys(json.resource).sort()).toEqual(['aws_organizations_policy', 'aws_organizations_policy_attachment']);
    });
  });

  describe('policies and attachments', () => {
    it('creates two service control policies and a resource control policy, named by guardrails.namePrefix', () => {
      expect([...policies(json).entries()].map(([name, p]) => [name, p.type]).sort()).toEqual([
        ['org-logging-archive-perimeter', 'RESOURCE_CONTROL_POLICY'],
        ['org-logging-protect-log-archive', 'SERVICE_CONTROL_POLICY'],
        ['org-logging-protect-trail-delivery', 'SERVICE_CONTROL_POLICY'],
      ]);
    });

    it('takes another name prefix', () => {
      const renamed = synthGuardrails(withGuardrails({ namePrefix: 'acme-audit' }));
      expect([...policies(renamed).keys()].sort()).toEqual([
        'acme-audit-archive-perimeter',
        'acme-audit-protect-log-archive',
        'acme-audit-protect-trail-delivery',
      ]);
    });

    it('attaches every policy to the one target of the example', () => {
      expect(attachments(json)).toEqual([
        ['Guardrails_ArchivePolicy', 'r-7k3m'],
        ['Guardrails_DeliveryPolicy', 'r-7k3m'],
        ['Guardrails_PerimeterPolicy', 'r-7k3m'],
      ]);
    });

    it('attaches every policy to every target (root, OU or account), once each', () => {
      const targets = ['r-7k3m', 'ou-7k3m-a1b2c3d4', '456789012345'];
      const out = synthGuardrails(withGuardrails({ targetIds: targets }));
      const expected = ['Guardrails_ArchivePolicy', 'Guardrails_DeliveryPolicy', 'Guardrails_PerimeterPolicy'].flatMap((policy) =>
        targets.map((target): [string, string] => [policy, target]),
      );
      expect(attachments(out)).toEqual(expected.sort());
    });

    it('keys each attachment by policy and target, so adding a target replaces none', () => {
      const ids = (config: OrganizationConfig) => Object.keys(resourcesOf(synthGuardrails(config), 'aws_organizations_policy_attachment'));
      const one = ids(example);
      expect(one).toHaveLength(3);
      expect(ids(withGuardrails({ targetIds: ['ou-7k3m-a1b2c3d4', 'r-7k3m'] }))).toEqual(expect.arrayContaining(one));
    });

    it('outputs the policy ids', () => {
      const id = (name: string) =>
        expect.stringMatching(new RegExp(`^\\$\\{aws_organizations_policy\\.Guardrails_${name}_[A-F0-9]{8}\\.id\\}$`));
      expect(json.output?.service_control_policy_ids.value).toEqual([id('DeliveryPolicy'), id('ArchivePolicy')]);
      expect(json.output?.resource_control_policy_id.value).toEqual(id('PerimeterPolicy'));
    });

    it('keeps every policy under the 5,120 characters AWS Organizations allows', () => {
      const sizes = [...policies(json).entries()].map(([name, p]) => ({ name, fits: (p.content as string).length < SCP_LIMIT }));
      expect(sizes).toHaveLength(3);
      expect(sizes).toEqual(sizes.map(({ name }) => ({ name, fits: true })));
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

    it('denies deleting, shortening or re-keying the CloudWatch Logs group and its streams', () => {
      expect(statements[1]).toEqual({
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
        Resource: [LOG_GROUP_ARN, `${LOG_GROUP_ARN}:*`],
        Condition: EXEMPT,
      });
    });

    it('denies deleting or re-permissioning the CloudWatch Logs delivery role and the replication role', () => {
      expect(statements[2]).toEqual({
        Sid: 'DenyDeliveryRoleTampering',
        Effect: 'Deny',
        Action: [
          'iam:AttachRolePolicy',
          'iam:DeleteRole',
          'iam:DeleteRolePermissionsBoundary',
          'iam:DeleteRolePolicy',
          'iam:DetachRolePolicy',
          'iam:PutRolePermissionsBoundary',
          'iam:PutRolePolicy',
          'iam:UpdateAssumeRolePolicy',
        ],
        Resource: [DELIVERY_ROLE_ARN, REPLICATION_ROLE_ARN],
        Condition: EXEMPT,
      });
    });

    it('denies deleting or re-policying the delivery topic and the alarm topic', () => {
      expect(statements[3]).toEqual({
        Sid: 'DenyTopicTampering',
        Effect: 'Deny',
        Action: ['sns:AddPermission', 'sns:DeleteTopic', 'sns:RemovePermission', 'sns:SetTopicAttributes'],
        Resource: [TOPIC_ARN, ALARM_TOPIC_ARN],
        Condition: EXEMPT,
      });
    });

    it('denies deleting, disabling or rewriting the trail alarms', () => {
      expect(statements[4]).toEqual({
        Sid: 'DenyAlarmTampering',
        Effect: 'Deny',
        Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:DisableAlarmActions', 'cloudwatch:PutMetricAlarm'],
        Resource: ALARMS_ARN,
        Condition: EXEMPT,
      });
    });

    it('has nothing else', () => {
      expect(statements.map((s) => s.Sid)).toEqual([
        'DenyTrailTampering',
        'DenyLogGroupTampering',
        'DenyDeliveryRoleTampering',
        'DenyTopicTampering',
        'DenyAlarmTampering',
      ]);
    });

    it("names the delivery resources in the delegated administrator's account when it creates the trail, and the trail by its management account ARN", () => {
      const delegated = exampleConfig((c) => {
        (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
      });
      const audit = delegated.auditAccountId;
      const resources = contentOf(synthGuardrails(delegated), 'org-logging-protect-trail-delivery').Statement.map((s) => s.Resource);
      expect(resources).toEqual([
        TRAIL_ARN,
        [
          `arn:aws:logs:eu-west-1:${audit}:log-group:cloudtrail/acme-organization-trail`,
          `arn:aws:logs:eu-west-1:${audit}:log-group:cloudtrail/acme-organization-trail:*`,
        ],
        [`arn:aws:iam::${audit}:role/acme-cloudtrail-cloudwatch-logs`, REPLICATION_ROLE_ARN],
        [`arn:aws:sns:eu-west-1:${audit}:acme-cloudtrail-log-delivery`, `arn:aws:sns:eu-west-1:${audit}:acme-organization-trail-alarms`],
        `arn:aws:cloudwatch:eu-west-1:${audit}:alarm:acme-organization-trail-*`,
      ]);
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
        Action: ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: BUCKETS.map((arn) => `${arn}/*`),
        Condition: EXEMPT,
      });
    });

    it('denies disabling, deleting, re-policying or granting the four keys, found by their aliases', () => {
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

    it('protects only the archive and its access-log bucket, and the remaining keys, without replication', () => {
      const none = synthGuardrails(
        exampleConfig((c) => {
          delete (c.archive as Record<string, unknown>).replication;
        }),
      );
      const archive = contentOf(none, 'org-logging-protect-log-archive').Statement;
      expect(archive[0].Resource).toEqual(BUCKETS.slice(0, 2));
      expect(archive[2].Condition).toMatchObject({
        'ForAnyValue:StringEquals': {
          'kms:ResourceAliases': [
            'alias/acme-cloudtrail-archive',
            'alias/acme-cloudtrail-notifications',
            'alias/acme-cloudtrail-cloudwatch-logs',
            'alias/org-trail-alarms',
          ],
        },
      });
      expect(contentOf(none, 'org-logging-protect-trail-delivery').Statement[2].Resource).toBe(DELIVERY_ROLE_ARN);
    });
  });

  describe('exempt roles', () => {
    it('exempts only the deployment role when no break-glass role is configured', () => {
      const out = synthGuardrails(
        exampleConfig((c) => {
          delete (c.deployment as Record<string, unknown>).breakGlassRoleName;
        }),
      );
      for (const name of ['org-logging-protect-trail-delivery', 'org-logging-protect-log-archive']) {
        for (const statement of contentOf(out, name).Statement) {
          expect(statement.Condition).toMatchObject({
            ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/OrganizationAccountAccessRole' },
          });
        }
      }
    });

    it('never exempts the management account role, which SCPs do not reach anyway', () => {
      for (const policy of policies(json).values()) expect(policy.content).not.toContain('acme-platform-deployer');
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
      expect([...policies(out).keys()].sort()).toEqual(['org-logging-protect-log-archive', 'org-logging-protect-trail-delivery']);
      expect(attachments(out)).toEqual([
        ['Guardrails_ArchivePolicy', 'r-7k3m'],
        ['Guardrails_DeliveryPolicy', 'r-7k3m'],
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

  describe('review note', () => {
    it('notes that SCPs and RCPs do not apply to the management account, with the commands that enable the policy types', () => {
      const stack = buildExample(example).stacks.get(STACK);
      expect(annotationsOf(stack, 'info')).toEqual([
        {
          path: 'Guardrails',
          message: `SCPs and RCPs do not apply to the management account (${management}): its own administrators are held back only by the resource policies. Roles named OrganizationAccountAccessRole and acme-log-archive-break-glass are exempt in every member account, so whoever may assume them is trusted with the evidence. Before applying, enable the policy types on the root: aws organizations enable-policy-type --root-id r-7k3m --policy-type SERVICE_CONTROL_POLICY (and RESOURCE_CONTROL_POLICY)`,
        },
      ]);
      expect(annotationsOf(stack, 'warning')).toEqual([]);
    });

    it('leaves a placeholder for the root id when only OUs are targeted', () => {
      const stack = buildExample(withGuardrails({ targetIds: ['ou-7k3m-a1b2c3d4'] })).stacks.get(STACK);
      expect(annotationsOf(stack, 'info').map((a) => a.message)).toEqual([
        expect.stringContaining('aws organizations enable-policy-type --root-id <root id> --policy-type SERVICE_CONTROL_POLICY'),
      ]);
    });
  });
});
