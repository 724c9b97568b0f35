import { appFromStacks } from '../../tooling/model';
import type { Review } from '../../tooling/review';
import { failReasons, reviewContext } from '../../tooling/review';
import { securityDiff } from '../../tooling/review/diff/security-diff';
import { securityDiffSection } from '../../tooling/review/sections/security-diff';
import type { JsonObject } from '../../tooling/terraform';
import { monitoringStack } from './fixtures';
import { baselineStacks, brief, diffAfter, editPolicy, resource, TRAIL, useBaseline } from './security-diff-support';

useBaseline();

describe('security diff', () => {
  it('finds nothing when nothing changed', () => {
    expect(diffAfter(() => {})).toEqual([]);
  });

  it('rates a removed Deny, a widened exception and a new reader account as dangerous, naming the statement', () => {
    const findings = diffAfter((stacks) =>
      editPolicy(resource(stacks, 'log-archive', 'aws_s3_bucket_policy', 'Archive_Storage_Policy'), 'policy', (statements) =>
        statements
          .filter((s) => s.Sid !== 'DenyLogDeletion')
          .map((s) => {
            if (s.Sid === 'DenyBucketAdministrationExceptAdministrators') {
              const condition = s.Condition as { ArnNotLike: { 'aws:PrincipalArn': string[] } };
              condition.ArnNotLike['aws:PrincipalArn'].push('arn:aws:iam::345678901234:role/Intruder');
            }
            if (s.Sid === 'AllowLogReadersGetLogFiles')
              s.Principal = { AWS: ['arn:aws:iam::456789012345:root', 'arn:aws:iam::999999999999:root'] };
            return s;
          }),
      ),
    );
    const subject = 'S3 bucket policy on bucket acme-cloudtrail-archive-345678901234';
    expect(brief(findings)).toEqual([
      [
        'dangerous',
        subject,
        'Deny `DenyBucketAdministrationExceptAdministrators`: ArnNotLike aws:PrincipalArn now also arn:aws:iam::345678901234:role/Intruder',
      ],
      ['dangerous', subject, 'Allow `AllowLogReadersGetLogFiles` now also covers principals AWS:arn:aws:iam::999999999999:root'],
      ['dangerous', subject, 'Deny statement `DenyLogDeletion` removed'],
    ]);
  });

  it('rates tightening as info: a new Deny, a narrower Allow', () => {
    const findings = diffAfter((stacks) =>
      editPolicy(resource(stacks, 'log-archive', 'aws_s3_bucket_policy', 'Archive_Storage_Policy'), 'policy', (statements) => [
        ...statements.filter((s) => s.Sid !== 'AllowLogReadersListBucket'),
        {
          Sid: 'DenyEverythingElse',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutBucketCors',
          Resource: 'arn:aws:s3:::acme-cloudtrail-archive-345678901234',
        },
      ]),
    );
    expect(findings.map((f) => [f.severity, f.change])).toEqual([
      ['info', 'Deny statement `DenyEverythingElse` added'],
      ['info', 'Allow statement `AllowLogReadersListBucket` removed'],
    ]);
  });

  it('rates weaker object lock, a sooner expiration, shorter log retention, lost prevent_destroy and trail validation as dangerous', () => {
    const findings = diffAfter((stacks) => {
      const lock = resource(stacks, 'log-archive', 'aws_s3_bucket_object_lock_configuration', 'Archive_');
      ((lock.rule as JsonObject).default_retention as JsonObject).days = 30;
      const lifecycle = resource(stacks, 'log-archive', 'aws_s3_bucket_lifecycle_configuration', 'Archive_');
      ((lifecycle.rule as JsonObject[])[1].expiration as JsonObject[])[0].days = 365;
      delete resource(stacks, 'log-archive', 'aws_s3_bucket', 'AccessLogBucket_').lifecycle;
      resource(stacks, 'organization-trail', 'aws_cloudwatch_log_group', 'CloudWatchLogs_').retention_in_days = 30;
      resource(stacks, 'organization-trail', 'aws_cloudtrail', 'Trail').enable_log_file_validation = false;
    });
    expect(findings.every((f) => f.severity === 'dangerous')).toBe(true);
    expect(findings.map((f) => [f.subject, f.change.split(':')[0]])).toEqual([
      [
        'bucket acme-cloudtrail-archive-access-logs-345678901234 (aws_s3_bucket.AccessLogBucket_Storage_Bucket_66EFB31E)',
        'loses prevent_destroy',
      ],
      ['bucket acme-cloudtrail-archive-345678901234', 'object lock default retention shortened from 400 to 30 days'],
      [
        'bucket acme-cloudtrail-archive-345678901234',
        'lifecycle rule `archive-log-files-small` objects now expire at 365 days instead of 2557',
      ],
      ['log group cloudtrail/acme-organization-trail', 'retention shortened'],
      [TRAIL, 'log file validation turned off'],
    ]);
    expect(findings[1].change).toBe(
      'object lock default retention shortened from 400 to 30 days: GOVERNANCE, 400 days default retention → GOVERNANCE, 30 days default retention',
    );
    expect(findings[3].change).toBe('retention shortened: events kept 400 days → events kept 30 days');
  });

  it('rates a removed guardrail, a renamed bucket address and a removed stack as dangerous', () => {
    const findings = diffAfter((stacks) => {
      const guardrails = stacks.get('organization-guardrails')?.resource ?? {};
      const scp = Object.keys(guardrails.aws_organizations_policy).find((n) => n.startsWith('Guardrails_DeliveryPolicy')) as string;
      delete guardrails.aws_organizations_policy[scp];
      const buckets = stacks.get('log-archive')?.resource?.aws_s3_bucket ?? {};
      const replica = Object.keys(buckets).find((n) => n.startsWith('Replica_Storage_Bucket')) as string;
      buckets.RenamedReplica = buckets[replica];
      delete buckets[replica];
      stacks.delete('external-account-678901234567');
    });
    const dangerous = findings.filter((f) => f.severity === 'dangerous').map((f) => [f.stack, f.change.split(':')[0]]);
    expect(dangerous).toEqual(
      expect.arrayContaining([
        ['external-account-678901234567', 'no longer synthesized'],
        ['log-archive', 'address changes to aws_s3_bucket.RenamedReplica'],
        ['organization-guardrails', 'removed'],
        [
          'organization-guardrails',
          expect.stringMatching(/^Service control policy on SCP org-logging-protect-trail-delivery removed with its \d+ Deny statements$/),
        ],
      ]),
    );
  });

  it('reports routes that stop reaching a target and rules that get disabled', () => {
    const before = reviewContext(appFromStacks([{ name: 'monitoring', json: monitoringStack() }]));
    const changed = monitoringStack();
    const rules = changed.resource?.aws_cloudwatch_event_rule ?? {};
    rules.FailedDeployments.event_pattern = JSON.stringify({
      source: ['aws.codedeploy'],
      'detail-type': ['CodeDeploy Deployment State-change Notification'],
      detail: { state: ['FAILURE'] },
    });
    rules.FailedDeployments.state = 'DISABLED';
    const after = reviewContext(appFromStacks([{ name: 'monitoring', json: changed }]));
    // Narrowed states stop notifying the ones left out (STOP here): as dangerous as the rule disabled.
    expect(brief([...securityDiff(before, after).findings])).toEqual([
      ['dangerous', 'event rule failed-deployments', 'states: FAILURE, STOP → FAILURE'],
      ['dangerous', 'event rule failed-deployments', 'enabled: true → false'],
    ]);
  });

  it('rates an alarm that stops notifying as dangerous and a raised threshold as notable', () => {
    const findings = diffAfter((stacks) => {
      const alarms = stacks.get('organization-trail')?.resource?.aws_cloudwatch_metric_alarm ?? {};
      const root = Object.entries(alarms).find(([n]) => n.startsWith('Alarms_RootAccountUsage'))?.[1] as JsonObject;
      root.alarm_actions = [];
      const unauthorized = Object.entries(alarms).find(([n]) => n.startsWith('Alarms_UnauthorizedAPICalls'))?.[1] as JsonObject;
      unauthorized.threshold = 1000;
    });
    expect(brief(findings)).toEqual([
      [
        'dangerous',
        'alarm acme-organization-trail-cis-4.3-root-usage',
        'notifies: arn:aws:sns:eu-west-1:210987654321:acme-organization-trail-alarms → —',
      ],
      [
        'notable',
        'alarm acme-organization-trail-cis-4.1-unauthorized-api-calls',
        'fires when: Sum ≥ 100 over 300 s, 1 period → Sum ≥ 1000 over 300 s, 1 period',
      ],
    ]);
  });

  it('renders a section with the counts and a table, dangerous first', () => {
    const before = reviewContext(appFromStacks(baselineStacks()));
    const section = securityDiffSection(securityDiff(before, before, 'main/cdktf.out'));
    expect(section).toContain('Compared with `main/cdktf.out`: 0 dangerous, 0 notable, 0 info.');
    expect(section).toContain('No differences in stacks, resources, policies or protective settings.');
  });

  it('gives the gate its reasons: dangerous changes, open errors, and checks that could not run (fail closed)', () => {
    const stub = (dangerous: number, checks: Review['checks']) =>
      ({ diff: { counts: { dangerous, notable: 0, info: 0 } }, checks }) as unknown as Review;
    expect(failReasons(stub(2, 'Not run: suppression reason too short'), 'main.out', 'out/review.md')).toEqual([
      '2 dangerous changes against main.out (listed above and in out/review.md)',
      'the security checks did not run (Not run: suppression reason too short), so nothing vouches for this folder',
    ]);
    const clean = { findings: [{ rule: 'R', address: 's/a.b', level: 'warning' }] } as unknown as Review['checks'];
    expect(failReasons(stub(0, clean), 'main.out', 'out/review.md')).toEqual([]);
  });
});
