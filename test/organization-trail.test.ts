import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { logDeliveryTargetReference } from '../modules/references';
import { Trail } from '../modules/trail';
import { eventSelectors } from '../modules/trail-event-selectors';
import type { OrganizationConfig } from '../stacks/config';
import { buildOrganization, type OrganizationStacks } from '../stacks/organization-builder';
import { exampleConfig } from './support/config';

type Resource = Record<string, unknown>;
interface Synthesized {
  resource: Record<string, Record<string, Resource>>;
  data?: Record<string, Record<string, Resource>>;
  output?: Record<string, { value: unknown }>;
  provider: { aws: Resource[] };
  terraform: { backend: Record<string, Resource> };
}

function build(config: OrganizationConfig): { stacks: OrganizationStacks; synth: (name: string) => Synthesized } {
  const app = Testing.app();
  const stacks = buildOrganization(app, config, { outdir: '/work/out', baseDir: '/work' });
  const cache = new Map<string, Synthesized>();
  const synth = (name: string) => {
    const found = stacks.all.find((s) => s.name === name);
    if (!found) throw new Error(`no stack ${name}; have ${stacks.all.map((s) => s.name).join(', ')}`);
    if (!cache.has(name)) cache.set(name, JSON.parse(Testing.synth(found.stack)));
    return cache.get(name) as Synthesized;
  };
  return { stacks, synth };
}

