import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { TerraformVariable } from 'cdktf';
import { KEY_DEFAULTS, LogEncryptionKey, type LogEncryptionKeyProps, resourceKey } from '../../modules/log-encryption-key';
import { PolicyStatement } from '../../modules/policy-document';
import { trailReference } from '../../modules/references';
import { COMMERCIAL_REGIONS } from '../../modules/rules/identifiers';
import {
  AUDIT,
  annotationsOf,
  EXTERNAL,
  LOG_ARCHIVE,
  MANAGEMENT,
  ORGANIZATION_ID,
  preventDestroyFlags,
  resourceAt,
  statementsOf,
} from '../support/modules';
import { synthJson, testStack, validationErrors } from '../support/synth';

/** A key the account root administers (the statement the grant tests start from), unless the test names administrators. */
function newKey(props: Partial<LogEncryptionKeyProps> = {}) {
  const stack = testStack();
  const key = new LogEncryptionKey(stack, 'Key', {
    accountId: LOG_ARCHIVE,
    region: 'us-east-1',
    aliasName: 'alias/logs',
    allowRootKeyAdministration: true,
    ...props,
  });
  return { stack, key };
}

const NAMED = { deploymentRoleArn: `arn:aws:iam::${LOG_ARCHIVE}:role/deployment` };

const statements = (key: LogEncryptionKey) => key.policyDocument().toJSON().Statement;

