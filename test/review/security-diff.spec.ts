import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appFromStacks, loadApp, type StackSourceJson } from '../../tooling/model';
import type { Review } from '../../tooling/review';
import { failReasons, reviewContext } from '../../tooling/review';
import { type Finding, securityDiff } from '../../tooling/review/diff/security-diff';
import { securityDiffSection } from '../../tooling/review/sections/security-diff';
import { type JsonObject, type StackJson, SynthesizedOutputError } from '../../tooling/terraform';
import { exampleOutput } from '../support/example-output';
import { monitoringStack } from './fixtures';

let baseline: StackSourceJson[] = [];

beforeAll(() => {
  baseline = loadApp(exampleOutput()).stacks.map((s) => ({ name: s.name, json: s.json }));
}, 60_000);

type Edit = (stacks: Map<string, StackJson>) => void;
let unchanged: ReturnType<typeof reviewContext> | undefined;

/** The diff of the baseline against a copy that `change` edits (stack JSON by name). */
function diffAfter(change: Edit): Finding[] {
  unchanged ??= reviewContext(appFromStacks(baseline));
  return [...securityDiff(unchanged, copyOf(change), 'baseline').findings];
}

/**
 * The diff between two copies of the baseline, each edited first: crafted pairs, for strengthening
 * too. `only` keeps just those stacks on both sides (cheaper when one stack is under test).
 */
function diffBetween(editBefore: Edit, editAfter: Edit, only?: readonly string[]): Finding[] {
  return [...securityDiff(copyOf(editBefore, only), copyOf(editAfter, only), 'baseline').findings];
}

function copyOf(edit: Edit, only?: readonly string[]) {
  const stacks = new Map(baseline.filter((s) => !only || only.includes(s.name)).map((s) => [s.name, structuredClone(s.json)]));
  edit(stacks);
  return reviewContext(appFromStacks([...stacks].map(([name, json]) => ({ name, json }))));
}

/** The diff of the organization trail stack alone against a copy that `change` edits. */
const trailDiff = (change: Edit) => diffBetween(() => {}, change, ['organization-trail']);

/** The one resource of a type in a stack whose logical name starts with `prefix`. */
function resource(stacks: Map<string, StackJson>, stack: string, type: string, prefix: string): JsonObject {
  const all = stacks.get(stack)?.resource?.[type] ?? {};
  const name = Object.keys(all).find((n) => n.startsWith(prefix));
  if (!name) throw new Error(`${stack}: no ${type} ${prefix}*`);
  return all[name];
}

/** Edits the statements of a JSON policy attribute in place. */
function editPolicy(r: JsonObject, attribute: string, edit: (statements: JsonObject[]) => JsonObject[]): void {
  const doc = JSON.parse(r[attribute] as string) as { Statement: JsonObject[] };
  doc.Statement = edit(doc.Statement);
  r[attribute] = JSON.stringify(doc);
}

const brief = (findings: Finding[]) => findings.map((f) => [f.severity, f.subject, f.change]);

const TRAIL = 'trail acme-organization-trail';
const ARCHIVE = 'acme-cloudtrail-archive-345678901234';

/** The organization trail's arguments in a copy. */
const orgTrail = (stacks: Map<string, StackJson>) => resource(stacks, 'organization-trail', 'aws_cloudtrail', 'Trail');

/** The organization trail's advanced selector whose name starts with `name`. */
function selector(stacks: Map<string, StackJson>, name: string): JsonObject & { field_selector: JsonObject[] } {
  const found = (orgTrail(stacks).advanced_event_selector as JsonObject[]).find((s) => String(s.name).startsWith(name));
  if (!found) throw new Error(`no selector ${name}`);
  return found as JsonObject & { field_selector: JsonObject[] };
}

/** Replaces the organization trail's selectors with basic ones. */
function basicSelectors(stacks: Map<string, StackJson>, selectors: JsonObject[]): void {
  const trail = orgTrail(stacks);
  delete trail.advanced_event_selector;
  trail.event_selector = selectors;
}

