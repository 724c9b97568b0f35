import {
  archivalRules,
  classAtExpiration,
  DEFAULT_ARCHIVE_LIFECYCLE,
  describeRetention,
  SMALL_OBJECT_BYTES,
  transitionMinimumObjectSize,
} from '../../modules/archive-lifecycle';

describe('archive lifecycle', () => {
  describe('defaults', () => {
    it('move files of 128 KB or more to Glacier Instant Retrieval at 90 days and Deep Archive at a year, keep logs 7 years', () => {
      expect(DEFAULT_ARCHIVE_LIFECYCLE).toEqual({
        transitions: [
          { storageClass: 'GLACIER_IR', days: 90 },
          { storageClass: 'DEEP_ARCHIVE', days: 365 },
        ],
        expirationDays: 2557,
        noncurrentTransitions: [],
        noncurrentExpirationDays: 90,
        abortIncompleteMultipartUploadDays: 7,
        transitionSmallObjects: false,
      });
    });

    it('treat objects under 128 KiB as small, as S3 does', () => {
      expect(SMALL_OBJECT_BYTES).toBe(131072);
    });
  });

  describe('archivalRules', () => {
    it('transition only objects of 128 KB or more (explicit size filter) and expire the smaller ones in a second rule', () => {
      expect(archivalRules('archive-log-files', 'cloudtrail/AWSLogs/', DEFAULT_ARCHIVE_LIFECYCLE)).toEqual([
        {
          id: 'archive-log-files',
          status: 'Enabled',
          filter: [{ and: [{ prefix: 'cloudtrail/AWSLogs/', objectSizeGreaterThan: 131071 }] }],
          transition: [
            { days: 90, storageClass: 'GLACIER_IR' },
            { days: 365, storageClass: 'DEEP_ARCHIVE' },
          ],
          noncurrentVersionTransition: [],
          expiration: [{ days: 2557 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
        },
        {
          id: 'archive-log-files-small',
          status: 'Enabled',
          filter: [{ and: [{ prefix: 'cloudtrail/AWSLogs/', objectSizeLessThan: 131072 }] }],
          expiration: [{ days: 2557 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
        },
      ]);
    });

    it('filter by size alone when there is no prefix (an And filter needs two predicates)', () => {
      const [large, small] = archivalRules('r', '', DEFAULT_ARCHIVE_LIFECYCLE);
      expect(large.filter).toEqual([{ objectSizeGreaterThan: 131071 }]);
      expect(small.filter).toEqual([{ objectSizeLessThan: 131072 }]);
    });

    it('use one rule for all sizes when small objects transition too', () => {
      const rules = archivalRules('r', 'AWSLogs/', { ...DEFAULT_ARCHIVE_LIFECYCLE, transitionSmallObjects: true });
      expect(rules).toHaveLength(1);
      expect(rules[0].filter).toEqual([{ prefix: 'AWSLogs/' }]);
      expect(rules[0].transition).toHaveLength(2);
    });

    it('move noncurrent versions by their own tiers', () => {
      const [large] = archivalRules('r', 'AWSLogs/', {
        ...DEFAULT_ARCHIVE_LIFECYCLE,
        transitions: [],
        noncurrentTransitions: [{ storageClass: 'DEEP_ARCHIVE', days: 30 }],
        noncurrentExpirationDays: 400,
      });
      expect(large.noncurrentVersionTransition).toEqual([{ noncurrentDays: 30, storageClass: 'DEEP_ARCHIVE' }]);
      expect(large.noncurrentVersionExpiration).toEqual([{ noncurrentDays: 400 }]);
    });
  });

  describe('transitionMinimumObjectSize', () => {
    it("keeps S3's 128 KB threshold by default (the rules filter by size explicitly)", () => {
      expect(transitionMinimumObjectSize(DEFAULT_ARCHIVE_LIFECYCLE)).toBe('all_storage_classes_128K');
    });

    it('lets small objects transition when asked', () => {
      expect(transitionMinimumObjectSize({ ...DEFAULT_ARCHIVE_LIFECYCLE, transitionSmallObjects: true })).toBe('varies_by_storage_class');
    });
  });

  describe('classAtExpiration', () => {
    it('is the last transition before expiry for large objects', () => {
      expect(classAtExpiration(DEFAULT_ARCHIVE_LIFECYCLE, false)).toBe('DEEP_ARCHIVE');
    });

    it('is STANDARD for small objects unless they transition, then only GLACIER or DEEP_ARCHIVE count', () => {
      expect(classAtExpiration(DEFAULT_ARCHIVE_LIFECYCLE, true)).toBe('STANDARD');
      const small = {
        ...DEFAULT_ARCHIVE_LIFECYCLE,
        transitionSmallObjects: true,
        transitions: [{ storageClass: 'GLACIER_IR' as const, days: 90 }],
      };
      expect(classAtExpiration(small, true)).toBe('STANDARD');
    });

    it('ignores transitions on or after the expiration day', () => {
      expect(classAtExpiration({ ...DEFAULT_ARCHIVE_LIFECYCLE, expirationDays: 365 }, false)).toBe('GLACIER_IR');
    });
  });

  describe('describeRetention', () => {
    it('states how long logs are kept, where, how long object lock holds them and when they are deleted', () => {
      expect(describeRetention(DEFAULT_ARCHIVE_LIFECYCLE, { mode: 'GOVERNANCE', retentionDays: 365 })).toBe(
        'retention: log files are current for 2557 days, then kept 90 days as noncurrent versions and deleted (2647 days, about 7.3 years, in all); ' +
          'objects of 128 KB or more move to GLACIER_IR at 90 days, DEEP_ARCHIVE at 365 days; smaller ones (most CloudTrail files) stay in STANDARD; ' +
          'object lock (GOVERNANCE) protects every version for 365 days after it is written',
      );
    });

    it('says when there is no object lock and which tiers small objects reach', () => {
      const text = describeRetention({ ...DEFAULT_ARCHIVE_LIFECYCLE, transitionSmallObjects: true }, undefined);
      expect(text).toContain('smaller ones move only to DEEP_ARCHIVE at 365 days');
      expect(text).toContain('no object lock');
    });
  });
});
