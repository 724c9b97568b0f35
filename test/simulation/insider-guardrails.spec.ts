/**
 * Evidence no insider can destroy or forge: the example's literal archive bucket, key and replica
 * policies evaluated together with the synthesized service control policies and resource control
 * policy (organization guardrails), as AWS would evaluate a request from inside the organization.
 * Also: the exempt roles guard themselves (nobody else in their account may change or assume them,
 * and the exemption holds only in the accounts it is pinned to), and member accounts cannot drop out
 * of deployment monitoring except through its StackSets.
 */
import { exampleConfig } from '../support/config';
import {
  allowIdentity,
  type ContextValues,
  type Decision,
  type PolicyJson,
  policyAt,
  policyDocument,
  simulate,
  synthesizedPolicies,
} from '../support/simulate';
import { buildExample } from '../support/synth';

const config = exampleConfig();
const built = buildExample(config);
const archivePolicies = synthesizedPolicies(built.stacks.get('log-archive'));
const guardrailPolicies = synthesizedPolicies(built.stacks.get('organization-guardrails'));

const ARCHIVE = policyAt(archivePolicies, 'log-archive/Archive/Storage/Policy');
const KEY = policyAt(archivePolicies, 'log-archive/ArchiveKey/Key');
const REPLICA = policyAt(archivePolicies, 'log-archive/Replica/Storage/Policy');
const REPLICA_KEY = policyAt(archivePolicies, 'log-archive/Replica/Key/Key');
const SCPS = [
  policyAt(guardrailPolicies, 'organization-guardrails/Guardrails/DeliveryPolicy'),
  policyAt(guardrailPolicies, 'organization-guardrails/Guardrails/ArchivePolicy'),
  policyAt(guardrailPolicies, 'organization-guardrails/Guardrails/MonitoringPolicy'),
];
const RCPS = [policyAt(guardrailPolicies, 'organization-guardrails/Guardrails/PerimeterPolicy')];

