import { archivalRule, DEFAULT_ARCHIVE_LIFECYCLE, transitionMinimumObjectSize } from '../../modules/archive-lifecycle';

describe('archive lifecycle', () => {
  describe('defaults', () => {
    it('move log files to Glacier Instant Retrieval at 90 days and Deep Archive at a year, keep them 7 years', () => {
      expect(DEFAULT_ARCHIVE_LIFECYCLE).toEqual({
        transitions: [
          { storageClass: 'GLACIER_IR', days: 90 },
          { storageClass: 'DEEP_ARCHIVE', days: 365 },
        ],
        expirationDays: 2557,
        noncurrentTransitions: [],
        noncurrentExpirationDays: 90,
        abortIncompleteMultipartUploadDays: 7,
        transitionSmallObjects: true,
      });
    });
  });

  describe('archivalRule', () => {
    it('archives current versions by tier and expires them, then noncurrent versions, under the prefix', () => {
      expect(archivalRule('archive-log-files', 'cloudtrail/AWSLogs/', DEFAULT_ARCHIVE_LIFECYCLE)).toEqual({
        id: 'archive-log-files',
        status: 'Enabled',
        filter: [{ prefix: 'cloudtrail/AWSLogs/' }],
        transition: [
          { days: 90, storageClass: 'GLACIER_IR' },
          { days: 365, storageClass: 'DEEP_ARCHIVE' },
        ],
        expiration: [{ days: 2557 }],
        noncurrentVersionTransition: [],
        noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
      });
    });

    it('moves noncurrent versions by their own tiers', () => {
      const rule = archivalRule('r', '', {
        ...DEFAULT_ARCHIVE_LIFECYCLE,
        noncurrentTransitions: [{ storageClass: 'DEEP_ARCHIVE', days: 30 }],
        noncurrentExpirationDays: 400,
      });
      expect(rule.noncurrentVersionTransition).toEqual([{ noncurrentDays: 30, storageClass: 'DEEP_ARCHIVE' }]);
      expect(rule.noncurrentVersionExpiration).toEqual([{ noncurrentDays: 400 }]);
      expect(rule.filter).toEqual([{ prefix: '' }]);
    });
  });

  describe('transitionMinimumObjectSize', () => {
    it('lets small objects transition by default, because CloudTrail files are small', () => {
      expect(transitionMinimumObjectSize(DEFAULT_ARCHIVE_LIFECYCLE)).toBe('varies_by_storage_class');
    });

    it("keeps S3's 128 KB threshold when small-object transitions are off", () => {
      expect(transitionMinimumObjectSize({ ...DEFAULT_ARCHIVE_LIFECYCLE, transitionSmallObjects: false })).toBe('all_storage_classes_128K');
    });
  });
});
