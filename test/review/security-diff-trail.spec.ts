import type { JsonObject, StackJson } from '../../tooling/terraform';
import {
  ALL_S3,
  ARCHIVE,
  basicSelectors,
  brief,
  diffBetween,
  orgTrail,
  selector,
  TRAIL,
  trailDiff,
  useBaseline,
} from './security-diff-support';

useBaseline();

describe('security diff', () => {
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
});
