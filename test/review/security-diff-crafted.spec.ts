import type { JsonObject, StackJson } from '../../tooling/terraform';
import {
  ALL_S3,
  ARCHIVE,
  basicSelectors,
  brief,
  diffBetween,
  editPolicy,
  orgTrail,
  resource,
  TRAIL,
  trailDiff,
  useBaseline,
} from './security-diff-support';

useBaseline();

describe('security diff', () => {
  describe('crafted weakenings', () => {
    const archivePolicy = (stacks: Map<string, StackJson>) =>
      resource(stacks, 'log-archive', 'aws_s3_bucket_policy', 'Archive_Storage_Policy');
    const onArchive = (edit: (statements: JsonObject[]) => JsonObject[]) =>
      diffBetween(
        () => {},
        (stacks) => editPolicy(archivePolicy(stacks), 'policy', edit),
        ['log-archive'],
      );
    const reader = (statements: JsonObject[]) => statements.find((s) => s.Sid === 'AllowLogReadersGetLogFiles') as JsonObject;

    it('rates an added Allow by what it grants: renamed and widened, public under a condition that admits everyone, or hidden behind a repeated Sid', () => {
      const renamed = onArchive((statements) =>
        statements.map((s) =>
          s.Sid === 'AllowLogReadersGetLogFiles' ? { ...s, Sid: 'AllowLogReadersGetLogFilesV2', Condition: undefined } : s,
        ),
      );
      expect(brief(renamed)).toEqual([
        [
          'dangerous',
          `S3 bucket policy on bucket ${ARCHIVE}`,
          'Allow statement `AllowLogReadersGetLogFilesV2` added: it grants what no statement of the policy granted before',
        ],
        ['info', `S3 bucket policy on bucket ${ARCHIVE}`, 'Allow statement `AllowLogReadersGetLogFiles` removed'],
      ]);
      // `**` passes as a restricting value in the rule pack; only the diff's coverage reading stops it.
      const anyone = onArchive((statements) => [
        ...statements,
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${ARCHIVE}/*`,
          Condition: { StringLike: { 'aws:PrincipalAccount': '**' } },
        },
      ]);
      expect(brief(anyone)).toEqual([
        [
          'dangerous',
          `S3 bucket policy on bucket ${ARCHIVE}`,
          'Allow statement (no Sid) added: it grants what no statement of the policy granted before',
        ],
      ]);
      const twin = onArchive((statements) => [
        {
          Sid: 'AllowLogReadersGetLogFiles',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999999999999:root' },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${ARCHIVE}/*`,
        },
        ...statements,
      ]);
      expect(twin.filter((f) => f.severity === 'dangerous').map((f) => f.change)).toContain(
        'Allow `AllowLogReadersGetLogFiles` now also covers principals AWS:arn:aws:iam::999999999999:root',
      );
    });

    it('rates an added Allow that earlier statements already grant, renamed or split, as notable', () => {
      const split = onArchive((statements) => [
        ...statements.filter((s) => s.Sid !== 'AllowLogReadersGetLogFiles'),
        { ...reader(statements), Sid: 'ReadObjects', Action: 's3:GetObject' },
        { ...reader(statements), Sid: 'ReadVersions', Action: 's3:GetObjectVersion' },
      ]);
      expect(split.map((f) => [f.severity, f.change])).toEqual([
        ['notable', 'Allow statement `ReadObjects` added'],
        ['notable', 'Allow statement `ReadVersions` added'],
        ['info', 'Allow statement `AllowLogReadersGetLogFiles` removed'],
      ]);
    });

    it('rates a policy the review cannot read, and a guardrail attached to fewer targets, as dangerous', () => {
      const computed = diffBetween(
        () => {},
        (stacks) => {
          const key = resource(stacks, 'log-archive', 'aws_kms_key', 'ArchiveKey_');
          key.policy = `\${replace(${JSON.stringify(key.policy)}, "role/OrgLoggingDeployment", "root")}`;
        },
        ['log-archive'],
      );
      expect(computed.filter((f) => f.severity === 'dangerous').map((f) => f.change)).toEqual([
        'cannot be read fully (not a JSON policy document): what it allows cannot be compared',
      ]);
      const detached = diffBetween(
        () => {},
        (stacks) => {
          resource(stacks, 'organization-guardrails', 'aws_organizations_policy_attachment', 'Guardrails_ArchivePolicy').target_id =
            'ou-7k3m-sandbox1';
        },
        ['organization-guardrails'],
      );
      expect(brief(detached)).toEqual([
        ['dangerous', 'Service control policy on SCP org-logging-protect-log-archive', 'no longer attached to r-7k3m'],
        ['info', 'Service control policy on SCP org-logging-protect-log-archive', 'now also attached to ou-7k3m-sandbox1'],
      ]);
    });

    it('reads "true" and "false" strings as Terraform does, and rates a key created disabled as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          resource(stacks, 'log-archive', 'aws_s3_bucket', 'Archive_Storage_Bucket').force_destroy = 'true';
          resource(stacks, 'log-archive', 'aws_kms_key', 'ArchiveKey_').is_enabled = false;
          resource(stacks, 'organization-trail', 'aws_cloudwatch_metric_alarm', 'Alarms_TrailTampering').actions_enabled = 'false';
          basicSelectors(stacks, [{ read_write_type: 'All', include_management_events: 'false', data_resource: [ALL_S3] }]);
        },
        ['log-archive', 'organization-trail'],
      );
      expect(findings.filter((f) => f.severity === 'dangerous').map((f) => [f.subject, f.change.split(':')[0]])).toEqual([
        [`bucket ${ARCHIVE} (aws_s3_bucket.Archive_Storage_Bucket_849FA8FD)`, 'force_destroy turned on'],
        ['key alias/acme-cloudtrail-archive', 'state'],
        [TRAIL, 'management events no longer recorded'],
        [TRAIL, 'Lambda invocation data events no longer recorded'],
        ['alarm acme-organization-trail-trail-tampering', 'notifies'],
      ]);
    });

    it('rates log files moved to another prefix, log group or key, and replication disabled or filtered, as dangerous', () => {
      const trail = trailDiff((stacks) =>
        Object.assign(orgTrail(stacks), {
          s3_key_prefix: 'cloudtrail-v2',
          cloud_watch_logs_group_arn: 'arn:aws:logs:eu-west-1:210987654321:log-group:scratch:*',
          kms_key_id: 'arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        }),
      );
      expect(trail.map((f) => [f.severity, f.change.split(':')[0]])).toEqual([
        ['dangerous', 'log files encrypted with another KMS key, whose policy decides who may read or destroy them'],
        ['dangerous', 'log files move to another prefix, away from the protections that name the old one'],
        ['dangerous', 'delivers to another CloudWatch Logs group'],
      ]);
      const replication = (edit: (rule: JsonObject) => void) =>
        diffBetween(
          () => {},
          (stacks) =>
            edit((resource(stacks, 'log-archive', 'aws_s3_bucket_replication_configuration', 'Replica_').rule as JsonObject[])[0]),
          ['log-archive'],
        ).map((f) => [f.severity, f.change.replace(/^replication: .* → /, '')]);
      expect(replication((rule) => Object.assign(rule, { status: 'Disabled' }))).toEqual([
        ['dangerous', expect.stringMatching(/, rule disabled\)$/)],
      ]);
      expect(replication((rule) => Object.assign(rule, { filter: { prefix: 'nothing/' } }))).toEqual([
        ['dangerous', expect.stringMatching(/^to bucket acme-cloudtrail-archive-replica-345678901234 \(only prefix `nothing\/`, /)],
      ]);
    });

    it('rates count = 0, an empty for_each, a computed count and ignore_changes on a policy as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          resource(stacks, 'log-archive', 'aws_s3_bucket_policy', 'AccessLogBucket_').count = 0;
          resource(stacks, 'log-archive', 'aws_s3_bucket_public_access_block', 'Archive_').for_each = {};
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
          resource(stacks, 'log-archive', 'aws_s3_bucket_versioning', 'Archive_').count = '${var.versioned ? 1 : 0}';
          (resource(stacks, 'log-archive', 'aws_kms_key', 'ArchiveKey_').lifecycle as JsonObject).ignore_changes = ['policy'];
        },
        ['log-archive'],
      );
      expect(findings.map((f) => [f.severity, f.change.split(':')[0]])).toEqual([
        ['dangerous', 'ignore_changes now covers policy'],
        ['dangerous', 'no instance left (count = 0)'],
        ['dangerous', 'no instance left (for_each = {})'],
        ['dangerous', 'instances computed at apply ("${var.versioned ? 1 '],
      ]);
    });

    it('rates a template resource removed with its data, put under a false condition, or an unreadable template, and a StackSet deployed to fewer Regions, as dangerous', () => {
      type Body = JsonObject & { Resources: Record<string, JsonObject>; Conditions: JsonObject };
      const template = (edit: (t: Body) => string | undefined) =>
        diffBetween(
          () => {},
          (stacks) => {
            const set = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_set', 'Rollout_RegionalStackSet');
            const body = JSON.parse(set.template_body as string);
            set.template_body = edit(body) ?? JSON.stringify(body);
            resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_instances', 'Rollout_RegionalInstances').regions = [
              'eu-west-1',
            ];
          },
          ['deployment-rollout'],
        ).map((f) => [
          f.severity,
          f.subject.replace('StackSet acme-deploy-monitoring-codedeploy-regional', 'regional'),
          f.change.split(':')[0],
        ]);
      expect(
        template((t) => {
          delete t.Resources.AgentLogGroup;
          t.Conditions.Never = { 'Fn::Equals': ['a', 'b'] };
          t.Resources.DeadLetterQueuePolicy.Condition = 'Never';
          return undefined;
        }),
      ).toEqual([
        ['dangerous', 'regional: AgentLogGroup (AWS::Logs::LogGroup)', 'removed from the template'],
        ['dangerous', 'regional: DeadLetterQueuePolicy (AWS::SQS::QueuePolicy)', 'created only when Never = {"Fn'],
        ['dangerous', 'regional', 'no longer deployed in eu-central-1, us-east-1'],
      ]);
      expect(template(() => 'Resources: {}').filter((f) => f[1] === 'regional')).toEqual([
        ['dangerous', 'regional', 'template can no longer be read (template_body is not JSON (YAML templates are not read))'],
        ['dangerous', 'regional', 'no longer deployed in eu-central-1, us-east-1'],
      ]);
    });

    it('rates a route removed, or a target dropped, as dangerous: nothing it routed reaches them', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const targets = stacks.get('deployment-events')?.resource?.aws_cloudwatch_event_target ?? {};
          delete targets[Object.keys(targets).find((n) => n.startsWith('Bus_Route-failures_Target-deployment-notify')) as string];
          const rules = stacks.get('deployment-events')?.resource?.aws_cloudwatch_event_rule ?? {};
          delete rules[Object.keys(rules).find((n) => n.startsWith('Bus_Route-status_Rule-data')) as string];
        },
        ['deployment-events'],
      );
      expect(findings.filter((f) => f.severity === 'dangerous').map((f) => [f.subject, f.change.split(':')[0]])).toEqual([
        ['event rule status-data', 'removed'],
        ['event rule failures-deployment-notify', 'targets'],
      ]);
    });

    it('rates a check suppression added in the synthesized output, and a KMS grant to a foreign account, as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const bucket = resource(stacks, 'log-archive', 'aws_s3_bucket', 'Archive_Storage_Bucket');
          (bucket['//'] as JsonObject).checkSuppressions = [
            { rule: 'S3BucketPolicyNoWildcardPrincipal', reason: 'Readers are narrowed by the condition on their principal ARN.' },
          ];
          (stacks.get('log-archive')?.resource ?? {}).aws_kms_grant = {
            Reader: {
              name: 'reader',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, not a JavaScript template
              key_id: '${aws_kms_key.ArchiveKey_5C51534B.key_id}',
              grantee_principal: 'arn:aws:iam::999999999999:root',
              operations: ['Decrypt'],
            },
          };
        },
        ['log-archive'],
      );
      expect(brief(findings)).toEqual([
        [
          'dangerous',
          'KMS grant on key alias/acme-cloudtrail-archive',
          "new KMS grant on key alias/acme-cloudtrail-archive with 1 statements, grants key alias/acme-cloudtrail-archive what the baseline's policies of this kind on it did not; Allow to accounts the baseline names nowhere: 999999999999",
        ],
        [
          'dangerous',
          `bucket ${ARCHIVE} (aws_s3_bucket.Archive_Storage_Bucket_849FA8FD)`,
          'check S3BucketPolicyNoWildcardPrincipal suppressed: its error findings no longer fail the gate',
        ],
        ['info', 'kms grant reader (aws_kms_grant.Reader)', 'added'],
      ]);
    });

    it('rates alarms made blind or deaf as dangerous: a filter on another group or with another pattern, an alarm on another metric or dimensions, a subscription sent elsewhere', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          resource(stacks, 'organization-trail', 'aws_cloudwatch_log_metric_filter', 'Alarms_TrailTampering').log_group_name = 'scratch';
          resource(stacks, 'organization-trail', 'aws_cloudwatch_metric_alarm', 'Alarms_RootAccountUsage').metric_name = 'Nothing';
          resource(stacks, 'organization-trail', 'aws_cloudwatch_metric_alarm', 'Alarms_VPCChanges').dimensions = { Never: 'emitted' };
          resource(stacks, 'organization-trail', 'aws_sns_topic_subscription', 'Notifications_Subscription').endpoint =
            'https://evil.example/';
          orgTrail(stacks).cloud_watch_logs_role_arn = 'arn:aws:iam::210987654321:role/nothing';
          resource(stacks, 'organization-trail', 'aws_cloudwatch_log_metric_filter', 'Alarms_IAMPolicyChanges').pattern =
            '{ $.eventName = "NeverHappens" }';
        },
        ['organization-trail'],
      );
      expect(findings.map((f) => [f.severity, f.subject.split(' ').slice(0, 2).join(' '), f.change.split(':')[0]])).toEqual([
        ['dangerous', 'trail acme-organization-trail', 'delivers to CloudWatch Logs with another role'],
        ['dangerous', 'metric filter', 'filter pattern'],
        ['dangerous', 'metric filter', 'reads log group'],
        ['dangerous', 'alarm acme-organization-trail-cis-4.3-root-usage', 'counts into metric'],
        ['dangerous', 'alarm acme-organization-trail-cis-4.14-vpc-changes', 'counts into metric'],
        ['dangerous', 'subscription Notifications_Subscription-https-siem-acme-example-ingest-cloudtrail-04709e04_6EFE989A', 'delivers'],
      ]);
    });

    it('rates a policy moved onto another resource, a key policy dropped, ACLs re-enabled and access logs sent elsewhere as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const [archive, logs] = [archivePolicy(stacks), resource(stacks, 'log-archive', 'aws_s3_bucket_policy', 'AccessLogBucket_')];
          [archive.bucket, logs.bucket] = [logs.bucket, archive.bucket];
          delete resource(stacks, 'log-archive', 'aws_kms_key', 'Replica_Key').policy;
          (resource(stacks, 'log-archive', 'aws_s3_bucket_ownership_controls', 'Replica_Storage').rule as JsonObject).object_ownership =
            'BucketOwnerPreferred';
          resource(stacks, 'log-archive', 'aws_s3_bucket_logging', 'Replica_Storage').target_bucket = 'elsewhere-logs';
        },
        ['log-archive'],
      );
      expect(findings.filter((f) => f.severity === 'dangerous').map((f) => [f.subject, f.change.split(':')[0]])).toEqual([
        [
          `S3 bucket policy on bucket ${ARCHIVE}`,
          `now governs bucket ${ARCHIVE} instead of bucket acme-cloudtrail-archive-access-logs-345678901234, which loses its statements`,
        ],
        [
          'S3 bucket policy on bucket acme-cloudtrail-archive-access-logs-345678901234',
          expect.stringMatching(/^now governs bucket acme-cloudtrail-archive-access-logs/),
        ],
        [
          'KMS key policy on key alias/acme-cloudtrail-archive-replica',
          'KMS key policy on key alias/acme-cloudtrail-archive-replica removed',
        ],
        ['bucket acme-cloudtrail-replica-access-logs-345678901234', 'access logs'],
        [`bucket ${ARCHIVE.replace('archive', 'archive-replica')}`, 'public access'],
        [`bucket ${ARCHIVE.replace('archive', 'archive-replica')}`, 'access logs'],
      ]);
    });

    it('rates a stack moved to another region, and an alert subscription removed, as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const json = stacks.get('deployment-events') as StackJson;
          ((json.provider as { aws: JsonObject[] }).aws[0] as JsonObject).region = 'us-west-2';
          const subscriptions = json.resource?.aws_sns_topic_subscription ?? {};
          delete subscriptions[Object.keys(subscriptions).find((n) => n.startsWith('Topic-acme-deployment-alerts')) as string];
        },
        ['deployment-events'],
      );
      // The labels that resolve a literal eu-west-1 ARN change too: the policies and routes now name what is not in the stack's region.
      expect(findings.filter((f) => f.severity === 'dangerous').map((f) => [f.subject.split(' (')[0], f.change])).toEqual(
        expect.arrayContaining([
          ['stack deployment-events', 'regions changes from eu-west-1, eu-central-1, us-east-1 to us-west-2, eu-central-1, us-east-1'],
          [
            'sns topic subscription Topic-acme-deployment-alerts/Subscription-email-platform-oncall-acme-example-6d816f07',
            'removed: destroyed on apply',
          ],
        ]),
      );
    });

    it('reports a provider that no longer pins its account (allowed_account_ids) as notable', () => {
      const findings = diffBetween(
        () => {},
        (stacks) =>
          void delete (((stacks.get('log-archive') as StackJson).provider as { aws: JsonObject[] }).aws[0] as JsonObject)
            .allowed_account_ids,
        ['log-archive'],
      );
      expect(brief(findings)).toEqual([
        [
          'notable',
          'stack log-archive',
          'allowed_account_ids changes from aws: 345678901234; aws.replica: 345678901234 to aws: not pinned; aws.replica: 345678901234',
        ],
      ]);
    });

    it('rates data encrypted with another key, a key rotated less often, an RCP turned SCP and a StackSet that leaves accounts out as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const sse = resource(stacks, 'log-archive', 'aws_s3_bucket_server_side_encryption_configuration', 'Archive_');
          const rule = (sse.rule as JsonObject[])[0].apply_server_side_encryption_by_default as JsonObject;
          rule.kms_master_key_id = 'arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
          resource(stacks, 'log-archive', 'aws_kms_key', 'Replica_Key').rotation_period_in_days = 2560;
          resource(stacks, 'organization-guardrails', 'aws_organizations_policy', 'Guardrails_PerimeterPolicy').type =
            'SERVICE_CONTROL_POLICY';
          const targets = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_instances', 'Rollout_RegionalInstances')
            .deployment_targets as JsonObject;
          Object.assign(targets, { accounts: ['123456789012'], account_filter_type: 'DIFFERENCE' });
        },
        ['log-archive', 'organization-guardrails', 'deployment-rollout'],
      );
      expect(findings.map((f) => [f.severity, f.change])).toEqual([
        ['dangerous', 'now deployed to fewer accounts: all but account 123456789012'],
        [
          'dangerous',
          'encryption: SSE-KMS, key alias/acme-cloudtrail-archive, bucket key → SSE-KMS, key arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab, bucket key',
        ],
        ['dangerous', 'rotation: yearly → every 2560 days'],
        ['dangerous', 'now a Service control policy instead of a Resource control policy: it applies to other requests'],
      ]);
    });

    it('reads repeated principal types and conditions of an aws_iam_policy_document as the provider merges them', () => {
      const asDocument = (extra: (statements: JsonObject[]) => void) => (stacks: Map<string, StackJson>) => {
        const topic = resource(stacks, 'organization-trail', 'aws_sns_topic_policy', 'Notifications_Policy');
        const statements = (JSON.parse(topic.policy as string).Statement as JsonObject[]).map((x) => ({
          sid: x.Sid,
          effect: x.Effect,
          principals:
            x.Principal === '*'
              ? [{ type: '*', identifiers: ['*'] }]
              : Object.entries(x.Principal as JsonObject).map(([type, ids]) => ({ type, identifiers: ([] as unknown[]).concat(ids) })),
          actions: ([] as unknown[]).concat(x.Action),
          resources: ([] as unknown[]).concat(x.Resource),
          condition: Object.entries((x.Condition ?? {}) as Record<string, JsonObject>).flatMap(([test, keys]) =>
            Object.entries(keys).map(([variable, values]) => ({ test, variable, values: ([] as unknown[]).concat(values) })),
          ),
        }));
        extra(statements);
        (stacks.get('organization-trail') as StackJson).data = { aws_iam_policy_document: { Topic: { statement: statements } } };
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, not a JavaScript template
        topic.policy = '${data.aws_iam_policy_document.Topic.json}';
      };
      const publish = (statements: JsonObject[]) => statements[0] as { principals: JsonObject[]; condition: JsonObject[] };
      const findings = diffBetween(
        asDocument(() => {}),
        asDocument((statements) => {
          publish(statements).principals.unshift({ type: 'Service', identifiers: ['s3.amazonaws.com'] });
          publish(statements).condition.unshift({ test: 'StringEquals', variable: 'aws:SourceArn', values: ['*'] });
        }),
        ['organization-trail'],
      );
      expect(findings.map((f) => [f.severity, f.change])).toEqual([
        ['dangerous', 'Allow `AllowCloudTrailPublishForOurTrails` now also covers principals Service:s3.amazonaws.com'],
        ['dangerous', 'Allow `AllowCloudTrailPublishForOurTrails`: StringEquals aws:SourceArn now also *'],
      ]);
    });

    it('rates what a template reads or shares changed as dangerous: a parameter, its Mappings, a link filter, a replaced log group, a Fn::Sub value', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const regional = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_set', 'Rollout_RegionalStackSet');
          (regional.parameters as JsonObject).ObservabilitySinkArns = 'arn:aws:oam:eu-west-1:999999999999:sink/x';
          const body = JSON.parse(regional.template_body as string);
          body.Mappings.GovernedRegions['eu-west-1'].SinkIndex = '2';
          body.Resources.AgentLogsLink.Properties.LinkConfiguration.LogGroupConfiguration.Filter = "LogGroupName LIKE '%'";
          body.Resources.AgentLogGroup.Properties.LogGroupName = '/elsewhere';
          regional.template_body = JSON.stringify(body);
          const global = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_set', 'Rollout_GlobalStackSet');
          const template = JSON.parse(global.template_body as string);
          const pass = template.Resources.StopActionRole.Properties.Policies[0].PolicyDocument.Statement[1];
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not a JavaScript template
          pass.Resource = { 'Fn::Sub': ['arn:aws:iam::${AWS::AccountId}:role/${Name}', { Name: '*' }] };
          global.template_body = JSON.stringify(template);
        },
        ['deployment-rollout'],
      );
      expect(findings.filter((f) => f.severity === 'dangerous').map((f) => f.change.split(':')[0])).toEqual([
        'Allow `PassRunbookRole` now also covers resources arn',
        'parameter ObservabilitySinkArns changes, and every resource that reads it in every account',
        'Mappings change, and every value Fn',
        'replaced, deleted with its data, in every account it deploys to',
        'changes in every account it deploys to',
      ]);
      expect(findings.find((f) => f.change.startsWith('Allow `PassRunbookRole`'))?.change).toMatch(/:role\/\*$/);
    });

    it('reports resources added to a template, and reads the inline policies of a template IAM user and an inline queue policy', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const global = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_set', 'Rollout_GlobalStackSet');
          const body = JSON.parse(global.template_body as string);
          body.Resources.Operator = {
            Type: 'AWS::IAM::User',
            Properties: {
              UserName: 'operator',
              Policies: [{ PolicyName: 'All', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
            },
          };
          global.template_body = JSON.stringify(body);
        },
        ['deployment-rollout'],
      );
      const regional = diffBetween(
        () => {},
        (stacks) => {
          const set = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_set', 'Rollout_RegionalStackSet');
          const body = JSON.parse(set.template_body as string);
          body.Resources.OpenQueue = {
            Type: 'AWS::SQS::QueueInlinePolicy',
            Properties: {
              Queue: { Ref: 'DeadLetterQueue' },
              PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }] },
            },
          };
          set.template_body = JSON.stringify(body);
        },
        ['deployment-rollout'],
      );
      expect(regional.filter((f) => f.severity === 'dangerous').map((f) => f.change)).toEqual([
        'new SQS queue policy on OpenQueue (AWS::SQS::QueueInlinePolicy) in every stack of StackSet acme-deploy-monitoring-codedeploy-regional with 1 statements, 1 allowing anyone without conditions',
      ]);
      expect(brief(findings)).toEqual([
        [
          'dangerous',
          'IAM identity policy on operator (AWS::IAM::User) in every stack of StackSet acme-deploy-monitoring-codedeploy-global',
          'new IAM identity policy on operator (AWS::IAM::User) in every stack of StackSet acme-deploy-monitoring-codedeploy-global with 1 statements, allowing every action on every resource',
        ],
        [
          'info',
          'StackSet acme-deploy-monitoring-codedeploy-global: Operator (AWS::IAM::User)',
          'added to the template, in every account it deploys to',
        ],
      ]);
    });
  });
});