function only(json: Synthesized, type: string, idPrefix = ''): Resource {
  const found = Object.entries(json.resource[type] ?? {}).filter(([id]) => id.startsWith(idPrefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting ${idPrefix}, found ${found.length}`);
  return found[0][1];
}

const example = exampleConfig();
const trailArn = `arn:aws:cloudtrail:${example.homeRegion}:${example.managementAccountId}:trail/${example.trailName}`;

describe('organization stacks', () => {
  it('are built in apply order: archive, trail, external accounts', () => {
    const { stacks } = build(example);
    expect(stacks.all.map((s) => s.name)).toEqual([
      'log-archive',
      'organization-trail',
      ...example.externalAccountIds.map((a) => `external-account-${a}`),
    ]);
  });

  it('add the management stack before the trail when a delegated administrator creates it', () => {
    const config = exampleConfig((c) => {
      (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
    });
    const { stacks } = build(config);
    expect(stacks.all.map((s) => [s.name, s.accountId])).toEqual([
      ['log-archive', config.logArchiveAccountId],
      ['organization-management', config.managementAccountId],
      ['organization-trail', config.auditAccountId],
      ...config.externalAccountIds.map((a) => [`external-account-${a}`, a]),
    ]);
  });
});

describe('OrganizationTrailStack', () => {
  const { synth } = build(example);
  const json = synth('organization-trail');
  const trail = only(json, 'aws_cloudtrail');

  describe('trail', () => {
    it('is a multi-region organization trail with global events and log file validation', () => {
      expect(trail).toMatchObject({
        name: example.trailName,
        is_organization_trail: true,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
        s3_bucket_name: example.archiveBucketName,
        s3_key_prefix: example.archive.keyPrefix,
        lifecycle: { prevent_destroy: true },
      });
    });

    it('encrypts with the archive key read from the log-archive state', () => {
      expect(trail.kms_key_id).toMatch(/^\$\{data\.terraform_remote_state\.LogArchiveState\.outputs\.archive_key_arn\}$/);
      expect(json.data?.terraform_remote_state.LogArchiveState).toMatchObject({
        backend: 's3',
        config: { bucket: 'acme-terraform-state-210987654321', key: 'org-logging/log-archive.tfstate', region: 'eu-west-1' },
      });
    });

    it('reads the archive state from a local state file when the backend is local', () => {
      const local = exampleConfig((c) => {
        (c as Record<string, unknown>).deployment = { backend: { type: 'local', directory: 'state' } };
      });
      const data = build(local).synth('organization-trail').data?.terraform_remote_state.LogArchiveState;
      expect(data).toMatchObject({ backend: 'local', config: { path: '/work/state/log-archive.tfstate' } });
    });

    it('notifies the topic and delivers to the log group through literal ARNs', () => {
      expect(trail).toMatchObject({
        sns_topic_name: example.notifications.topicName,
        cloud_watch_logs_group_arn: `arn:aws:logs:${example.homeRegion}:${example.managementAccountId}:log-group:${example.cloudWatchLogs.logGroupName}:*`,
        cloud_watch_logs_role_arn: `arn:aws:iam::${example.managementAccountId}:role/${example.cloudWatchLogs.roleName}`,
      });
    });

    it('waits for the topic policy, log group and delivery role policy it refers to by literal ARN', () => {
      const dependsOn = trail.depends_on as string[];
      expect(dependsOn).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^aws_sns_topic_policy\./),
          expect.stringMatching(/^aws_cloudwatch_log_group\./),
          expect.stringMatching(/^aws_iam_role_policy\./),
        ]),
      );
    });

    it('records Insights as configured', () => {
      expect(trail.insight_selector).toEqual(example.trail.insights.map((insight_type) => ({ insight_type })));
    });

    it('always excludes the archive, access-log and replica buckets from S3 data events', () => {
      const selectors = trail.advanced_event_selector as { name: string; field_selector: Resource[] }[];
      const s3 = selectors.find((s) => s.name.startsWith('S3 object events'));
      expect(s3?.field_selector).toContainEqual({
        field: 'resources.ARN',
        not_starts_with: [
          `arn:aws:s3:::${example.archiveBucketName}/`,
          `arn:aws:s3:::${example.archive.accessLogs.bucketName}/`,
          `arn:aws:s3:::${example.archive.replication?.bucketName}/`,
          `arn:aws:s3:::${example.archive.replication?.accessLogBucketName}/`,
        ],
      });
    });

    it('uses the management account trail ARN in every policy, even when a delegated administrator creates it', () => {
      const delegated = exampleConfig((c) => {
        (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
      });
      const text = JSON.stringify(build(delegated).synth('organization-trail'));
      expect(text).toContain(trailArn.replace(/\//g, '\\/').replace(/\\\//g, '/'));
      expect(text).not.toContain(`arn:aws:cloudtrail:${delegated.homeRegion}:${delegated.auditAccountId}:trail`);
    });
  });

  describe('provider', () => {
    it('deploys into the management account by default', () => {
      expect(json.provider.aws[0]).toMatchObject({ region: example.homeRegion, allowed_account_ids: [example.managementAccountId] });
    });

    it('deploys into the delegated administrator account when one is configured', () => {
      const delegated = exampleConfig((c) => {
        (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
      });
      const out = build(delegated).synth('organization-trail');
      expect(out.provider.aws[0]).toMatchObject({ allowed_account_ids: [delegated.auditAccountId] });
    });
  });

  describe('notifications', () => {
    it('encrypts the topic with its own customer managed key', () => {
      expect(only(json, 'aws_sns_topic')).toMatchObject({
        name: example.notifications.topicName,
        kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Notifications_Key_[A-F0-9]+\.arn\}$/),
      });
    });

    it('lets CloudTrail use the topic key only for our trail', () => {
      const key = Object.entries(json.resource.aws_kms_key).find(([id]) => id.startsWith('Notifications_'))?.[1];
      const statement = JSON.parse(key?.policy as string).Statement.find(
        (s: { Sid: string }) => s.Sid === 'AllowCloudTrailToEncryptNotifications',
      );
      expect(statement).toEqual({
        Sid: 'AllowCloudTrailToEncryptNotifications',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: {
          StringEquals: {
            'aws:SourceArn': trailArn,
            'kms:EncryptionContext:aws:sns:topicArn': `arn:aws:sns:${example.homeRegion}:${example.managementAccountId}:${example.notifications.topicName}`,
          },
        },
      });
    });

    it('creates the subscriptions the topic account can create, and leaves cross-account SQS to the queue owner', () => {
      const subscriptions = Object.values(json.resource.aws_sns_topic_subscription).map((s) => [s.protocol, s.endpoint]);
      expect(subscriptions.sort()).toEqual(
        example.notifications.subscriptions
          .filter((s) => s.protocol !== 'sqs')
          .map((s) => [s.protocol, s.endpoint])
          .sort(),
      );
      expect(json.output?.pending_sqs_subscriptions.value).toEqual(
        example.notifications.subscriptions.filter((s) => s.protocol === 'sqs').map((s) => s.endpoint),
      );
    });

    it('never auto-confirms an HTTPS endpoint', () => {
      const https = Object.values(json.resource.aws_sns_topic_subscription).find((s) => s.protocol === 'https');
      expect(https).toMatchObject({ endpoint_auto_confirms: false });
    });

    it('creates a same-account SQS subscription directly', () => {
      const sameAccount = exampleConfig((c) => {
        (c.notifications as { subscriptions: unknown[] }).subscriptions = [
          { protocol: 'sqs', endpoint: `arn:aws:sqs:eu-west-1:${c.managementAccountId}:deliveries`, rawMessageDelivery: true },
        ];
      });
      const out = build(sameAccount).synth('organization-trail');
      expect(Object.values(out.resource.aws_sns_topic_subscription)).toEqual([
        expect.objectContaining({
          protocol: 'sqs',
          raw_message_delivery: true,
          endpoint: `arn:aws:sqs:eu-west-1:${sameAccount.managementAccountId}:deliveries`,
        }),
      ]);
      expect(out.output?.pending_sqs_subscriptions.value).toEqual([]);
    });

    it('keys subscriptions by endpoint, so reordering them replaces nothing', () => {
      const reversed = exampleConfig((c) => {
        (c.notifications as { subscriptions: unknown[] }).subscriptions.reverse();
      });
      const ids = (config: OrganizationConfig) =>
        Object.keys(build(config).synth('organization-trail').resource.aws_sns_topic_subscription).sort();
      expect(ids(reversed)).toEqual(ids(example));
    });
  });

  describe('CloudWatch Logs', () => {
    it('keeps the log group for the configured retention, encrypted and guarded', () => {
      expect(only(json, 'aws_cloudwatch_log_group')).toMatchObject({
        name: example.cloudWatchLogs.logGroupName,
        retention_in_days: example.cloudWatchLogs.retentionDays,
        kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.CloudWatchLogs_Key_[A-F0-9]+\.arn\}$/),
        lifecycle: { prevent_destroy: true },
      });
    });

    it('scopes the log group key to that log group', () => {
      const key = Object.entries(json.resource.aws_kms_key).find(([id]) => id.startsWith('CloudWatchLogs_'))?.[1];
      const statement = JSON.parse(key?.policy as string).Statement.find(
        (s: { Sid: string }) => s.Sid === 'AllowCloudWatchLogsForTheTrailLogGroup',
      );
      expect(statement).toMatchObject({
        Principal: { Service: `logs.${example.homeRegion}.amazonaws.com` },
        Condition: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${example.homeRegion}:${example.managementAccountId}:log-group:${example.cloudWatchLogs.logGroupName}`,
          },
        },
      });
    });

    it('lets only CloudTrail assume the delivery role, without source conditions CloudTrail does not send for it', () => {
      const role = only(json, 'aws_iam_role');
      expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
        { Sid: 'AllowCloudTrailToAssume', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
    });

    it('lets the delivery role create streams and put events on the trail streams only', () => {
      const policy = JSON.parse(only(json, 'aws_iam_role_policy').policy as string);
      const group = `arn:aws:logs:${example.homeRegion}:${example.managementAccountId}:log-group:${example.cloudWatchLogs.logGroupName}`;
      const streams = [
        `${group}:log-stream:${example.managementAccountId}_CloudTrail_${example.homeRegion}*`,
        `${group}:log-stream:${example.organizationId}_*`,
      ];
      expect(policy.Statement).toEqual([
        { Sid: 'AllowCreateTrailLogStreams', Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: streams },
        { Sid: 'AllowPutTrailLogEvents', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: streams },
      ]);
    });
  });

  describe('outputs', () => {
    it('expose the trail, topic and log group for the alarms and users', () => {
      expect(Object.keys(json.output ?? {}).sort()).toEqual(
        [
          'cloudwatch_logs_role_arn',
          'log_group_arn',
          'log_group_key_arn',
          'log_group_name',
          'notification_key_arn',
          'notification_topic_arn',
          'pending_sqs_subscriptions',
          'trail_arn',
          'trail_home_region',
          'trail_name',
        ].sort(),
      );
      expect(json.output?.trail_arn.value).toBe(trailArn);
    });
  });
});