const ORG = config.organizationId;
const LOG_ARCHIVE = config.logArchiveAccountId;
const REGION = config.homeRegion;
const BUCKET = `arn:aws:s3:::${config.archiveBucketName}`;
const REPLICA_BUCKET = `arn:aws:s3:::${config.archive.replication?.bucketName}`;
const KEY_ARN = `arn:aws:kms:${REGION}:${LOG_ARCHIVE}:key/5d9a1f0e-2b7c-4e3a-9f61-0c2d3e4f5a6b`;
const LOG_FILE = `${BUCKET}/cloudtrail/AWSLogs/${ORG}/${LOG_ARCHIVE}/CloudTrail/${REGION}/2025/06/01/${LOG_ARCHIVE}_CloudTrail_${REGION}_20250601T1205Z_a.json.gz`;
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${config.managementAccountId}:trail/${config.trailName}`;
const FOREIGN_ACCOUNT = '999988887777';

const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const ADMIN = role(LOG_ARCHIVE, 'LogArchiveAdministrator');
const DEPLOYER = role(LOG_ARCHIVE, config.deployment.roleName);
const BREAK_GLASS = role(LOG_ARCHIVE, config.deployment.breakGlassRoleName as string);
const TLS = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' };

interface Request {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly policy: PolicyJson | undefined;
  readonly account?: string;
  readonly identity?: readonly string[];
  readonly context?: ContextValues;
  /** @default true - with the organization's SCPs and RCP */
  readonly guardrails?: boolean;
}

/** A request from an organization principal whose identity policy allows `identity` (default everything). */
function request(r: Request): Promise<Decision> {
  const guarded = r.guardrails ?? true;
  return simulate({
    policy: r.policy,
    action: r.action,
    resource: r.resource,
    resourceAccount: r.account ?? LOG_ARCHIVE,
    principal: r.principal,
    identityPolicy: allowIdentity(r.identity ?? ['*']),
    context: { ...(r.action.startsWith('s3:') ? TLS : { 'aws:SecureTransport': 'true' }), 'aws:PrincipalOrgID': ORG, ...(r.context ?? {}) },
    serviceControlPolicies: guarded ? SCPS : undefined,
    // RCPs apply to a few services' resources only (S3, KMS, STS, SQS, Secrets Manager among them; not CloudTrail).
    resourceControlPolicies: guarded && /^(s3|kms):/.test(r.action) ? RCPS : undefined,
  });
}

const keyContext = { 'kms:ResourceAliases': [config.archive.keyAlias] };

describe('an administrator of the log-archive account (identity policy allows everything)', () => {
  it('cannot forge a log file under AWSLogs/', async () => {
    expect(await request({ principal: ADMIN, action: 's3:PutObject', resource: LOG_FILE, policy: ARCHIVE })).toBe('ExplicitlyDenied');
  });

  it('cannot bypass governance retention, delete a log version or a log file', async () => {
    for (const action of ['s3:BypassGovernanceRetention', 's3:DeleteObjectVersion', 's3:DeleteObject']) {
      expect(await request({ principal: ADMIN, action, resource: LOG_FILE, policy: ARCHIVE })).toBe('ExplicitlyDenied');
    }
  });

  it('cannot rewrite the bucket policy, shorten the lifecycle or turn off versioning, logging or replication', async () => {
    for (const action of [
      's3:PutBucketPolicy',
      's3:DeleteBucketPolicy',
      's3:PutLifecycleConfiguration',
      's3:PutBucketVersioning',
      's3:PutBucketLogging',
      's3:PutReplicationConfiguration',
      's3:PutBucketObjectLockConfiguration',
      's3:PutEncryptionConfiguration',
    ]) {
      expect(await request({ principal: ADMIN, action, resource: BUCKET, policy: ARCHIVE })).toBe('ExplicitlyDenied');
    }
  });

  it('cannot schedule the archive key for deletion, disable it or rewrite its policy', async () => {
    for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:CreateGrant']) {
      expect(await request({ principal: ADMIN, action, resource: KEY_ARN, policy: KEY, context: keyContext })).toBe('ExplicitlyDenied');
    }
  });

  it('cannot forge or delete copies in the replica either', async () => {
    const copy = `${REPLICA_BUCKET}/cloudtrail/AWSLogs/${ORG}/x.json.gz`;
    for (const action of ['s3:PutObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention']) {
      expect(await request({ principal: ADMIN, action, resource: copy, policy: REPLICA })).toBe('ExplicitlyDenied');
    }
  });

  it('is denied by the key policy alone, without the guardrails (the key names its administrators, not root)', async () => {
    expect(
      await request({
        principal: ADMIN,
        action: 'kms:ScheduleKeyDeletion',
        resource: KEY_ARN,
        policy: KEY,
        context: keyContext,
        guardrails: false,
      }),
    ).toBe('ImplicitlyDenied');
  });

  it('is denied by the bucket policy alone, without the guardrails', async () => {
    expect(await request({ principal: ADMIN, action: 's3:PutBucketPolicy', resource: BUCKET, policy: ARCHIVE, guardrails: false })).toBe(
      'ExplicitlyDenied',
    );
  });

  it('still reads nothing it is not granted, but is not locked out of harmless reads by the guardrails (control)', async () => {
    expect(await request({ principal: ADMIN, action: 's3:GetBucketLocation', resource: BUCKET, policy: ARCHIVE })).toBe('Allowed');
  });
});

describe('the deployment role (no lockout)', () => {
  it('can still change the bucket policy and lifecycle, and the key policy', async () => {
    expect(await request({ principal: DEPLOYER, action: 's3:PutBucketPolicy', resource: BUCKET, policy: ARCHIVE })).toBe('Allowed');
    expect(await request({ principal: DEPLOYER, action: 's3:PutLifecycleConfiguration', resource: BUCKET, policy: ARCHIVE })).toBe(
      'Allowed',
    );
    expect(await request({ principal: DEPLOYER, action: 'kms:PutKeyPolicy', resource: KEY_ARN, policy: KEY, context: keyContext })).toBe(
      'Allowed',
    );
  });

  it('cannot forge a log file, delete one or schedule the key deletion itself', async () => {
    expect(await request({ principal: DEPLOYER, action: 's3:PutObject', resource: LOG_FILE, policy: ARCHIVE })).toBe('ExplicitlyDenied');
    expect(await request({ principal: DEPLOYER, action: 's3:DeleteObjectVersion', resource: LOG_FILE, policy: ARCHIVE })).toBe(
      'ExplicitlyDenied',
    );
    expect(
      await request({ principal: DEPLOYER, action: 'kms:ScheduleKeyDeletion', resource: KEY_ARN, policy: KEY, context: keyContext }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('the break-glass role', () => {
  it('can recover: delete a log version, bypass governance retention, schedule the key deletion', async () => {
    expect(await request({ principal: BREAK_GLASS, action: 's3:DeleteObjectVersion', resource: LOG_FILE, policy: ARCHIVE })).toBe(
      'Allowed',
    );
    expect(await request({ principal: BREAK_GLASS, action: 's3:BypassGovernanceRetention', resource: LOG_FILE, policy: ARCHIVE })).toBe(
      'Allowed',
    );
    expect(
      await request({ principal: BREAK_GLASS, action: 'kms:ScheduleKeyDeletion', resource: KEY_ARN, policy: KEY, context: keyContext }),
    ).toBe('Allowed');
  });

  it('cannot forge a log file either', async () => {
    expect(await request({ principal: BREAK_GLASS, action: 's3:PutObject', resource: LOG_FILE, policy: ARCHIVE })).toBe('ExplicitlyDenied');
  });
});

describe('a member-account administrator (the delegated administrator or any other member)', () => {
  const memberAdmin = role(config.auditAccountId, 'Administrator');
  // A delegated administrator manages the organization trail as if it were its own (CloudTrail
  // authorizes it through the delegation, which the simulator cannot model): a same-account request.
  const account = config.auditAccountId;

  it.each(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'])(
    'cannot %s on the organization trail (service control policy)',
    async (action) => {
      expect(await request({ principal: memberAdmin, action, resource: TRAIL_ARN, policy: undefined, account })).toBe('ExplicitlyDenied');
    },
  );

  it('could, without the guardrails (the SCP is what stops it)', async () => {
    expect(
      await request({
        principal: memberAdmin,
        action: 'cloudtrail:StopLogging',
        resource: TRAIL_ARN,
        policy: undefined,
        account,
        guardrails: false,
      }),
    ).toBe('Allowed');
  });

  it('stops a role named like the deployment role in an account the exemption is not pinned to (the trail lives in the management account)', async () => {
    const deployer = role(config.auditAccountId, config.deployment.roleName);
    expect(await request({ principal: deployer, action: 'cloudtrail:UpdateTrail', resource: TRAIL_ARN, policy: undefined, account })).toBe(
      'ExplicitlyDenied',
    );
  });

  it('leaves the deployment role free to manage the trail where it is pinned: a delegated administrator creating the trail', async () => {
    const delegated = exampleConfig((c) => {
      (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
    });
    const policies = synthesizedPolicies(buildExample(delegated).stacks.get('organization-guardrails'));
    const scps = ['DeliveryPolicy', 'ArchivePolicy'].map((id) => policyAt(policies, `organization-guardrails/Guardrails/${id}`));
    const decide = (principal: string) =>
      simulate({
        policy: undefined,
        action: 'cloudtrail:UpdateTrail',
        resource: TRAIL_ARN,
        resourceAccount: account,
        principal,
        identityPolicy: allowIdentity(['*']),
        context: { 'aws:SecureTransport': 'true', 'aws:PrincipalOrgID': ORG },
        serviceControlPolicies: scps,
      });
    expect(await decide(role(account, delegated.deployment.roleName))).toBe('Allowed');
    expect(await decide(memberAdmin)).toBe('ExplicitlyDenied');
  });
});

describe('the exempt roles guard themselves', () => {
  const ROLE_CHANGES = [
    'iam:UpdateAssumeRolePolicy',
    'iam:AttachRolePolicy',
    'iam:PutRolePolicy',
    'iam:DeleteRolePolicy',
    'iam:DetachRolePolicy',
    'iam:PutRolePermissionsBoundary',
    'iam:DeleteRolePermissionsBoundary',
    'iam:DeleteRole',
    'iam:UpdateRole',
  ];
  const change = (principal: string, action: string, target: string, guardrails = true) =>
    request({ principal, action, resource: target, policy: undefined, guardrails });

  it.each(ROLE_CHANGES)('keep a log-archive administrator from %s on the deployment role and the break-glass role', async (action) => {
    expect(await change(ADMIN, action, DEPLOYER)).toBe('ExplicitlyDenied');
    expect(await change(ADMIN, action, BREAK_GLASS)).toBe('ExplicitlyDenied');
  });

  it('are what stops it: without the guardrails the administrator could rewrite the trust policy (control)', async () => {
    expect(await change(ADMIN, 'iam:UpdateAssumeRolePolicy', DEPLOYER, false)).toBe('Allowed');
  });

  it('leave the administrator free to change any other role (control)', async () => {
    expect(await change(ADMIN, 'iam:UpdateAssumeRolePolicy', role(LOG_ARCHIVE, 'application-role'))).toBe('Allowed');
  });

  it('let each role change itself, so nobody is locked out', async () => {
    for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary']) {
      expect(await change(DEPLOYER, action, DEPLOYER)).toBe('Allowed');
      expect(await change(BREAK_GLASS, action, BREAK_GLASS)).toBe('Allowed');
    }
  });

  it('keep each role from changing the other: the deployment role cannot make itself break-glass', async () => {
    expect(await change(DEPLOYER, 'iam:UpdateAssumeRolePolicy', BREAK_GLASS)).toBe('ExplicitlyDenied');
    expect(await change(DEPLOYER, 'iam:PutRolePolicy', BREAK_GLASS)).toBe('ExplicitlyDenied');
    expect(await change(BREAK_GLASS, 'iam:AttachRolePolicy', DEPLOYER)).toBe('ExplicitlyDenied');
  });

  describe('assumption', () => {
    /** A trust policy that (wrongly) trusts the role's own account and an outside CI account. */
    const trust = policyDocument({
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${LOG_ARCHIVE}:root`, `arn:aws:iam::${config.auditAccountId}:root`] },
      Action: 'sts:AssumeRole',
    });
    const assume = (principal: string, target: string, guardrails = true) =>
      simulate({
        policy: trust,
        action: 'sts:AssumeRole',
        resource: target,
        resourceAccount: LOG_ARCHIVE,
        principal,
        identityPolicy: allowIdentity(['sts:AssumeRole']),
        context: { 'aws:SecureTransport': 'true', 'aws:PrincipalOrgID': ORG },
        serviceControlPolicies: guardrails ? SCPS : undefined,
      });

    it('is denied to every principal of the log-archive account, even through a trust policy naming that account', async () => {
      expect(await assume(ADMIN, DEPLOYER)).toBe('ExplicitlyDenied');
      expect(await assume(ADMIN, BREAK_GLASS)).toBe('ExplicitlyDenied');
      expect(await assume(DEPLOYER, BREAK_GLASS)).toBe('ExplicitlyDenied');
    });

    it('would be allowed by that trust policy without the guardrails (control)', async () => {
      expect(await assume(ADMIN, DEPLOYER, false)).toBe('Allowed');
    });

    it('is left to the trust policy for principals outside the account (whoever runs Terraform)', async () => {
      expect(await assume(role(config.auditAccountId, 'terraform-ci'), DEPLOYER)).toBe('Allowed');
    });
  });
});