const ALL_S3 = { type: 'AWS::S3::Object', values: ['arn:aws:s3'] };

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

  describe('what the trail records, in sentences', () => {
    it.each<[string, (stacks: Map<string, StackJson>) => void, string]>([
      [
        'management events All to WriteOnly',
        (stacks) => selector(stacks, 'Management').field_selector.push({ field: 'readOnly', equals: ['false'] }),
        'management events narrowed from read and write to write only',
      ],
      [
        'management events All to ReadOnly',
        (stacks) => selector(stacks, 'Management').field_selector.push({ field: 'readOnly', equals: ['true'] }),
        'management events narrowed from read and write to read only',
      ],
      [
        'management events dropped (None)',
        (stacks) => {
          const trail = orgTrail(stacks);
          trail.advanced_event_selector = (trail.advanced_event_selector as JsonObject[]).filter(
            (s) => !String(s.name).startsWith('Management'),
          );
        },
        'management events no longer recorded',
      ],
      [
        'an event source excluded from management events (advanced)',
        (stacks) =>
          selector(stacks, 'Management').field_selector.push({
            field: 'eventSource',
            not_equals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'],
          }),
        'management events no longer recorded for calls to `kms.amazonaws.com`, `rdsdata.amazonaws.com`',
      ],
      [
        'a data event selector removed',
        (stacks) => {
          const trail = orgTrail(stacks);
          trail.advanced_event_selector = (trail.advanced_event_selector as JsonObject[]).filter(
            (s) => !String(s.name).startsWith('Lambda'),
          );
        },
        'Lambda invocation data events no longer recorded',
      ],
      [
        'data events narrowed by another excluded prefix',
        (stacks) => {
          const arn = selector(stacks, 'S3 object').field_selector.find((f) => f.field === 'resources.ARN') as {
            not_starts_with: string[];
          };
          arn.not_starts_with.push('arn:aws:s3:::payments-ledger/');
        },
        'S3 object data events no longer recorded for ARNs starting with `arn:aws:s3:::payments-ledger/`',
      ],
      [
        'data events narrowed to reads (advanced readOnly)',
        (stacks) => selector(stacks, 'S3 object').field_selector.push({ field: 'readOnly', equals: ['true'] }),
        'S3 object data events narrowed from read and write to read only',
      ],
      [
        'data events narrowed to some event names (advanced field selector)',
        (stacks) => selector(stacks, 'Lambda').field_selector.push({ field: 'eventName', equals: ['Invoke'] }),
        'Lambda invocation data events now recorded only for `Invoke` calls',
      ],
      [
        'an Insights type dropped',
        (stacks) => {
          orgTrail(stacks).insight_selector = [{ insight_type: 'ApiCallRateInsight' }];
        },
        'Insights `ApiErrorRateInsight` turned off',
      ],
      [
        'multi-region turned off',
        (stacks) => {
          orgTrail(stacks).is_multi_region_trail = false;
        },
        'no longer multi-region: events in the other regions are not recorded',
      ],
      [
        'global service events turned off',
        (stacks) => {
          orgTrail(stacks).include_global_service_events = false;
        },
        'global service events (IAM, STS, CloudFront) no longer recorded',
      ],
      [
        'log file validation turned off',
        (stacks) => {
          orgTrail(stacks).enable_log_file_validation = false;
        },
        'log file validation turned off: no digest files prove the log files unaltered',
      ],
      [
        'logging stopped',
        (stacks) => {
          orgTrail(stacks).enable_logging = false;
        },
        'logging stopped (`enable_logging = false`): the trail records nothing',
      ],
      [
        'no longer an organization trail',
        (stacks) => {
          orgTrail(stacks).is_organization_trail = false;
        },
        'no longer an organization trail: the member accounts’ events are not recorded',
      ],
      [
        'CloudWatch Logs delivery removed',
        (stacks) => void delete orgTrail(stacks).cloud_watch_logs_group_arn,
        'no longer delivers to CloudWatch Logs: the metric filters and alarms there see nothing: `arn:aws:logs:eu-west-1:210987654321:log-group:cloudtrail/acme-organization-trail:*` → `—`',
      ],
    ])('rates %s as dangerous, in one sentence', (_, edit, sentence) => {
      const findings = trailDiff(edit);
      expect(brief(findings)).toEqual([['dangerous', TRAIL, sentence]]);
      expect(findings[0].stack).toBe('organization-trail');
    });

    it('rates Insights turned off entirely as one dangerous finding per type', () => {
      const findings = trailDiff((stacks) => void delete orgTrail(stacks).insight_selector);
      expect(brief(findings)).toEqual([
        ['dangerous', TRAIL, 'Insights `ApiCallRateInsight` turned off'],
        ['dangerous', TRAIL, 'Insights `ApiErrorRateInsight` turned off'],
      ]);
    });

    describe('basic event selectors', () => {
      const all = { read_write_type: 'All', include_management_events: true, data_resource: [ALL_S3] };

      it('reads a basic selector that records what the advanced ones did as no change', () => {
        const findings = diffBetween(
          (stacks) => basicSelectors(stacks, [all]),
          (stacks) => {
            const trail = orgTrail(stacks);
            trail.advanced_event_selector = (trail.advanced_event_selector as JsonObject[])
              .filter((s) => !String(s.name).startsWith('Lambda'))
              .map((s) => ({ ...s, field_selector: (s.field_selector as JsonObject[]).filter((f) => f.field !== 'resources.ARN') }));
          },
          ['organization-trail'],
        );
        expect(findings).toEqual([]);
      });

      it.each<[string, JsonObject, string[]]>([
        ['include_management_events false', { ...all, include_management_events: false }, ['management events no longer recorded']],
        [
          'read_write_type All to ReadOnly',
          { ...all, read_write_type: 'ReadOnly' },
          [
            'management events narrowed from read and write to read only',
            'S3 object data events narrowed from read and write to read only',
          ],
        ],
        [
          'read_write_type All to WriteOnly',
          { ...all, read_write_type: 'WriteOnly' },
          [
            'management events narrowed from read and write to write only',
            'S3 object data events narrowed from read and write to write only',
          ],
        ],
        [
          'exclude_management_event_sources kms.amazonaws.com',
          { ...all, exclude_management_event_sources: ['kms.amazonaws.com'] },
          ['management events no longer recorded for calls to `kms.amazonaws.com`'],
        ],
        [
          'data resource values narrowed to one bucket',
          { ...all, data_resource: [{ type: 'AWS::S3::Object', values: [`arn:aws:s3:::${ARCHIVE}/`] }] },
          [`S3 object data events now recorded only for ARNs starting with \`arn:aws:s3:::${ARCHIVE}/\``],
        ],
        ['data resource removed', { ...all, data_resource: [] }, ['S3 object data events no longer recorded']],
      ])('rates %s as dangerous', (_, after, sentences) => {
        const findings = diffBetween(
          (stacks) => basicSelectors(stacks, [all]),
          (stacks) => basicSelectors(stacks, [after]),
          ['organization-trail'],
        );
        expect(brief(findings)).toEqual(sentences.map((s) => ['dangerous', TRAIL, s]));
      });

      it('rates another bucket dropped from a list of prefixes as dangerous, one covered by a shorter prefix as nothing', () => {
        const two = {
          ...all,
          data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::a/', 'arn:aws:s3:::b/', 'arn:aws:s3:::b/logs/'] }],
        };
        const findings = diffBetween(
          (stacks) => basicSelectors(stacks, [two]),
          (stacks) => basicSelectors(stacks, [{ ...two, data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::b/'] }] }]),
          ['organization-trail'],
        );
        expect(brief(findings)).toEqual([
          ['dangerous', TRAIL, 'S3 object data events no longer recorded for ARNs starting with `arn:aws:s3:::a/`'],
        ]);
      });
    });

    it('rates recording more as info: reads and writes again, a source no longer excluded, Insights and a selector added', () => {
      const findings = diffBetween(
        (stacks) => {
          basicSelectors(stacks, [{ read_write_type: 'WriteOnly', exclude_management_event_sources: ['kms.amazonaws.com'] }]);
          orgTrail(stacks).insight_selector = [];
        },
        (stacks) => {
          basicSelectors(stacks, [{ read_write_type: 'All', data_resource: [ALL_S3] }]);
          orgTrail(stacks).insight_selector = [{ insight_type: 'ApiCallRateInsight' }];
        },
        ['organization-trail'],
      );
      expect(brief(findings)).toEqual([
        ['info', TRAIL, 'management events widened from write only to read and write'],
        ['info', TRAIL, 'management events recorded again for calls to `kms.amazonaws.com`'],
        ['info', TRAIL, 'S3 object data events now recorded'],
        ['info', TRAIL, 'Insights `ApiCallRateInsight` turned on'],
      ]);
    });

    it('says every trail change in words, never as selector JSON', () => {
      const findings = trailDiff((stacks) => {
        selector(stacks, 'Management').field_selector.push({ field: 'readOnly', equals: ['false'] });
        selector(stacks, 'S3 object').field_selector.push({ field: 'eventName', not_equals: ['GetObject'] });
      });
      expect(findings.length).toBe(2);
      for (const f of findings) expect(f.change).not.toMatch(/field_selector|[{}[\]]/);
    });
  });

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

    it('rates a route that matches other events, sits on another bus or gives its target a fixed input as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const rule = (prefix: string) => resource(stacks, 'deployment-events', 'aws_cloudwatch_event_rule', prefix);
          const notify = rule('Bus_Route-failures_Rule-deployment-notify');
          notify.event_pattern = JSON.stringify({ ...JSON.parse(notify.event_pattern as string), source: ['aws.nothing'] });
          const status = rule('Bus_Route-status_Rule-data');
          status.event_pattern = JSON.stringify({ ...JSON.parse(status.event_pattern as string), account: ['000000000000'] });
          rule('Bus_Route-checkout-prod-failures_Rule-data').event_bus_name = 'default';
          resource(stacks, 'deployment-events', 'aws_cloudwatch_event_target', 'Bus_Route-failures_Target-data-chat').input = '{}';
        },
        ['deployment-events'],
      );
      expect(findings.map((f) => [f.severity, f.subject, f.change.split(':')[0]])).toEqual([
        ['dangerous', 'event rule checkout-prod-failures-data', 'bus'],
        ['dangerous', 'event rule failures-deployment-notify', 'events'],
        ['dangerous', 'event rule status-data', 'filters'],
        ['dangerous', 'event rule failures-data', 'target chat (Lambda acme-deployment-chat-notifier)'],
      ]);
    });

    it('rates an output another stack reads, and a remote state read pointed elsewhere, as dangerous', () => {
      const only = ['deployment-events', 'deployment-rollout'];
      const sinks = diffBetween(
        () => {},
        (stacks) => {
          const events = stacks.get('deployment-events') as StackJson & { output: Record<string, { value: Record<string, string> }> };
          const arns = events.output.observability_sink_arns.value;
          for (const region of Object.keys(arns)) arns[region] = `arn:aws:oam:${region}:999999999999:sink/x`;
        },
        only,
      );
      expect(sinks.map((f) => [f.severity, f.subject, f.change.replace(/`[^`]*`/g, '…')])).toEqual([
        ['dangerous', 'output observability_sink_arns', 'changes from … to …: stack deployment-rollout reads it'],
      ]);
      const elsewhere = diffBetween(
        () => {},
        (stacks) => {
          const reads = (stacks.get('deployment-rollout') as { data: { terraform_remote_state: Record<string, { config: JsonObject }> } })
            .data.terraform_remote_state;
          reads.DeploymentEventsState.config.key = 'org-logging/other.tfstate';
        },
        only,
      );
      expect(elsewhere.filter((f) => f.subject.startsWith('remote state')).map((f) => [f.severity, f.change])).toEqual([
        [
          'dangerous',
          'reads another state: s3://acme-terraform-state-210987654321/org-logging/deployment-events.tfstate → s3://acme-terraform-state-210987654321/org-logging/other.tfstate',
        ],
      ]);
    });

    it('rates what runs with the deployment credentials as dangerous: a provisioner, an external program, another provider plugin or endpoint', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const json = stacks.get('log-archive') as StackJson & {
            provider: { aws: JsonObject[] };
            terraform: { required_providers: { aws: JsonObject } };
          };
          json.terraform.required_providers.aws.source = 'evil-corp/aws';
          json.provider.aws[0].endpoints = [{ s3: 'https://s3.evil.example' }];
          json.data = { external: { Probe: { program: ['sh', '-c', 'env'] } } };
          resource(stacks, 'log-archive', 'aws_s3_bucket_versioning', 'Archive_').provisioner = [
            { 'local-exec': { command: 'aws s3 rm s3://acme-cloudtrail-archive-345678901234 --recursive' } },
          ];
        },
        ['log-archive'],
      );
      expect(findings.map((f) => [f.severity, f.change.split(':')[0]])).toEqual([
        ['dangerous', 'provider aws now from evil-corp/aws instead of hashicorp/aws'],
        ['dangerous', 'provider aws settings now {"endpoints"'],
        ['dangerous', 'provisioner local-exec'],
        ['dangerous', 'runs a program at plan'],
      ]);
      // A new stack whose providers the baseline already uses runs nothing new.
      const added = diffBetween(
        () => {},
        (stacks) => void stacks.set('log-archive-copy', structuredClone(stacks.get('log-archive') as StackJson)),
        ['log-archive'],
      );
      expect(added.filter((f) => f.stack === 'log-archive-copy' && /^(provider|provisioner|runs|fetches)/.test(f.change))).toEqual([]);
      expect(added.some((f) => f.stack === 'log-archive-copy')).toBe(true);
    });

    it('rates grants that are no policy document as dangerous: a managed policy attached, a delegated administrator, an access key', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const logArchive = stacks.get('log-archive')?.resource ?? {};
          resource(stacks, 'log-archive', 'aws_iam_role', 'Replica_ReplicationRole').managed_policy_arns = [
            'arn:aws:iam::aws:policy/AdministratorAccess',
          ];
          logArchive.aws_iam_user = { Operator: { name: 'operator' } };
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, not a JavaScript template
          logArchive.aws_iam_access_key = { Operator: { user: '${aws_iam_user.Operator.name}' } };
          (stacks.get('organization-guardrails')?.resource ?? {}).aws_organizations_delegated_administrator = {
            Trail: { account_id: '999999999999', service_principal: 'cloudtrail.amazonaws.com' },
          };
        },
        ['log-archive', 'organization-guardrails'],
      );
      expect(findings.filter((f) => f.severity === 'dangerous').map((f) => f.change)).toEqual([
        'user operator gets an access key',
        'gains managed policy arn:aws:iam::aws:policy/AdministratorAccess',
        'account 999999999999 becomes a delegated administrator of cloudtrail.amazonaws.com for the organization',
      ]);
    });

    it('rates an alert subscription filtered, a notifier with no concurrency and an archive keeping other events as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          resource(stacks, 'deployment-events', 'aws_sns_topic_subscription', 'Topic-acme-deployment-alerts').filter_policy =
            JSON.stringify({
              nothing: ['x'],
            });
          resource(stacks, 'deployment-events', 'aws_lambda_function', 'ChatNotifier_Function').reserved_concurrent_executions = 0;
          resource(stacks, 'deployment-events', 'aws_cloudwatch_event_archive', 'Bus_Archive').event_pattern = JSON.stringify({
            source: ['aws.nothing'],
          });
        },
        ['deployment-events'],
      );
      expect(findings.map((f) => [f.severity, f.subject.split(' ')[0], f.change.split(':')[0]])).toEqual([
        ['dangerous', 'event', 'keeps'],
        ['dangerous', 'subscription', 'filter policy'],
        ['dangerous', 'function', 'runs'],
      ]);
    });

    it('rates a new policy on a resource the baseline had, renamed and widened, as dangerous, and renamed alone as notable', () => {
      const renamed = (widen: boolean) =>
        diffBetween(
          () => {},
          (stacks) => {
            const policies = stacks.get('log-archive')?.resource?.aws_iam_role_policy ?? {};
            const name = Object.keys(policies).find((n) => n.startsWith('Replica_ReplicationPolicy')) as string;
            const policy = policies[name];
            delete policies[name];
            if (widen) editPolicy(policy, 'policy', (statements) => [...statements, { Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
            policies.ReplicationPolicyV2 = policy;
          },
          ['log-archive'],
        ).filter((f) => f.subject.startsWith('IAM identity policy') && f.change.startsWith('new'));
      expect(renamed(true).map((f) => [f.severity, f.change.split(', ')[1]])).toEqual([
        [
          'dangerous',
          "grants role acme-cloudtrail-archive-replica-345678901234-replication what the baseline's policies of this kind on it did not",
        ],
      ]);
      expect(renamed(false).map((f) => f.severity)).toEqual(['notable']);
      const computed = diffBetween(
        () => {},
        (stacks) => {
          const policies = stacks.get('log-archive')?.resource?.aws_iam_role_policy ?? {};
          policies.Extra = {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
            role: '${lower("ACME-CLOUDTRAIL-ARCHIVE-REPLICA-345678901234-REPLICATION")}',
            policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${ARCHIVE}/*` }] }),
          };
        },
        ['log-archive'],
      );
      expect(computed.filter((f) => f.severity === 'dangerous').map((f) => f.change.split(', ')[1])).toEqual([
        'on a resource only an apply can name',
      ]);
    });

    it('rates an argument that became a Terraform expression as dangerous: the review reads literals', () => {
      // biome-ignore-start lint/suspicious/noTemplateCurlyInString: Terraform expressions, not JavaScript templates
      const findings = diffBetween(
        () => {},
        (stacks) => {
          resource(stacks, 'log-archive', 'aws_s3_bucket', 'Archive_Storage_Bucket').force_destroy = '${true}';
          resource(stacks, 'log-archive', 'aws_kms_key', 'ArchiveKey_').deletion_window_in_days = '${7}';
          // A literal turned into a reference to another resource's attribute: only an apply knows it.
          resource(stacks, 'log-archive', 'aws_kms_key', 'Replica_Key').rotation_period_in_days = '${aws_sns_topic.T.delivery_policy}';
        },
        ['log-archive'],
      );
      expect(findings.map((f) => [f.severity, f.subject, f.change])).toEqual([
        [
          'dangerous',
          'aws_kms_key.ArchiveKey_5C51534B',
          'now computed at apply, so the review cannot read deletion_window_in_days: `${7}`',
        ],
        [
          'dangerous',
          'aws_kms_key.Replica_Key_D2F1A450',
          'now computed at apply, so the review cannot read rotation_period_in_days: `${aws_sns_topic.T.delivery_policy}`',
        ],
        [
          'dangerous',
          'aws_s3_bucket.Archive_Storage_Bucket_849FA8FD',
          'now computed at apply, so the review cannot read force_destroy: `${true}`',
        ],
      ]);
      // biome-ignore-end lint/suspicious/noTemplateCurlyInString: Terraform expressions, not JavaScript templates
    });

    it('rates a resource moved to another provider (region or account) as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => void Object.assign(resource(stacks, 'log-archive', 'aws_kms_key', 'ArchiveKey_'), { provider: 'aws.replica' }),
        ['log-archive'],
      );
      expect(brief(findings)).toEqual([
        [
          'dangerous',
          'key alias/acme-cloudtrail-archive (aws_kms_key.ArchiveKey_5C51534B)',
          'now through provider aws.replica (345678901234, eu-central-1) instead of aws (345678901234, eu-west-1)',
        ],
      ]);
    });

    it('refuses a manifest that points a stack at another file than the one Terraform applies, and rates an unlisted stack folder as dangerous', () => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'review-manifest-'));
      fs.cpSync(exampleOutput(), copy, { recursive: true });
      const manifestFile = path.join(copy, 'manifest.json');
      const original = fs.readFileSync(manifestFile, 'utf8');
      const manifest = JSON.parse(original) as { stacks: Record<string, JsonObject> };
      // The manifest sends the review to an untouched copy, while Terraform applies stacks/log-archive.
      fs.mkdirSync(path.join(copy, 'decoy'));
      fs.copyFileSync(path.join(copy, 'stacks', 'log-archive', 'cdk.tf.json'), path.join(copy, 'decoy', 'log-archive.json'));
      manifest.stacks['log-archive'].synthesizedStackPath = 'decoy/log-archive.json';
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      expect(() => loadApp(copy)).toThrow(SynthesizedOutputError);
      expect(() => loadApp(copy)).toThrow(
        /stack log-archive has workingDirectory "stacks\/log-archive" and synthesizedStackPath "decoy\/log-archive.json", not stacks\/log-archive/,
      );
      manifest.stacks['log-archive'].workingDirectory = 'decoy';
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      expect(() => loadApp(copy)).toThrow(/stack log-archive has workingDirectory "decoy"/);
      const unlisted = JSON.parse(original) as { stacks: Record<string, JsonObject & { dependencies?: string[] }> };
      delete unlisted.stacks['audit-queries'];
      fs.writeFileSync(manifestFile, JSON.stringify(unlisted));
      const findings = securityDiff(reviewContext(loadApp(exampleOutput())), reviewContext(loadApp(copy))).findings;
      expect(findings.filter((f) => f.subject === 'stack folder audit-queries').map((f) => [f.severity, f.change])).toEqual([
        ['dangerous', 'not listed in manifest.json, so not reviewed: remove it, or synthesize again so the manifest lists it'],
      ]);
      fs.rmSync(copy, { recursive: true, force: true });
    });

    it('rates a template macro added (Transform, AWS::Include) as dangerous: CloudFormation deploys its output, not the text reviewed', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const set = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_set', 'Rollout_RegionalStackSet');
          const body = JSON.parse(set.template_body as string);
          body.Transform = ['AttackerMacro'];
          set.template_body = JSON.stringify(body);
        },
        ['deployment-rollout'],
      );
      expect(findings.map((f) => [f.severity, f.change])).toEqual([
        ['dangerous', 'macros change (Transform, Fn::Transform): [["AttackerMacro"]]; CloudFormation deploys their output, not this text'],
      ]);
    });

    it('rates a new role that an account foreign to the baseline may assume as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const resources = stacks.get('log-archive')?.resource ?? {};
          resources.aws_iam_role.Auditor = {
            name: 'acme-auditor',
            assume_role_policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }],
            }),
          };
        },
        ['log-archive'],
      );
      expect(brief(findings)).toEqual([
        [
          'dangerous',
          'IAM role trust policy on role acme-auditor',
          'new IAM role trust policy on role acme-auditor with 1 statements, Allow to accounts the baseline names nowhere: 999999999999',
        ],
        ['info', 'role acme-auditor (aws_iam_role.Auditor)', 'added'],
      ]);
    });
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
    const before = reviewContext(appFromStacks(baseline));
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