describe('OrganizationManagementStack', () => {
  it('registers the delegated administrators from the management account', () => {
    const config = exampleConfig((c) => {
      (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
      (c.trail as Record<string, unknown>).additionalDelegatedAdministratorAccountIds = ['111122223333'];
    });
    const json = build(config).synth('organization-management');
    const registered = Object.values(json.resource.aws_cloudtrail_organization_delegated_admin_account).map((r) => r.account_id);
    expect(registered.sort()).toEqual(['111122223333', config.auditAccountId].sort());
    expect(json.provider.aws[0]).toMatchObject({ allowed_account_ids: [config.managementAccountId] });
  });
});

describe('ExternalAccountTrailStack', () => {
  const { synth } = build(example);
  const account = example.externalAccountIds[0];
  const json = synth(`external-account-${account}`);

  it('creates a multi-region, non-organization trail in that account writing into the central archive', () => {
    expect(only(json, 'aws_cloudtrail')).toMatchObject({
      name: example.trailName,
      is_organization_trail: false,
      is_multi_region_trail: true,
      enable_log_file_validation: true,
      s3_bucket_name: example.archiveBucketName,
      s3_key_prefix: example.archive.keyPrefix,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JS template
      kms_key_id: '${data.terraform_remote_state.LogArchiveState.outputs.archive_key_arn}',
    });
    expect(json.provider.aws[0]).toMatchObject({
      allowed_account_ids: [account],
      assume_role: [{ role_arn: `arn:aws:iam::${account}:role/${example.deployment.roleName}` }],
    });
  });

  it('outputs the trail ARN the archive policies grant', () => {
    expect(json.output?.trail_arn.value).toBe(`arn:aws:cloudtrail:${example.homeRegion}:${account}:trail/${example.trailName}`);
  });
});

describe('eventSelectors', () => {
  it('records all management events and no data events by default', () => {
    expect(eventSelectors({}, ['logs'])).toEqual([
      { name: 'Management events (All)', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    ]);
  });

  it('excludes high-volume sources and limits to write events when asked', () => {
    const [management] = eventSelectors({ managementEvents: 'WriteOnly', excludeManagementEventSources: ['kms.amazonaws.com'] }, ['logs']);
    expect(management.fieldSelector).toEqual([
      { field: 'eventCategory', equalTo: ['Management'] },
      { field: 'readOnly', equalTo: ['false'] },
      { field: 'eventSource', notEquals: ['kms.amazonaws.com'] },
    ]);
  });

  it('adds S3, Lambda and DynamoDB data events, never for the log buckets', () => {
    const selectors = eventSelectors({ s3Objects: 'ReadOnly', lambdaInvocations: true, dynamodbItems: true }, [
      'logs',
      'logs-access',
      'logs',
    ]);
    expect(selectors.map((s) => s.name)).toEqual([
      'Management events (All)',
      'S3 object events (ReadOnly) except the log buckets',
      'Lambda invocations',
      'DynamoDB item events',
    ]);
    expect(selectors[1].fieldSelector).toContainEqual({
      field: 'resources.ARN',
      notStartsWith: ['arn:aws:s3:::logs/', 'arn:aws:s3:::logs-access/'],
    });
    expect(selectors[1].fieldSelector).toContainEqual({ field: 'readOnly', equalTo: ['true'] });
  });
});

describe('Trail', () => {
  const trailWithTopic = (topicArn: string) => {
    const stack = new TerraformStack(Testing.app(), 'trail');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new Trail(stack, 'Trail', {
      trailName: 'org',
      homeRegion: 'us-east-1',
      ownerAccountId: '111111111111',
      organizationId: 'o-abcdefghij',
      destination: logDeliveryTargetReference({
        bucketName: 'logs',
        encryptionKey: { keyArn: 'arn:aws:kms:us-east-1:222222222222:key/k' },
      }),
      notificationTopic: { topicArn, topicName: topicArn.split(':')[5] },
    });
    return Object.values((JSON.parse(Testing.synth(stack)) as Synthesized).resource.aws_cloudtrail)[0];
  };

  it('names a topic of its own account and region by name, as CloudTrail reads it back', () => {
    expect(trailWithTopic('arn:aws:sns:us-east-1:111111111111:deliveries').sns_topic_name).toBe('deliveries');
  });

  it('names a topic of another account or region by ARN', () => {
    expect(trailWithTopic('arn:aws:sns:us-east-1:333333333333:deliveries').sns_topic_name).toBe(
      'arn:aws:sns:us-east-1:333333333333:deliveries',
    );
    expect(trailWithTopic('arn:aws:sns:eu-west-1:111111111111:deliveries').sns_topic_name).toBe(
      'arn:aws:sns:eu-west-1:111111111111:deliveries',
    );
  });
});