const ADMIN = {
  Sid: 'EnableKeyAdministrationByOwningAccount',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE}:root` },
  Action: 'kms:*',
  Resource: '*',
};

const orgTrail = trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: MANAGEMENT, organizationId: ORGANIZATION_ID });
const externalTrail = trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: EXTERNAL });
const BUCKET = 'arn:aws:s3:::org-logs';

describe('LogEncryptionKey', () => {
  describe('key', () => {
    it('is a symmetric key with yearly rotation, a 30-day deletion window and prevent_destroy', () => {
      const { stack } = newKey();
      expect(resourceAt(synthJson(stack), 'aws_kms_key', 'Key')).toMatchObject({
        key_usage: 'ENCRYPT_DECRYPT',
        customer_master_key_spec: 'SYMMETRIC_DEFAULT',
        enable_key_rotation: true,
        rotation_period_in_days: KEY_DEFAULTS.rotationPeriodInDays,
        deletion_window_in_days: KEY_DEFAULTS.deletionWindowInDays,
        is_enabled: true,
        bypass_policy_lockout_safety_check: false,
        description: 'Encrypts organization log data',
        lifecycle: { prevent_destroy: true },
      });
      expect(KEY_DEFAULTS).toEqual({ deletionWindowInDays: 30, rotationPeriodInDays: 365 });
    });

    it('takes a description, deletion window, rotation period and tags', () => {
      const { stack } = newKey({
        description: 'Archive key',
        deletionWindowInDays: 7,
        rotationPeriodInDays: 90,
        tags: { Team: 'security' },
      });
      expect(resourceAt(synthJson(stack), 'aws_kms_key', 'Key')).toMatchObject({
        description: 'Archive key',
        deletion_window_in_days: 7,
        rotation_period_in_days: 90,
        tags: { Team: 'security' },
      });
    });

    it('has an alias pointing at the key, and a literal alias ARN', () => {
      const { stack, key } = newKey({ region: 'eu-west-1' });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_kms_alias', 'Key/Alias')).toEqual({
        name: 'alias/logs',
        target_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Key_[A-F0-9]{8}\.key_id\}$/),
      });
      expect(key.aliasArn).toBe(`arn:aws:kms:eu-west-1:${LOG_ARCHIVE}:alias/logs`);
    });

    it('renders the key policy at synth, including grants made after construction', () => {
      const { stack, key } = newKey();
      key.grantCloudTrailEncrypt(orgTrail);
      const rendered = statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Key'));
      expect(rendered).toEqual(statements(key));
      expect(rendered.map((s) => s.Sid)).toContain('AllowCloudTrailEncryptLogs');
    });
  });

  describe('allowDestroy', () => {
    it('is guarded and records nothing by default', () => {
      const { stack, key } = newKey({ administrators: NAMED });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({ 'aws_kms_key.Key': true });
      expect(annotationsOf(key, 'warning')).toEqual([]);
    });

    it('drops prevent_destroy and records a warning naming the key', () => {
      const { stack, key } = newKey({ allowDestroy: true, administrators: NAMED });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({ 'aws_kms_key.Key': false });
      expect(annotationsOf(key, 'warning')).toEqual([
        { path: 'Key', message: 'allowDestroy: KMS key alias/logs is not guarded by prevent_destroy' },
      ]);
    });
  });

  describe('administrators', () => {
    const DEPLOYMENT_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/deployment`;
    const BREAK_GLASS_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/break-glass`;
    const deploymentAdministration = {
      Sid: 'AllowKeyAdministrationByDeploymentRole',
      Effect: 'Allow',
      Principal: { AWS: DEPLOYMENT_ROLE },
      Action: [
        'kms:CancelKeyDeletion',
        'kms:CreateAlias',
        'kms:DeleteAlias',
        'kms:DescribeKey',
        'kms:EnableKey',
        'kms:EnableKeyRotation',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListAliases',
        'kms:ListGrants',
        'kms:ListKeyPolicies',
        'kms:ListKeyRotations',
        'kms:ListResourceTags',
        'kms:PutKeyPolicy',
        'kms:RotateKeyOnDemand',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      Resource: '*',
    };
    const breakGlassRecovery = {
      Sid: 'AllowKeyRecoveryByBreakGlassRole',
      Effect: 'Allow',
      Principal: { AWS: BREAK_GLASS_ROLE },
      Action: 'kms:*',
      Resource: '*',
    };

    it('replace the account root by the deployment role, which keeps the key up to date but cannot disable, delete or grant it', () => {
      const { stack, key } = newKey({ administrators: { deploymentRoleArn: DEPLOYMENT_ROLE } });
      expect(statements(key)).toEqual([deploymentAdministration]);
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Key'))).toEqual([deploymentAdministration]);
      const actions = statements(key)[0].Action;
      expect(actions).toContain('kms:PutKeyPolicy');
      for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:CreateGrant', 'kms:*']) {
        expect(actions).not.toContain(action);
      }
      expect(JSON.stringify(statements(key))).not.toContain(':root');
    });

    it('add a break-glass role with every key permission, deletion included', () => {
      const { key } = newKey({ administrators: { deploymentRoleArn: DEPLOYMENT_ROLE, breakGlassRoleArn: BREAK_GLASS_ROLE } });
      expect(statements(key)).toEqual([deploymentAdministration, breakGlassRecovery]);
    });

    it('are required: without them, or allowRootKeyAdministration, synth fails naming the prop, the rule and the fix', () => {
      const { stack } = newKey({ allowRootKeyAdministration: undefined });
      expect(validationErrors(stack)).toEqual([
        `test/Key: administrators: is required: without it the key would be administered by the whole account ${LOG_ARCHIVE} (root kms:*), so any IAM policy there could grant using, disabling or deleting it. Fix: name the roles that administer it ({ deploymentRoleArn, breakGlassRoleArn }), or set allowRootKeyAdministration: true (recorded as a warning)`,
      ]);
      expect(() => synthJson(stack)).toThrow('test/Key: administrators: is required');
      expect(validationErrors(newKey({ allowRootKeyAdministration: undefined, administrators: NAMED }).stack)).toEqual([]);
    });

    it('can be the account root with allowRootKeyAdministration, a named opt-out that records a warning', () => {
      const { stack, key } = newKey();
      expect(validationErrors(stack)).toEqual([]);
      expect(statements(key)).toEqual([ADMIN]);
      expect(key.administrators).toBeUndefined();
      expect(key.administratorArns).toEqual([]);
      expect(annotationsOf(key, 'warning')).toEqual([
        {
          path: 'Key',
          message: `allowRootKeyAdministration: KMS key alias/logs is administered by the whole account ${LOG_ARCHIVE} (root kms:*): any IAM policy there can grant using, disabling or deleting it`,
        },
      ]);
    });

    it('are exposed as role ARNs, and allowRootKeyAdministration is ignored (no warning) when they are named', () => {
      const { key } = newKey({ administrators: { deploymentRoleArn: DEPLOYMENT_ROLE, breakGlassRoleArn: BREAK_GLASS_ROLE } });
      expect(key.administratorArns).toEqual([DEPLOYMENT_ROLE, BREAK_GLASS_ROLE]);
      expect(annotationsOf(key, 'warning')).toEqual([]);
    });

    it('default to the account root without a warning for the key a construct creates for a resource it owns (resourceKey)', () => {
      const stack = testStack();
      const key = resourceKey(stack, 'Owned', { accountId: LOG_ARCHIVE, region: 'us-east-1', aliasName: 'alias/owned' });
      expect(validationErrors(stack)).toEqual([]);
      expect(key.policyDocument().sids).toEqual(['EnableKeyAdministrationByOwningAccount']);
      expect(annotationsOf(key, 'warning')).toEqual([]);
      const named = resourceKey(stack, 'Named', {
        accountId: LOG_ARCHIVE,
        region: 'us-east-1',
        aliasName: 'alias/named',
        administrators: NAMED,
      });
      expect(named.policyDocument().sids).toEqual(['AllowKeyAdministrationByDeploymentRole']);
    });

    it('come before the grants, in place of the root statement', () => {
      const { key } = newKey({ administrators: { deploymentRoleArn: DEPLOYMENT_ROLE, breakGlassRoleArn: BREAK_GLASS_ROLE } });
      key.grantCloudTrailEncrypt(orgTrail);
      key.grantDecryptLogs({ accountIds: [AUDIT], organizationId: ORGANIZATION_ID, bucketArn: BUCKET });
      expect(key.policyDocument().sids).toEqual([
        'AllowKeyAdministrationByDeploymentRole',
        'AllowKeyRecoveryByBreakGlassRole',
        'AllowCloudTrailEncryptLogs',
        'AllowCloudTrailDecryptForBucketKey',
        'AllowCloudTrailDescribeKey',
        'AllowLogReadersDecryptTrailLogs',
        'AllowLogReadersDecryptArchiveObjectsThroughS3',
      ]);
    });
  });

  describe('policy', () => {
    it('allows only key administration by the owning account until something is granted', () => {
      expect(statements(newKey().key)).toEqual([ADMIN]);
    });

    it('renders grants in a fixed order: administration, CloudTrail, readers, services, added statements', () => {
      const { key } = newKey();
      key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'Extra',
          principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
          actions: ['kms:DescribeKey'],
          resources: ['*'],
        }),
      );
      key.grantServiceUse({ sid: 'AllowEvents', service: 'cloudwatch.amazonaws.com', sourceAccounts: [MANAGEMENT] });
      key.grantDecryptLogs({ accountIds: [AUDIT], organizationId: ORGANIZATION_ID, bucketArn: BUCKET });
      key.grantCloudTrailEncrypt(orgTrail);
      expect(key.policyDocument().sids).toEqual([
        'EnableKeyAdministrationByOwningAccount',
        'AllowCloudTrailEncryptLogs',
        'AllowCloudTrailDecryptForBucketKey',
        'AllowCloudTrailDescribeKey',
        'AllowLogReadersDecryptTrailLogs',
        'AllowLogReadersDecryptArchiveObjectsThroughS3',
        'AllowEvents',
        'Extra',
      ]);
    });

    it('fails synth validation when the key policy outgrows 32 KB', () => {
      const { key } = newKey();
      expect(key.node.validate()).toEqual([]);
      for (let i = 0; i < 400; i++) {
        key.grantCloudTrailEncrypt(trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: `${500000000000 + i}` }));
      }
      expect(key.policyDocument().sizeBytes).toBeGreaterThan(32768);
      expect(key.node.validate()).toEqual([
        `test/Key: policy is ${key.policyDocument().sizeBytes} bytes; a KMS key policy holds at most 32768 bytes. Fix: grant fewer trails, readers or services on this key, or give some of them another key`,
      ]);
    });
  });

  describe('grantCloudTrailEncrypt', () => {
    it('lets CloudTrail encrypt only for the granted trails, with their owner accounts as encryption context', () => {
      const { key } = newKey();
      key.grantCloudTrailEncrypt(orgTrail, externalTrail);
      const trails = [orgTrail.trailArn, externalTrail.trailArn];
      expect(statements(key)).toEqual([
        ADMIN,
        {
          Sid: 'AllowCloudTrailEncryptLogs',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: {
            StringLike: {
              'kms:EncryptionContext:aws:cloudtrail:arn': [
                `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`,
                `arn:aws:cloudtrail:*:${EXTERNAL}:trail/*`,
              ],
            },
            StringEquals: { 'aws:SourceArn': trails },
          },
        },
        {
          Sid: 'AllowCloudTrailDecryptForBucketKey',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceArn': trails } },
        },
        {
          Sid: 'AllowCloudTrailDescribeKey',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:DescribeKey',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceArn': trails } },
        },
      ]);
    });

    it('lists one encryption context per owner account and each trail once, across several grants', () => {
      const { key } = newKey();
      const second = trailReference({ trailName: 'second', homeRegion: 'eu-west-1', ownerAccountId: MANAGEMENT });
      key.grantCloudTrailEncrypt(orgTrail);
      key.grantCloudTrailEncrypt(second, orgTrail);
      expect(statements(key)[1].Condition).toEqual({
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` },
        StringEquals: { 'aws:SourceArn': [orgTrail.trailArn, second.trailArn] },
      });
    });
  });

  describe('grantDecryptLogs', () => {
    it('lets organization readers decrypt trail logs and archive objects read through S3 in the key region', () => {
      const { key } = newKey({ region: 'eu-west-1' });
      key.grantCloudTrailEncrypt(orgTrail, externalTrail);
      key.grantDecryptLogs({ accountIds: [AUDIT, EXTERNAL], organizationId: ORGANIZATION_ID, bucketArn: BUCKET });
      const readers = [`arn:aws:iam::${AUDIT}:root`, `arn:aws:iam::${EXTERNAL}:root`];
      expect(statements(key).slice(4)).toEqual([
        {
          Sid: 'AllowLogReadersDecryptTrailLogs',
          Effect: 'Allow',
          Principal: { AWS: readers },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID, 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:*:trail/*' },
          },
        },
        {
          Sid: 'AllowLogReadersDecryptArchiveObjectsThroughS3',
          Effect: 'Allow',
          Principal: { AWS: readers },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID, 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': [BUCKET, `${BUCKET}/*`] },
          },
        },
      ]);
    });

    it('keeps one trail context pattern however many accounts deliver, since reads go through S3 only', () => {
      const { key } = newKey();
      const accounts = Array.from({ length: 20 }, (_, i) => `${500000000000 + i}`);
      key.grantCloudTrailEncrypt(
        ...accounts.map((ownerAccountId) => trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId })),
      );
      key.grantDecryptLogs({ accountIds: [AUDIT], organizationId: ORGANIZATION_ID, bucketArn: BUCKET });
      expect(statements(key).find((s) => s.Sid === 'AllowLogReadersDecryptTrailLogs')?.Condition).toEqual({
        StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID, 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:*:trail/*' },
      });
    });

    it('grants only the S3 path while no trail is granted', () => {
      const { key } = newKey();
      key.grantDecryptLogs({ accountIds: [AUDIT], organizationId: ORGANIZATION_ID, bucketArn: BUCKET });
      expect(key.policyDocument().sids).toEqual([
        'EnableKeyAdministrationByOwningAccount',
        'AllowLogReadersDecryptArchiveObjectsThroughS3',
      ]);
    });

    it('merges the readers of several grants into one principal list, each account once', () => {
      const { key } = newKey();
      key.grantDecryptLogs({ accountIds: [AUDIT], organizationId: ORGANIZATION_ID, bucketArn: BUCKET });
      key.grantDecryptLogs({ accountIds: [EXTERNAL, AUDIT], organizationId: ORGANIZATION_ID, bucketArn: BUCKET });
      expect(statements(key)[1].Principal).toEqual({ AWS: [`arn:aws:iam::${AUDIT}:root`, `arn:aws:iam::${EXTERNAL}:root`] });
    });

    it('adds nothing for an empty reader list', () => {
      const { key } = newKey();
      key.grantCloudTrailEncrypt(orgTrail);
      key.grantDecryptLogs({ accountIds: [], organizationId: ORGANIZATION_ID, bucketArn: BUCKET });
      expect(key.policyDocument().sids).not.toContain('AllowLogReadersDecryptTrailLogs');
      expect(key.policyDocument().statementCount).toBe(4);
    });
  });

  describe('grantServiceUse', () => {
    const service = (
      conditions: Record<string, unknown>,
      sid = 'AllowService',
      actions: unknown = ['kms:GenerateDataKey*', 'kms:Decrypt'],
    ) => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: actions,
      Resource: '*',
      Condition: conditions,
    });
    const rule = `arn:aws:events:us-east-1:${MANAGEMENT}:rule/deliveries`;

    it('scopes a grant by source ARN, with the publisher actions by default', () => {
      const { key } = newKey();
      key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com', sourceArns: [rule] });
      expect(statements(key)).toEqual([ADMIN, service({ StringEquals: { 'aws:SourceArn': rule } })]);
    });

    it('switches to ArnLike when a source ARN has a wildcard', () => {
      const { key } = newKey();
      key.grantServiceUse({
        sid: 'AllowService',
        service: 'cloudwatch.amazonaws.com',
        sourceArns: [rule, `arn:aws:events:*:${MANAGEMENT}:rule/*`],
      });
      expect(statements(key)[1]).toEqual(service({ ArnLike: { 'aws:SourceArn': [rule, `arn:aws:events:*:${MANAGEMENT}:rule/*`] } }));
    });

    it('scopes a grant by source account', () => {
      const { key } = newKey();
      key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com', sourceAccounts: [MANAGEMENT, AUDIT] });
      expect(statements(key)[1]).toEqual(service({ StringEquals: { 'aws:SourceAccount': [MANAGEMENT, AUDIT] } }));
    });

    it('scopes a grant by encryption context, with the given actions', () => {
      const { key } = newKey();
      const topic = `arn:aws:sns:us-east-1:${MANAGEMENT}:deliveries`;
      key.grantServiceUse({
        sid: 'AllowService',
        service: 'cloudwatch.amazonaws.com',
        actions: ['kms:GenerateDataKey*'],
        encryptionContext: { 'aws:sns:topicArn': [topic], 'aws:custom': ['a', 'b'] },
      });
      expect(statements(key)[1]).toEqual(
        service(
          { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topic, 'kms:EncryptionContext:aws:custom': ['a', 'b'] } },
          'AllowService',
          'kms:GenerateDataKey*',
        ),
      );
    });

    it('combines source ARN, source account, encryption context and explicit conditions in one statement', () => {
      const { key } = newKey();
      key.grantServiceUse({
        sid: 'AllowService',
        service: 'cloudwatch.amazonaws.com',
        sourceArns: [rule],
        sourceAccounts: [MANAGEMENT],
        encryptionContext: { 'aws:sns:topicArn': ['arn:aws:sns:us-east-1:111111111111:t'] },
        conditions: { StringEquals: { 'aws:SourceOrgID': ORGANIZATION_ID } },
      });
      expect(statements(key)[1]).toEqual(
        service({
          StringEquals: {
            'aws:SourceArn': rule,
            'aws:SourceAccount': MANAGEMENT,
            'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:us-east-1:111111111111:t',
            'aws:SourceOrgID': ORGANIZATION_ID,
          },
        }),
      );
    });

    it('accepts explicit conditions on a scoping key, such as ArnEquals on an encryption context', () => {
      const { key } = newKey();
      const group = `arn:aws:logs:us-east-1:${LOG_ARCHIVE}:log-group:cloudtrail/org`;
      key.grantServiceUse({
        sid: 'AllowService',
        service: 'cloudwatch.amazonaws.com',
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': group } },
      });
      expect(statements(key)[1]).toEqual(service({ ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': group } }));
    });

    it('throws when a grant is not scoped at all (confused-deputy prevention)', () => {
      const { key } = newKey();
      expect(() => key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com' })).toThrow(
        'test/Key: grant AllowService to cloudwatch.amazonaws.com is not scoped; pass sourceArns, sourceAccounts or an encryption context (confused-deputy prevention)',
      );
      expect(() =>
        key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com', sourceArns: [], sourceAccounts: [] }),
      ).toThrow(/is not scoped/);
    });

    it('throws when the only conditions are on keys that do not scope the caller', () => {
      const { key } = newKey();
      expect(() =>
        key.grantServiceUse({
          sid: 'AllowService',
          service: 'cloudwatch.amazonaws.com',
          conditions: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
        }),
      ).toThrow(/is not scoped/);
      expect(key.policyDocument().sids).toEqual(['EnableKeyAdministrationByOwningAccount']);
    });

    it('merges the source ARNs of grants made with the same Sid, each once', () => {
      const { key } = newKey();
      const other = `arn:aws:events:us-east-1:${MANAGEMENT}:rule/alarms`;
      key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com', sourceArns: [rule] });
      key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com', sourceArns: [other, rule] });
      expect(statements(key)).toEqual([ADMIN, service({ StringEquals: { 'aws:SourceArn': [rule, other] } })]);
    });

    it('throws when a Sid is granted again with a different service, actions or conditions', () => {
      const { key } = newKey();
      key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com', sourceArns: [rule] });
      const again = /test\/Key: grant AllowService was made twice with different services, actions or conditions/;
      expect(() => key.grantServiceUse({ sid: 'AllowService', service: 'sns.amazonaws.com', sourceArns: [rule] })).toThrow(again);
      expect(() =>
        key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com', sourceArns: [rule], actions: ['kms:Decrypt'] }),
      ).toThrow(again);
      expect(() =>
        key.grantServiceUse({ sid: 'AllowService', service: 'cloudwatch.amazonaws.com', sourceArns: [rule], sourceAccounts: [MANAGEMENT] }),
      ).toThrow(again);
    });
  });

  describe('EventBridge and CloudWatch Logs grants', () => {
    const TOPIC = `arn:aws:sns:us-east-1:${LOG_ARCHIVE}:alerts`;
    const QUEUE = `arn:aws:sqs:us-east-1:${LOG_ARCHIVE}:events`;
    const RULE = `arn:aws:events:us-east-1:${LOG_ARCHIVE}:rule/deployments/alerts`;
    const events = (sid: string, actions: string | string[], condition: Record<string, unknown>) => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: actions,
      Resource: '*',
      Condition: condition,
    });

    it("scopes EventBridge's use of a topic or queue key by the target's encryption context alone, merging resources per Sid", () => {
      const { key } = newKey();
      key.grantEventBridgeTarget('AllowTopic', 'topic', [TOPIC]);
      key.grantEventBridgeTarget('AllowQueue', 'queue', [QUEUE]);
      key.grantEventBridgeTarget('AllowQueue', 'queue', [`${QUEUE}-2`, QUEUE]);
      key.grantEventBridgeTarget('AllowNothing', 'queue', []);
      expect(statements(key)).toEqual([
        ADMIN,
        events('AllowTopic', ['kms:GenerateDataKey*', 'kms:Decrypt'], {
          StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC },
        }),
        events('AllowQueue', ['kms:GenerateDataKey', 'kms:Decrypt'], {
          StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': [QUEUE, `${QUEUE}-2`] },
        }),
      ]);
    });

    const refusal = (sid: string, why: string) =>
      `test/Key: grant ${sid} ${why}; KMS does not see aws:SourceArn, aws:SourceAccount or aws:SourceOrgID when EventBridge writes to an encrypted topic or queue ("not supported for EventBridge-to-encrypted topics", SNS developer guide, sns-key-management), so the grant would refuse every delivery. Fix: scope it by the target's encryption context instead: key.grantEventBridgeTarget(sid, 'topic' | 'queue', [arn]) (kms:EncryptionContext:aws:sns:topicArn or kms:EncryptionContext:aws:sqs:arn = the target ARN)`;

    it.each([
      ['a source ARN', { sourceArns: [RULE] }, 'aws:SourceArn'],
      ['a source account', { sourceAccounts: [LOG_ARCHIVE] }, 'aws:SourceAccount'],
      ['an organization condition', { conditions: { StringEquals: { 'aws:SourceOrgID': ORGANIZATION_ID } } }, 'aws:SourceOrgID'],
    ])('refuses an EventBridge data-key grant scoped by %s only, and changes nothing', (_label, scope, keyName) => {
      const { key } = newKey();
      expect(() => key.grantServiceUse({ sid: 'AllowEvents', service: 'events.amazonaws.com', ...scope })).toThrow(
        refusal('AllowEvents', `scopes events.amazonaws.com kms:GenerateDataKey*, kms:Decrypt by ${keyName} only`),
      );
      expect(key.policyDocument().sids).toEqual(['EnableKeyAdministrationByOwningAccount']);
    });

    it("refuses source keys added to a topic's or queue's encryption context", () => {
      const { key } = newKey();
      expect(() =>
        key.grantServiceUse({
          sid: 'AllowEvents',
          service: 'events.amazonaws.com',
          sourceArns: [RULE],
          encryptionContext: { 'aws:sns:topicArn': [TOPIC] },
        }),
      ).toThrow(refusal('AllowEvents', "adds aws:SourceArn to an encrypted topic's or queue's encryption context"));
      expect(() =>
        key.grantServiceUse({
          sid: 'AllowEvents',
          service: 'events.amazonaws.com',
          conditions: { StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': QUEUE, 'aws:SourceAccount': LOG_ARCHIVE } },
        }),
      ).toThrow(refusal('AllowEvents', "adds aws:SourceAccount to an encrypted topic's or queue's encryption context"));
    });

    it("still accepts EventBridge's documented bus grants: data keys by the bus context, kms:DescribeKey by source account", () => {
      const { key } = newKey();
      const bus = `arn:aws:events:us-east-1:${LOG_ARCHIVE}:event-bus/deployments`;
      key.grantServiceUse({
        sid: 'AllowBus',
        service: 'events.amazonaws.com',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        encryptionContext: { 'aws:events:event-bus:arn': [bus] },
      });
      key.grantServiceUse({
        sid: 'AllowDescribe',
        service: 'events.amazonaws.com',
        actions: ['kms:DescribeKey'],
        sourceAccounts: [LOG_ARCHIVE],
      });
      expect(key.policyDocument().sids).toEqual(['EnableKeyAdministrationByOwningAccount', 'AllowBus', 'AllowDescribe']);
    });

    it('lets CloudWatch Logs use the key for the given log groups of its account and region only', () => {
      const { key } = newKey();
      const group = `arn:aws:logs:us-east-1:${LOG_ARCHIVE}:log-group:/aws/lambda/chat`;
      key.grantCloudWatchLogs('AllowLogs', [group]);
      expect(statements(key)[1]).toEqual({
        Sid: 'AllowLogs',
        Effect: 'Allow',
        Principal: { Service: 'logs.us-east-1.amazonaws.com' },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': group } },
      });
      const elsewhere = `arn:aws:logs:eu-west-1:${LOG_ARCHIVE}:log-group:/aws/lambda/chat`;
      expect(() => key.grantCloudWatchLogs('AllowOther', [elsewhere])).toThrow(
        `test/Key: grant AllowOther: log groups ${elsewhere} are not in the key's account ${LOG_ARCHIVE} and region us-east-1`,
      );
    });
  });

  describe('createAfter', () => {
    it('waits for the roles its policy names, in its own stack only', () => {
      const { stack, key } = newKey();
      const role = new IamRole(stack, 'Reader', { name: 'reader', assumeRolePolicy: '{}' });
      key.createAfter(role);
      key.createAfter(role);
      expect(resourceAt(synthJson(stack), 'aws_kms_key', 'Key')).toMatchObject({ depends_on: [`aws_iam_role.${role.friendlyUniqueId}`] });
      const other = testStack('us-east-1', 'other');
      const elsewhere = new IamRole(other, 'Elsewhere', { name: 'elsewhere', assumeRolePolicy: '{}' });
      expect(() => key.createAfter(elsewhere)).toThrow(
        'test/Key: createAfter: other/Elsewhere are in another stack; apply that stack first',
      );
    });
  });

  describe('addToResourcePolicy', () => {
    it('adds statements exactly as given, after the grants', () => {
      const { key } = newKey();
      key.grantCloudTrailEncrypt(orgTrail);
      key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowAuditDescribeKey',
          principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
          actions: ['kms:DescribeKey'],
          resources: ['*'],
        }),
      );
      const all = statements(key);
      expect(all).toHaveLength(5);
      expect(all[4]).toEqual({
        Sid: 'AllowAuditDescribeKey',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: 'kms:DescribeKey',
        Resource: '*',
      });
    });

    it('rejects a statement whose Sid a grant already uses', () => {
      const { key } = newKey();
      key.addToResourcePolicy(new PolicyStatement({ sid: 'EnableKeyAdministrationByOwningAccount', actions: ['kms:*'], resources: ['*'] }));
      expect(() => key.policyDocument()).toThrow(/duplicate Sid "EnableKeyAdministrationByOwningAccount"/);
    });
  });

  describe('prop rules', () => {
    it.each([
      [
        'an alias without alias/',
        { aliasName: 'org-logs' },
        'test/Key: aliasName: "org-logs" is not a valid KMS alias ("alias/" then letters, digits, / _ -; "alias/aws/" is reserved for AWS). Fix: use a name like "alias/org-logs"',
      ],
      [
        'an AWS managed alias',
        { aliasName: 'alias/aws/s3' },
        'test/Key: aliasName: "alias/aws/s3" is not a valid KMS alias ("alias/" then letters, digits, / _ -; "alias/aws/" is reserved for AWS). Fix: use a name like "alias/org-logs"',
      ],
      [
        'a region outside the commercial partition',
        { region: 'us-gov-west-1' },
        `test/Key: region: "us-gov-west-1" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
      ],
      [
        'a deletion window over 30 days',
        { deletionWindowInDays: 31 },
        'test/Key: deletionWindowInDays: 31 must be at most 30 days. Fix: use 30 or fewer',
      ],
      [
        'a rotation period under 90 days',
        { rotationPeriodInDays: 30 },
        'test/Key: rotationPeriodInDays: 30 must be at least 90 days. Fix: use 90 or more',
      ],
      [
        'an administrator named by role name instead of ARN',
        { administrators: { deploymentRoleArn: 'OrgLoggingDeployment' } },
        'test/Key: administrators.deploymentRoleArn: "OrgLoggingDeployment" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>). Fix: write the role ARN, e.g. arn:aws:iam::111122223333:role/OrgLoggingDeployment',
      ],
    ])('fails synth on %s', (_what, props, line) => {
      const { stack } = newKey(props as Partial<LogEncryptionKeyProps>);
      expect(validationErrors(stack)).toEqual([line]);
    });

    it('skips an alias Terraform resolves at apply (a token)', () => {
      const stack = testStack();
      const alias = new TerraformVariable(stack, 'alias', { type: 'string' }).stringValue;
      new LogEncryptionKey(stack, 'Key', { accountId: LOG_ARCHIVE, region: 'us-east-1', aliasName: alias, administrators: NAMED });
      expect(validationErrors(stack)).toEqual([]);
    });
  });
});
