import { guardrailStatements, perimeterStatements } from '../../modules/guardrail-statements';
import {
  type LogArchivePerimeter,
  OrganizationGuardrails,
  type OrganizationGuardrailsProps,
  type ProtectedLogResources,
} from '../../modules/organization-guardrails';
import { BUCKET_PROTECTION_ACTIONS, KEY_PROTECTION_ACTIONS, OBJECT_PROTECTION_ACTIONS } from '../../modules/protection-actions';
import { addressAt, EXTERNAL, LOG_ARCHIVE, MANAGEMENT, ORGANIZATION_ID, resourceAt, statementsOf } from '../support/modules';
import { resourcesOf, synthJson, testStack } from '../support/synth';

const TRAIL = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`;
const ARCHIVE = 'arn:aws:s3:::org-logs';
const ACCESS_LOGS = 'arn:aws:s3:::org-logs-access-logs';
const LOG_GROUP = `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:cloudtrail/org`;
const DELIVERY_ROLE = `arn:aws:iam::${MANAGEMENT}:role/org-cloudwatch-logs`;
const REPLICATION_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/org-logs-replica-replication`;
const TOPIC = `arn:aws:sns:us-east-1:${MANAGEMENT}:deliveries`;
const EXEMPT_ROLES = ['arn:aws:iam::*:role/deployment', 'arn:aws:iam::*:role/break-glass'];

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
    exemptRoleNames: ['deployment', 'break-glass'],
    protect: PROTECT,
    ...props,
  });
  return { stack, guardrails };
}

const statementsNamed = (guardrails: OrganizationGuardrails, name: string) => guardrails.policyDocument(name).toJSON().Statement;
const exempt = { ArnNotLike: { 'aws:PrincipalARN': EXEMPT_ROLES } };

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
    Resource: [DELIVERY_ROLE, REPLICATION_ROLE],
    Condition: exempt,
  },
  {
    Sid: 'DenyTopicTampering',
    Effect: 'Deny',
    Action: ['sns:AddPermission', 'sns:DeleteTopic', 'sns:RemovePermission', 'sns:SetTopicAttributes'],
    Resource: TOPIC,
    Condition: exempt,
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
    Action: ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion'],
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
        description: 'Nobody but the deployment and break-glass roles may stop or change the trail or weaken its delivery',
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

    it('exempt each named role in every account, and no one else', () => {
      const { guardrails } = newGuardrails({ exemptRoleNames: ['deployment'] });
      const all = [
        ...statementsNamed(guardrails, 'org-logging-protect-trail-delivery'),
        ...statementsNamed(guardrails, 'org-logging-protect-log-archive'),
      ];
      expect(all).toHaveLength(8);
      for (const statement of all) {
        expect([statement.Sid, statement.Condition?.ArnNotLike]).toEqual([
          statement.Sid,
          { 'aws:PrincipalARN': 'arn:aws:iam::*:role/deployment' },
        ]);
      }
    });

    it('leave out the statements of resources not given, and a policy with no statement at all', () => {
      const { stack, guardrails } = newGuardrails({ protect: { trailArns: [], bucketArns: [ARCHIVE], keyAliases: [] } });
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
      expect(guardrails.policyDocument('org-logging-protect-trail-delivery').sids).toEqual(['DenyTrailTampering']);
      expect(guardrails.policyDocument('org-logging-protect-log-archive').sids).toEqual(['DenyLogKeyTampering', 'DenyLogKeyAliasChanges']);
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

    it('fail fast when there is no target', () => {
      expect(() => newGuardrails({ targetIds: [] })).toThrow(
        'test/Guardrails: targetIds is empty; attach the guardrails to the root or to OUs',
      );
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
          ['DenyTrailTampering', 'DenyLogGroupTampering', 'DenyDeliveryRoleTampering', 'DenyTopicTampering'],
        ],
        [
          'Archive',
          'protect-log-archive',
          ['DenyLogBucketWeakening', 'DenyLogObjectDestruction', 'DenyLogKeyTampering', 'DenyLogKeyAliasChanges'],
        ],
      ]);
    });

    it('returns no group when there is nothing to protect', () => {
      expect(guardrailStatements({ trailArns: [], bucketArns: [], keyAliases: [] }, EXEMPT_ROLES)).toEqual([]);
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
      's3:PutBucketVersioning',
      's3:PutEncryptionConfiguration',
      's3:PutLifecycleConfiguration',
      's3:PutReplicationConfiguration',
    ]);
  });

  it('list the object actions that destroy evidence or lift its protection', () => {
    expect(OBJECT_PROTECTION_ACTIONS).toEqual(['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion']);
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

  it('are the lists the service control policies deny, so resource policies and guardrails stay the same', () => {
    const [, archive] = guardrailStatements(PROTECT, EXEMPT_ROLES);
    const actions = Object.fromEntries(archive.statements.map((s) => [s.sid, s.toJSON().Action]));
    expect(actions.DenyLogBucketWeakening).toEqual([...BUCKET_PROTECTION_ACTIONS]);
    expect(actions.DenyLogObjectDestruction).toEqual([...OBJECT_PROTECTION_ACTIONS]);
    expect(actions.DenyLogKeyTampering).toEqual([...KEY_PROTECTION_ACTIONS]);
  });
});