describe('a member-account administrator and deployment monitoring', () => {
  const MEMBER = '789012345678';
  const admin = role(MEMBER, 'Administrator');
  const stackSetsExecution = role(MEMBER, 'stacksets-exec-3f2a9c1d7b6e4a5f8c0d1e2f3a4b5c6d');
  // Names the member templates give (written out here; the stack test checks them against the templates).
  const RULE = `arn:aws:events:${REGION}:${MEMBER}:rule/acme-deploy-monitoring-codedeploy-forward`;
  const ACTION_RULE = `arn:aws:events:${REGION}:${MEMBER}:rule/acme-deploy-monitoring-codedeploy-stop-failed-checkout`;
  const FORWARDER = role(MEMBER, 'acme-deploy-monitoring-codedeploy-forwarder');
  const ACTION_ROLE = role(MEMBER, 'acme-deploy-monitoring-codedeploy-stop');
  const QUEUE = `arn:aws:sqs:${REGION}:${MEMBER}:acme-deploy-monitoring-codedeploy-dlq`;
  const STACK_ID = '5e1c2a90-3b7d-11ef-9a1b-0a1b2c3d4e5f';
  const STACK = `arn:aws:cloudformation:${REGION}:${MEMBER}:stack/StackSet-acme-deploy-monitoring-codedeploy-regional-${STACK_ID}/${STACK_ID}`;
  const act = (principal: string, action: string, resource: string, guardrails = true) =>
    request({ principal, action, resource, policy: undefined, account: MEMBER, guardrails });

  const CHANGES: [string, string][] = [
    ...['events:DisableRule', 'events:DeleteRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'].flatMap(
      (action): [string, string][] => [
        [action, RULE],
        [action, ACTION_RULE],
      ],
    ),
    ...['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRole'].flatMap(
      (action): [string, string][] => [
        [action, FORWARDER],
        [action, ACTION_ROLE],
      ],
    ),
    ['sqs:DeleteQueue', QUEUE],
    ['sqs:SetQueueAttributes', QUEUE],
    ['cloudformation:DeleteStack', STACK],
    ['cloudformation:UpdateStack', STACK],
  ];

  it.each(CHANGES)('cannot %s on %s', async (action, resource) => {
    expect(await act(admin, action, resource)).toBe('ExplicitlyDenied');
  });

  it.each(CHANGES)('leaves the StackSets execution role free to %s on %s', async (action, resource) => {
    expect(await act(stackSetsExecution, action, resource)).toBe('Allowed');
  });

  it('could disable the forwarding rule or delete the stack without the guardrails (control)', async () => {
    expect(await act(admin, 'events:DisableRule', RULE, false)).toBe('Allowed');
    expect(await act(admin, 'cloudformation:DeleteStack', STACK, false)).toBe('Allowed');
  });

  it('cannot create a role named like the StackSets execution role to act as it, nor change the real one', async () => {
    expect(await act(admin, 'iam:CreateRole', role(MEMBER, 'stacksets-exec-attacker'))).toBe('ExplicitlyDenied');
    expect(await act(admin, 'iam:UpdateAssumeRolePolicy', stackSetsExecution)).toBe('ExplicitlyDenied');
    expect(await act(admin, 'iam:CreateRole', role(MEMBER, 'acme-deploy-monitoring-codedeploy-forwarder'))).toBe('ExplicitlyDenied');
  });

  it("keeps its own rules, roles, queues and stacks (the example's other behaviour is unchanged)", async () => {
    expect(await act(admin, 'events:DisableRule', `arn:aws:events:${REGION}:${MEMBER}:rule/nightly-report`)).toBe('Allowed');
    expect(await act(admin, 'iam:PutRolePolicy', role(MEMBER, 'application-role'))).toBe('Allowed');
    expect(await act(admin, 'sqs:DeleteQueue', `arn:aws:sqs:${REGION}:${MEMBER}:orders-dlq`)).toBe('Allowed');
    expect(await act(admin, 'cloudformation:DeleteStack', `arn:aws:cloudformation:${REGION}:${MEMBER}:stack/application/${STACK_ID}`)).toBe(
      'Allowed',
    );
  });
});

