/**
 * Which lifecycle rule an object of a given key and size falls under, and which transitions S3
 * really applies to it: size filters, the 128 KB default minimum and its `varies_by_storage_class`
 * variant, prefixes, tags and disabled rules. The lifecycle below is the example archive's, as
 * synthesized.
 */
import { parseLifecycle, placement } from '../../tooling/review/cost/lifecycle';

const ARCHIVE_LIFECYCLE = {
  rule: [
    {
      expiration: [{ days: 2557 }],
      filter: [{ and: [{ object_size_greater_than: 131071, prefix: 'cloudtrail/AWSLogs/' }] }],
      id: 'archive-log-files',
      noncurrent_version_expiration: [{ noncurrent_days: 365 }],
      noncurrent_version_transition: [],
      status: 'Enabled',
      transition: [
        { days: 30, storage_class: 'STANDARD_IA' },
        { days: 90, storage_class: 'GLACIER_IR' },
        { days: 365, storage_class: 'DEEP_ARCHIVE' },
      ],
    },
    {
      expiration: [{ days: 2557 }],
      filter: [{ and: [{ object_size_less_than: 131072, prefix: 'cloudtrail/AWSLogs/' }] }],
      id: 'archive-log-files-small',
      noncurrent_version_expiration: [{ noncurrent_days: 365 }],
      status: 'Enabled',
    },
    {
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      expiration: [{ expired_object_delete_marker: true }],
      filter: [{ prefix: '' }],
      id: 'bucket-hygiene',
      status: 'Enabled',
    },
  ],
  transition_default_minimum_object_size: 'all_storage_classes_128K',
};

const KEY = 'cloudtrail/AWSLogs/o-7k3m9p2x4q/111111111111/CloudTrail/eu-west-1/2026/11/22/file.json.gz';
const object = (bytes: number, key = KEY) => ({ key, bytes, initialClass: 'STANDARD' as const, versioned: true, lockDays: 400 });

describe('cost lifecycle', () => {
  const lifecycle = parseLifecycle(ARCHIVE_LIFECYCLE);

  it('reads rules with their filters, transitions and expirations', () => {
    expect(lifecycle.defaultMinimumSize).toBe('all_storage_classes_128K');
    expect(lifecycle.rules.map((r) => [r.id, r.prefix, r.sizeGreaterThan, r.sizeLessThan, r.transitions.length, r.expirationDays])).toEqual(
      [
        ['archive-log-files', 'cloudtrail/AWSLogs/', 131071, undefined, 3, 2557],
        ['archive-log-files-small', 'cloudtrail/AWSLogs/', undefined, 131072, 0, 2557],
        ['bucket-hygiene', '', undefined, undefined, 0, undefined],
      ],
    );
  });

  it('sends a 30 KB log file to the small-file rule: no transition, expired at 2557 days, kept 365 more as a noncurrent version', () => {
    expect(placement(lifecycle, object(30 * 1024))).toEqual({
      path: {
        initialClass: 'STANDARD',
        versioned: true,
        lockDays: 400,
        transitions: [],
        expirationDays: 2557,
        noncurrentDays: 365,
        noncurrentTransitions: [],
      },
      rule: 'archive-log-files-small',
      skipped: [],
      overlapping: [],
    });
  });

  it('sends a 128 KB file (one byte above the filter) through every tier', () => {
    const p = placement(lifecycle, object(128 * 1024));
    expect(p.rule).toBe('archive-log-files');
    expect(p.path.transitions).toEqual([
      { storageClass: 'STANDARD_IA', days: 30 },
      { storageClass: 'GLACIER_IR', days: 90 },
      { storageClass: 'DEEP_ARCHIVE', days: 365 },
    ]);
  });

  it('applies no rule to an object outside the prefix, so it stays in its first class for ever', () => {
    const p = placement(lifecycle, object(30 * 1024, 'other/file.json.gz'));
    expect(p.rule).toBeUndefined();
    expect(p.path).toMatchObject({ transitions: [] });
    expect(p.path.expirationDays).toBeUndefined();
  });

  describe('the default minimum object size of rules without a size filter', () => {
    const unfiltered = (mode: string) =>
      parseLifecycle({
        rule: [
          {
            id: 'tiers',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            transition: [
              { days: 30, storage_class: 'STANDARD_IA' },
              { days: 120, storage_class: 'GLACIER' },
            ],
            expiration: [{ days: 400 }],
          },
        ],
        transition_default_minimum_object_size: mode,
      });

    it('moves no object under 128 KB anywhere by default (all_storage_classes_128K)', () => {
      const p = placement(unfiltered('all_storage_classes_128K'), object(64 * 1024));
      expect(p.path.transitions).toEqual([]);
      expect(p.skipped).toEqual([
        { storageClass: 'STANDARD_IA', days: 30 },
        { storageClass: 'GLACIER', days: 120 },
      ]);
    });

    it('moves small objects only to Glacier and Deep Archive with varies_by_storage_class', () => {
      const p = placement(unfiltered('varies_by_storage_class'), object(64 * 1024));
      expect(p.path.transitions).toEqual([{ storageClass: 'GLACIER', days: 120 }]);
      expect(p.skipped).toEqual([{ storageClass: 'STANDARD_IA', days: 30 }]);
    });

    it('moves objects of 128 KB or more through every tier in either mode', () => {
      expect(placement(unfiltered('all_storage_classes_128K'), object(128 * 1024)).path.transitions).toHaveLength(2);
    });

    it('takes S3 default (all_storage_classes_128K) when the configuration does not say', () => {
      expect(parseLifecycle({ rule: [] }).defaultMinimumSize).toBe('all_storage_classes_128K');
    });
  });

  it('skips disabled rules and rules filtered by tags (CloudTrail writes none), and names other matching rules', () => {
    const p = placement(
      parseLifecycle({
        rule: [
          { id: 'off', status: 'Disabled', filter: [{ prefix: '' }], expiration: [{ days: 1 }] },
          { id: 'tagged', status: 'Enabled', filter: [{ tag: [{ key: 'k', value: 'v' }] }], expiration: [{ days: 2 }] },
          { id: 'first', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: 3 }] },
          { id: 'second', status: 'Enabled', filter: [{ prefix: 'cloudtrail/' }], expiration: [{ days: 4 }] },
        ],
      }),
      object(1024),
    );
    expect([p.rule, p.path.expirationDays, p.overlapping]).toEqual(['first', 3, ['second']]);
  });
});
