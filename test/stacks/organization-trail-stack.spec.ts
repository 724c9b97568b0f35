/**
 * The organization-trail stack as the app builds it: the trail, its account and provider, the
 * notification topic and the CloudWatch Logs delivery, and the outputs.
 */
import type { OrganizationConfig } from '../../stacks/config';
import { exampleConfig, type exampleInput } from '../support/config';
import { buildExample, onlyResource, policyOf, resourcesOf, type SynthesizedJson } from '../support/synth';

const STACK = 'organization-trail';
const TRAIL_ARN = /arn:aws:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]+/g;

function synthTrail(config: OrganizationConfig): SynthesizedJson {
  return buildExample(config).synth(STACK);
}

function withDelegatedAdministrator(): OrganizationConfig {
  return exampleConfig((c) => {
    (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
  });
}

/** Every JSON policy document the stack renders (resource policies, key policies, trust policies). */
function policyTexts(json: SynthesizedJson): string[] {
  return Object.values(json.resource)
    .flatMap((byId) => Object.values(byId))
    .flatMap((resource) => [resource.policy, resource.assume_role_policy])
    .filter((text): text is string => typeof text === 'string');
}

function statementOf(json: SynthesizedJson, type: string, pathPart: string, sid: string): Record<string, unknown> | undefined {
  return policyOf(onlyResource(json, type, pathPart)).Statement.find((s) => s.Sid === sid);
}

const example = exampleConfig();
const trailArn = `arn:aws:cloudtrail:${example.homeRegion}:${example.managementAccountId}:trail/${example.trailName}`;

describe('OrganizationTrailStack', () => {
  const json = synthTrail(example);
  const trail = onlyResource(json, 'aws_cloudtrail');

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
        s3_key_prefix: 'cloudtrail',
        lifecycle: { prevent_destroy: true },
      });
    });

    it('encrypts with the archive key read from the log-archive state', () => {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JS template
      expect(trail.kms_key_id).toBe('${data.terraform_remote_state.LogArchiveState.outputs.archive_key_arn}');
      expect(json.data?.terraform_remote_state.LogArchiveState).toEqual({
        backend: 's3',
        config: { bucket: 'acme-terraform-state-210987654321', key: 'org-logging/log-archive.tfstate', region: 'eu-west-1' },
      });
    });

    it('reads the archive state from a local state file when the backend is local', () => {
      const local = exampleConfig((c) => {
        (c as Record<string, unknown>).deployment = {
          managementAccountRoleName: 'acme-platform-deployer',
          backend: { type: 'local', directory: 'state' },
        };
      });
      expect(synthTrail(local).data?.terraform_remote_state.LogArchiveState).toEqual({
        backend: 'local',
        config: { path: '/work/state/log-archive.tfstate' },
      });
    });

    it('notifies the topic and delivers to the log group through literal ARNs', () => {
      expect(trail).toMatchObject({
        sns_topic_name: example.notifications.topicName,
        cloud_watch_logs_group_arn: `arn:aws:logs:${example.homeRegion}:${example.managementAccountId}:log-group:${example.cloudWatchLogs.logGroupName}:*`,
        cloud_watch_logs_role_arn: `arn:aws:iam::${example.managementAccountId}:role/${example.cloudWatchLogs.roleName}`,
      });
    });

    it('delivers to the topic (by ARN: the trail is owned by the management account) and log group of the delegated administrator account when it creates the trail', () => {
      const delegated = withDelegatedAdministrator();
      const account = delegated.auditAccountId;
      expect(onlyResource(synthTrail(delegated), 'aws_cloudtrail')).toMatchObject({
        sns_topic_name: `arn:aws:sns:${delegated.homeRegion}:${account}:${delegated.notifications.topicName}`,
        cloud_watch_logs_group_arn: `arn:aws:logs:${delegated.homeRegion}:${account}:log-group:${delegated.cloudWatchLogs.logGroupName}:*`,
        cloud_watch_logs_role_arn: `arn:aws:iam::${account}:role/${delegated.cloudWatchLogs.roleName}`,
      });
    });

    it('waits for the topic policy, log group and delivery role policy it refers to by literal ARN', () => {
      expect(trail.depends_on).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^aws_sns_topic_policy\./),
          expect.stringMatching(/^aws_cloudwatch_log_group\./),
          expect.stringMatching(/^aws_iam_role_policy\./),
        ]),
      );
    });

    it('records Insights as configured', () => {
      expect(trail.insight_selector).toEqual([{ insight_type: 'ApiCallRateInsight' }, { insight_type: 'ApiErrorRateInsight' }]);
    });

    it('records no Insights when none are configured', () => {
      const none = exampleConfig((c) => {
        (c.trail as Record<string, unknown>).insights = [];
      });
      expect(onlyResource(synthTrail(none), 'aws_cloudtrail').insight_selector ?? []).toEqual([]);
    });

    it('always excludes the archive, access-log and replica buckets from S3 data events', () => {
      const selectors = trail.advanced_event_selector as { name: string; field_selector: Record<string, unknown>[] }[];
      const s3 = selectors.find((s) => s.name.startsWith('S3 object events'));
      expect(s3?.field_selector).toContainEqual({
        field: 'resources.ARN',
        not_starts_with: [
          'arn:aws:s3:::acme-cloudtrail-archive-345678901234/',
          'arn:aws:s3:::acme-cloudtrail-archive-access-logs-345678901234/',
          'arn:aws:s3:::acme-cloudtrail-archive-replica-345678901234/',
          'arn:aws:s3:::acme-cloudtrail-replica-access-logs-345678901234/',
        ],
      });
    });

    it('names only the management account trail ARN in its policies', () => {
      const policies = policyTexts(json);
      expect(new Set(policies.flatMap((text) => text.match(TRAIL_ARN) ?? []))).toEqual(new Set([trailArn]));
      expect(policies.filter((text) => text.includes(trailArn)).length).toBeGreaterThanOrEqual(2);
    });

    it('uses the management account trail ARN in every policy, even when a delegated administrator creates it', () => {
      const delegated = withDelegatedAdministrator();
      const out = synthTrail(delegated);
      const policies = policyTexts(out);
      expect(new Set(policies.flatMap((text) => text.match(TRAIL_ARN) ?? []))).toEqual(new Set([trailArn]));
      expect(JSON.stringify(out)).not.toContain(`:${delegated.auditAccountId}:trail/`);
      expect(out.output?.trail_arn.value).toBe(trailArn);
    });
  });

  describe('provider and backend', () => {
    it("deploys into the management account, with that account's own role, in the home region by default", () => {
      expect(json.provider.aws).toHaveLength(1);
      expect(json.provider.aws[0]).toMatchObject({
        region: example.homeRegion,
        allowed_account_ids: [example.managementAccountId],
        assume_role: [{ role_arn: `arn:aws:iam::${example.managementAccountId}:role/acme-platform-deployer` }],
      });
      expect(example.deployment.managementAccountRoleName).toBe('acme-platform-deployer');
    });

    it('deploys into the delegated administrator account, with the member accounts role, when one is configured', () => {
      const delegated = withDelegatedAdministrator();
      expect(synthTrail(delegated).provider.aws[0]).toMatchObject({
        allowed_account_ids: [delegated.auditAccountId],
        assume_role: [{ role_arn: `arn:aws:iam::${delegated.auditAccountId}:role/OrgLoggingDeployment` }],
      });
    });

    it('keeps its state under its own key in the configured S3 backend', () => {
      expect(json.terraform.backend?.s3).toMatchObject({ key: 'org-logging/organization-trail.tfstate', use_lockfile: true });
    });
  });

  describe('notifications', () => {
    it('encrypts the topic with its own customer managed key', () => {
      expect(onlyResource(json, 'aws_sns_topic', 'Notifications/')).toMatchObject({
        name: example.notifications.topicName,
        kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Notifications_Key_[A-F0-9]+\.arn\}$/),
      });
    });

    it('lets CloudTrail use the topic key only for our trail', () => {
      expect(statementOf(json, 'aws_kms_key', 'Notifications/', 'AllowCloudTrailToEncryptNotifications')).toEqual({
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

    it('creates the subscriptions the topic account can create, and leaves cross-account SQS queues and Lambda functions to their owners', () => {
      const subscriptions = Object.values(resourcesOf(json, 'aws_sns_topic_subscription')).map((s) => [s.protocol, s.endpoint]);
      expect(subscriptions).toEqual([['https', 'https://siem.acme.example/ingest/cloudtrail']]);
      const topic = `arn:aws:sns:${example.homeRegion}:${example.managementAccountId}:${example.notifications.topicName}`;
      expect(json.output?.pending_subscriptions.value).toEqual([
        `aws sns subscribe --topic-arn ${topic} --protocol sqs --notification-endpoint arn:aws:sqs:eu-west-1:456789012345:cloudtrail-log-deliveries --attributes RawMessageDelivery=true --region eu-west-1`,
        `aws lambda add-permission --function-name arn:aws:lambda:eu-west-1:456789012345:function:cloudtrail-delivery-indexer --statement-id sns-${example.notifications.topicName} --action lambda:InvokeFunction --principal sns.amazonaws.com --source-arn ${topic} --region eu-west-1` +
          ` && aws sns subscribe --topic-arn ${topic} --protocol lambda --notification-endpoint arn:aws:lambda:eu-west-1:456789012345:function:cloudtrail-delivery-indexer --region eu-west-1`,
      ]);
    });

    it('lets each endpoint account subscribe only its configured queues and functions, one statement per protocol', () => {
      const topic = `arn:aws:sns:${example.homeRegion}:${example.managementAccountId}:${example.notifications.topicName}`;
      const statements = policyOf(onlyResource(json, 'aws_sns_topic_policy', 'Notifications/')).Statement;
      expect(statements.filter((s) => s.Action === 'SNS:Subscribe')).toEqual([
        {
          Sid: 'AllowConfiguredQueuesToSubscribe',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::456789012345:root' },
          Action: 'SNS:Subscribe',
          Resource: topic,
          Condition: {
            StringEquals: { 'sns:Protocol': 'sqs', 'sns:Endpoint': 'arn:aws:sqs:eu-west-1:456789012345:cloudtrail-log-deliveries' },
          },
        },
        {
          Sid: 'AllowConfiguredFunctionsToSubscribe',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::456789012345:root' },
          Action: 'SNS:Subscribe',
          Resource: topic,
          Condition: {
            StringEquals: {
              'sns:Protocol': 'lambda',
              'sns:Endpoint': 'arn:aws:lambda:eu-west-1:456789012345:function:cloudtrail-delivery-indexer',
            },
          },
        },
      ]);
    });

    it('never auto-confirms an HTTPS endpoint', () => {
      const https = Object.values(resourcesOf(json, 'aws_sns_topic_subscription')).filter((s) => s.protocol === 'https');
      expect(https).toEqual([expect.objectContaining({ endpoint_auto_confirms: false })]);
    });

    it('creates a same-account SQS subscription directly', () => {
      const sameAccount = exampleConfig((c) => {
        (c.notifications as { subscriptions: unknown[] }).subscriptions = [
          { protocol: 'sqs', endpoint: `arn:aws:sqs:eu-west-1:${c.managementAccountId}:deliveries`, rawMessageDelivery: true },
        ];
      });
      const out = synthTrail(sameAccount);
      expect(Object.values(resourcesOf(out, 'aws_sns_topic_subscription'))).toEqual([
        expect.objectContaining({
          protocol: 'sqs',
          raw_message_delivery: true,
          endpoint: `arn:aws:sqs:eu-west-1:${sameAccount.managementAccountId}:deliveries`,
        }),
      ]);
      expect(out.output?.pending_subscriptions.value).toEqual([]);
    });

    it('keys subscriptions by endpoint, so reordering them replaces nothing', () => {
      // Endpoints in the topic account, so the stack creates every one of them.
      const subscriptions = (c: ReturnType<typeof exampleInput>) => [
        { protocol: 'sqs', endpoint: `arn:aws:sqs:eu-west-1:${c.managementAccountId}:deliveries` },
        { protocol: 'lambda', endpoint: `arn:aws:lambda:eu-west-1:${c.managementAccountId}:function:indexer` },
        { protocol: 'https', endpoint: 'https://siem.acme.example/ingest/cloudtrail' },
      ];
      const inOrder = exampleConfig((c) => {
        (c.notifications as { subscriptions: unknown[] }).subscriptions = subscriptions(c);
      });
      const reversed = exampleConfig((c) => {
        (c.notifications as { subscriptions: unknown[] }).subscriptions = subscriptions(c).reverse();
      });
      const ids = (config: OrganizationConfig) => Object.keys(resourcesOf(synthTrail(config), 'aws_sns_topic_subscription')).sort();
      expect(ids(inOrder)).toHaveLength(3);
      expect(ids(reversed)).toEqual(ids(inOrder));
    });
  });

  describe('CloudWatch Logs', () => {
    it('keeps the log group for the configured retention, encrypted and guarded', () => {
      expect(onlyResource(json, 'aws_cloudwatch_log_group')).toMatchObject({
        name: example.cloudWatchLogs.logGroupName,
        retention_in_days: 400,
        kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.CloudWatchLogs_Key_[A-F0-9]+\.arn\}$/),
        lifecycle: { prevent_destroy: true },
      });
    });

    it('scopes the log group key to that log group', () => {
      expect(statementOf(json, 'aws_kms_key', 'CloudWatchLogs/', 'AllowCloudWatchLogsForTheTrailLogGroup')).toMatchObject({
        Principal: { Service: `logs.${example.homeRegion}.amazonaws.com` },
        Condition: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${example.homeRegion}:${example.managementAccountId}:log-group:${example.cloudWatchLogs.logGroupName}`,
          },
        },
      });
    });

    it('lets only CloudTrail assume the delivery role, without source conditions CloudTrail does not send for it', () => {
      expect(policyOf(onlyResource(json, 'aws_iam_role'), 'assume_role_policy').Statement).toEqual([
        { Sid: 'AllowCloudTrailToAssume', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
    });

    it('lets the delivery role create streams and put events on the trail streams only', () => {
      const group = `arn:aws:logs:${example.homeRegion}:${example.managementAccountId}:log-group:${example.cloudWatchLogs.logGroupName}`;
      const streams = [
        `${group}:log-stream:${example.managementAccountId}_CloudTrail_${example.homeRegion}*`,
        `${group}:log-stream:${example.organizationId}_*`,
      ];
      expect(policyOf(onlyResource(json, 'aws_iam_role_policy')).Statement).toEqual([
        { Sid: 'AllowCreateTrailLogStreams', Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: streams },
        { Sid: 'AllowPutTrailLogEvents', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: streams },
      ]);
    });
  });

  describe('monitoring-tampering alarm', () => {
    const filterNamed = (out: SynthesizedJson, name: string) =>
      Object.values(resourcesOf(out, 'aws_cloudwatch_log_metric_filter')).find((f) => f.name === name);

    it("watches the example's member monitoring resources by their names, leaving out the management account's own copies", () => {
      const pattern = String(filterNamed(json, 'acme-organization-trail-deployment-monitoring-tampering')?.pattern);
      expect(pattern).toContain(`($.recipientAccountId != "${example.managementAccountId}")`);
      expect(pattern).toContain('($.requestParameters.roleName = "acme-deploy-monitoring-codedeploy-*")');
      expect(pattern).toContain('($.requestParameters.stackName = "*StackSet-acme-deploy-monitoring-codedeploy-*")');
      expect(pattern).toContain('($.requestParameters.queueUrl = "*/acme-deploy-monitoring-codedeploy-dlq")');
    });

    it('is left out when alarms.groups.monitoringTampering is false, or without deploymentMonitoring', () => {
      const off = exampleConfig((c) => {
        (c.alarms as Record<string, unknown>).groups = { monitoringTampering: false };
      });
      const none = exampleConfig((c) => {
        delete c.deploymentMonitoring;
        (c.alarms as Record<string, unknown>).notifyChat = false;
      });
      for (const config of [off, none]) {
        const out = synthTrail(config);
        expect(Object.keys(resourcesOf(out, 'aws_cloudwatch_log_metric_filter')).length).toBeGreaterThan(0);
        expect(filterNamed(out, 'acme-organization-trail-deployment-monitoring-tampering')).toBeUndefined();
      }
    });
  });

  describe('outputs', () => {
    it('expose the trail, topic and log group for the alarms and users', () => {
      expect(Object.keys(json.output ?? {}).sort()).toEqual([
        'alarm_names',
        'alarm_topic_arn',
        'cloudwatch_logs_role_arn',
        'log_group_arn',
        'log_group_key_arn',
        'log_group_name',
        'notification_key_arn',
        'notification_topic_arn',
        'pending_alarm_subscriptions',
        'pending_subscriptions',
        'trail_arn',
        'trail_home_region',
        'trail_name',
      ]);
      expect(json.output?.trail_arn.value).toBe(trailArn);
      expect(json.output?.trail_home_region.value).toBe(example.homeRegion);
    });
  });
});
