import type { JsonObject, StackJson } from '../../tooling/terraform';
import { ARCHIVE, brief, diffAfter, diffBetween, resource, useBaseline } from './security-diff-support';

useBaseline();

describe('security diff', () => {
  describe('retention anywhere', () => {
    it('rates object lock COMPLIANCE to GOVERNANCE, and years shortened, as dangerous', () => {
      const lock = (stacks: Map<string, StackJson>) =>
        (resource(stacks, 'log-archive', 'aws_s3_bucket_object_lock_configuration', 'Archive_').rule as JsonObject)
          .default_retention as JsonObject;
      const findings = diffBetween(
        (stacks) => Object.assign(lock(stacks), { mode: 'COMPLIANCE', days: undefined, years: 2 }),
        (stacks) => Object.assign(lock(stacks), { mode: 'GOVERNANCE', days: undefined, years: 1 }),
        ['log-archive'],
      );
      expect(brief(findings)).toEqual([
        [
          'dangerous',
          `bucket ${ARCHIVE}`,
          'object lock mode weakened from COMPLIANCE to GOVERNANCE: COMPLIANCE, 2 years default retention → GOVERNANCE, 1 years default retention',
        ],
        [
          'dangerous',
          `bucket ${ARCHIVE}`,
          'object lock default retention shortened from 730 to 365 days: COMPLIANCE, 2 years default retention → GOVERNANCE, 1 years default retention',
        ],
      ]);
    });

    it('rates a lifecycle filter that now reaches more objects, and a new expiring rule, as dangerous', () => {
      const findings = diffAfter((stacks) => {
        const lifecycle = resource(stacks, 'log-archive', 'aws_s3_bucket_lifecycle_configuration', 'Archive_');
        const rules = lifecycle.rule as JsonObject[];
        // The large-object rule loses its size filter: it now expires the small files too (same days).
        const large = rules.find((r) => r.id === 'archive-log-files') as JsonObject;
        large.filter = [{ prefix: 'cloudtrail/AWSLogs/' }];
        rules.push({ id: 'tidy-up', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: 90 }] });
      });
      expect(findings.map((f) => [f.severity, f.change.split(':')[0]])).toEqual([
        ['dangerous', 'lifecycle rule `archive-log-files` it now deletes objects its filter did not match before'],
        ['dangerous', 'lifecycle rule `tidy-up` added'],
      ]);
    });

    it('rates shorter retention of the bus archive, a queue and the log group (from never expiring), and a shorter key deletion window, as dangerous', () => {
      const findings = diffAfter((stacks) => {
        resource(stacks, 'deployment-events', 'aws_cloudwatch_event_archive', 'Bus_Archive').retention_days = 30;
        resource(stacks, 'deployment-events', 'aws_sqs_queue', 'Queue-acme-deployment-events_Queue').message_retention_seconds = 3600;
        resource(stacks, 'deployment-events', 'aws_kms_key', 'Bus_Key').deletion_window_in_days = 7;
      });
      expect(brief(findings)).toEqual([
        ['dangerous', 'key alias/events/acme-deployment-events', 'deletion window: 30 days → 7 days'],
        ['dangerous', 'event archive acme-deployment-events', 'retention shortened: events kept 90 days → events kept 30 days'],
        ['dangerous', 'SQS queue acme-deployment-events', 'retention shortened: messages kept 14 days → messages kept 1 hour'],
      ]);
      const never = diffBetween((stacks) =>
        void delete resource(stacks, 'organization-trail', 'aws_cloudwatch_log_group', 'CloudWatchLogs_').retention_in_days, () => {}, [
        'organization-trail',
      ]);
      expect(brief(never)).toEqual([
        ['dangerous', 'log group cloudtrail/acme-organization-trail', 'retention shortened: never expire → events kept 400 days'],
      ]);
    });

    it('rates a shorter retention inside a StackSet template (every member account) as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const set = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_set', 'Rollout_RegionalStackSet');
          set.template_body = (set.template_body as string).replace(
            /("AgentLogGroup":\{"Type":"AWS::Logs::LogGroup","Properties":\{[^}]*"RetentionInDays":)30/,
            '$17',
          );
        },
        ['deployment-rollout'],
      );
      expect(brief(findings)).toEqual([
        [
          'dangerous',
          'StackSet acme-deploy-monitoring-codedeploy-regional: AgentLogGroup (AWS::Logs::LogGroup)',
          'retention shortened in every account it deploys to: events kept 30 days → events kept 7 days',
        ],
      ]);
    });

    it('rates longer retention, a stronger lock and a later expiration as info, not dangerous', () => {
      const findings = diffAfter((stacks) => {
        resource(stacks, 'organization-trail', 'aws_cloudwatch_log_group', 'CloudWatchLogs_').retention_in_days = 731;
        const lock = (resource(stacks, 'log-archive', 'aws_s3_bucket_object_lock_configuration', 'Archive_').rule as JsonObject)
          .default_retention as JsonObject;
        Object.assign(lock, { mode: 'COMPLIANCE', days: 500 });
        const lifecycle = resource(stacks, 'log-archive', 'aws_s3_bucket_lifecycle_configuration', 'Archive_');
        (((lifecycle.rule as JsonObject[])[1].expiration as JsonObject[])[0] as JsonObject).days = 3000;
      });
      expect(findings.map((f) => f.severity)).toEqual(['info', 'info', 'info']);
      expect(findings.some((f) => f.severity === 'dangerous')).toBe(false);
    });
  });
});