describe('an outsider', () => {
  /** The archive policy with a mistake: log files readable by anyone. */
  const opened = policyDocument(...(ARCHIVE.Statement as Record<string, unknown>[]), {
    Sid: 'MistakeEveryoneMayRead',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `${BUCKET}/*`,
  });
  const outsider = role(FOREIGN_ACCOUNT, 'Reader');

  it('cannot read a log file even through a bucket policy opened by mistake (resource control policy)', async () => {
    const context = { 'aws:PrincipalOrgID': 'o-0ther0rg0000' };
    expect(await request({ principal: outsider, action: 's3:GetObject', resource: LOG_FILE, policy: opened, context })).toBe(
      'ExplicitlyDenied',
    );
  });

  it('could, without the resource control policy (control: the mistake is real)', async () => {
    const context = { 'aws:PrincipalOrgID': 'o-0ther0rg0000' };
    expect(
      await request({ principal: outsider, action: 's3:GetObject', resource: LOG_FILE, policy: opened, context, guardrails: false }),
    ).toBe('Allowed');
  });
});

describe('AWS services acting for the organization, under the resource control policy', () => {
  const cloudTrailPut = (sourceAccount: string, sourceArn: string, path: string, sourceOrg?: string) =>
    simulate({
      policy: ARCHIVE,
      action: 's3:PutObject',
      resource: `${BUCKET}/cloudtrail/AWSLogs/${path}/CloudTrail/${REGION}/2025/06/01/f.json.gz`,
      resourceAccount: LOG_ARCHIVE,
      principal: 'cloudtrail.amazonaws.com',
      context: {
        ...TLS,
        's3:x-amz-acl': 'bucket-owner-full-control',
        'aws:SourceArn': sourceArn,
        'aws:SourceAccount': sourceAccount,
        ...(sourceOrg ? { 'aws:SourceOrgID': sourceOrg } : {}),
      },
      resourceControlPolicies: RCPS,
    });

  it('let CloudTrail deliver the organization trail', async () => {
    expect(await cloudTrailPut(config.managementAccountId, TRAIL_ARN, `${ORG}/${LOG_ARCHIVE}`, ORG)).toBe('Allowed');
  });

  it('let CloudTrail deliver the trail of a configured external account (outside the organization)', async () => {
    const external = config.externalAccountIds[0];
    const arn = `arn:aws:cloudtrail:${REGION}:${external}:trail/${config.trailName}`;
    expect(await cloudTrailPut(external, arn, external)).toBe('Allowed');
    expect(await cloudTrailPut(external, arn, external, 'o-0ther0rg0000')).toBe('Allowed');
  });

  it('stop CloudTrail acting for an unknown account of another organization', async () => {
    const arn = `arn:aws:cloudtrail:${REGION}:${FOREIGN_ACCOUNT}:trail/${config.trailName}`;
    expect(await cloudTrailPut(FOREIGN_ACCOUNT, arn, FOREIGN_ACCOUNT, 'o-0ther0rg0000')).toBe('ExplicitlyDenied');
  });
});

describe('a log reader', () => {
  const reader = role(config.archive.readerAccountIds[0], 'LogReader');
  const decrypt = (context: ContextValues) =>
    request({
      principal: reader,
      action: 'kms:Decrypt',
      resource: KEY_ARN,
      policy: KEY,
      identity: ['kms:Decrypt'],
      context: { ...keyContext, ...context },
    });

  it('decrypts log files through S3', async () => {
    expect(await decrypt({ 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL_ARN })).toBe(
      'Allowed',
    );
  });

  it('cannot decrypt them directly with KMS', async () => {
    expect(await decrypt({ 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL_ARN })).toBe('ImplicitlyDenied');
  });
});

describe('S3 replication (the replication role, with keys that name their administrators)', () => {
  const replication = config.archive.replication;
  const replicaRegion = replication?.region as string;
  const replicationRole = role(LOG_ARCHIVE, `${replication?.bucketName}-replication`);
  const replicaKeyArn = `arn:aws:kms:${replicaRegion}:${LOG_ARCHIVE}:key/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e`;
  const kms = (policy: PolicyJson, action: string, resource: string, context: ContextValues) =>
    request({ principal: replicationRole, action, resource, policy, identity: [action], context });

  it('decrypts archive objects through S3 in the home region', async () => {
    const context = { 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': BUCKET };
    expect(await kms(KEY, 'kms:Decrypt', KEY_ARN, context)).toBe('Allowed');
  });

  it('encrypts the copies through S3 in the replica region', async () => {
    const context = { 'kms:ViaService': `s3.${replicaRegion}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': REPLICA_BUCKET };
    expect(await kms(REPLICA_KEY, 'kms:GenerateDataKey', replicaKeyArn, context)).toBe('Allowed');
  });

  it('cannot use either key outside S3 or for another bucket', async () => {
    expect(await kms(KEY, 'kms:Decrypt', KEY_ARN, { 'kms:EncryptionContext:aws:s3:arn': BUCKET })).toBe('ImplicitlyDenied');
    const elsewhere = { 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::elsewhere' };
    expect(await kms(KEY, 'kms:Decrypt', KEY_ARN, elsewhere)).toBe('ImplicitlyDenied');
  });

  it('writes copies into the replica, which nobody else may', async () => {
    const copy = `${REPLICA_BUCKET}/cloudtrail/AWSLogs/${ORG}/x.json.gz`;
    expect(await request({ principal: replicationRole, action: 's3:ReplicateObject', resource: copy, policy: REPLICA })).toBe('Allowed');
    expect(await request({ principal: DEPLOYER, action: 's3:ReplicateObject', resource: copy, policy: REPLICA })).toBe('ExplicitlyDenied');
  });
});
