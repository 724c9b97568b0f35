/**
 * The cost model's arithmetic on cases computed by hand. Round test rates ($1 a GB-month in S3
 * Standard, $5 per 1,000 PUTs, ...) and a stream of 1,000 objects a day keep the expected numbers
 * checkable with pencil and paper; each expectation is written out as that arithmetic, never as a
 * call into the code under test.
 */
import {
  billedBytes,
  DAYS_PER_MONTH,
  keyMonthly,
  type ObjectPath,
  objectDays,
  populationCost,
  type S3Rates,
} from '../../tooling/review/cost/storage-model';

const GIB = 2 ** 30;
const KIB = 1024;

const RATES: S3Rates = {
  storagePerGbMonth: {
    STANDARD: 1,
    STANDARD_IA: 0.5,
    ONEZONE_IA: 0.4,
    INTELLIGENT_TIERING: 1,
    GLACIER_IR: 0.25,
    GLACIER: 0.2,
    DEEP_ARCHIVE: 0.1,
  },
  putPer1000: { STANDARD: 5, STANDARD_IA: 10, ONEZONE_IA: 10, INTELLIGENT_TIERING: 5, GLACIER_IR: 20, GLACIER: 30, DEEP_ARCHIVE: 50 },
  transitionPer1000: {
    STANDARD: 0,
    STANDARD_IA: 10,
    ONEZONE_IA: 10,
    INTELLIGENT_TIERING: 10,
    GLACIER_IR: 20,
    GLACIER: 30,
    DEEP_ARCHIVE: 50,
  },
  minimumBillableBytes: 128 * KIB,
  minimumBillableClasses: ['STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR'],
  minimumDays: { STANDARD_IA: 30, ONEZONE_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 },
  archiveOverheadBytes: 32 * KIB,
  archiveStandardOverheadBytes: 8 * KIB,
  archiveClasses: ['GLACIER', 'DEEP_ARCHIVE'],
  bytesPerGb: GIB,
};

/** 1,000 objects a day: a month of 365/12 days brings 30,416.67. */
const PER_MONTH = (1000 * 365) / 12;

const cost = (bytes: number, path: Partial<ObjectPath>) =>
  populationCost(
    { objectsPerMonth: PER_MONTH, bytesPerObject: bytes, path: { initialClass: 'STANDARD', transitions: [], versioned: false, ...path } },
    RATES,
  );

describe('cost model', () => {
  it('counts a month as 365/12 days', () => {
    expect(DAYS_PER_MONTH).toBeCloseTo(30.416667, 5);
  });

  describe('object-days of a stream', () => {
    it('integrates the ages a stream of one object a day has spent in a stretch by a given day', () => {
      // Ages 0-100 by day 365: each object older than 100 days counts 100, the last 100 days count 100 - age.
      expect(objectDays(0, 100, 365)).toBe(365 * 100 - (100 * 100) / 2);
      // Ages 100-200 by day 150: objects aged 100-150, counting 150 - age: 50 * 50 / 2.
      expect(objectDays(100, 200, 150)).toBe(1250);
      expect(objectDays(400, Number.POSITIVE_INFINITY, 365)).toBe(0);
      expect(objectDays(0, Number.POSITIVE_INFINITY, 10)).toBe(50);
    });
  });

  describe('billed bytes', () => {
    it('raises objects under 128 KB to 128 KB in IA and Glacier IR, not in Standard', () => {
      expect(billedBytes('STANDARD_IA', 5 * KIB, RATES)).toEqual({ atClass: 128 * KIB, atStandard: 0 });
      expect(billedBytes('GLACIER_IR', 200 * KIB, RATES)).toEqual({ atClass: 200 * KIB, atStandard: 0 });
      expect(billedBytes('STANDARD', 5 * KIB, RATES)).toEqual({ atClass: 5 * KIB, atStandard: 0 });
    });

    it('adds 32 KB at the class rate and 8 KB at the Standard rate in Glacier and Deep Archive', () => {
      expect(billedBytes('DEEP_ARCHIVE', 5 * KIB, RATES)).toEqual({ atClass: 37 * KIB, atStandard: 8 * KIB });
      expect(billedBytes('GLACIER', 0, RATES)).toEqual({ atClass: 32 * KIB, atStandard: 8 * KIB });
    });
  });

  describe('a population in S3 Standard that expires', () => {
    const c = cost(GIB, { expirationDays: 100 });

    it('holds 100 days of objects at steady state, reached when the first objects expire', () => {
      expect(c.lifetimeDays).toBe(100);
      expect(c.tiers).toHaveLength(1);
      expect(c.tiers[0]).toMatchObject({ storageClass: 'STANDARD', phase: 'current', fromDay: 0, toDay: 100 });
      expect(c.tiers[0].objects).toBeCloseTo(100_000, 6);
      expect(c.tiers[0].dataGb).toBeCloseTo(100_000, 6);
      // 100,000 objects of 1 GB at $1 a GB-month.
      expect(c.storagePerMonth).toBeCloseTo(100_000, 4);
      // 30,416.67 PUTs at $5 per 1,000.
      expect(c.requestsPerMonth).toBeCloseTo((30_416.6667 * 5) / 1000, 3);
    });

    it('sums the first year from an empty bucket: 31.5 million object-days, 365,000 PUTs', () => {
      // 1,000 a day x (365 x 100 - 100^2 / 2) object-days = 31,500,000, in months of 365/12 days.
      expect(c.firstYearStorage).toBeCloseTo((31_500_000 * 12) / 365, 2);
      expect(c.firstYearRequests).toBeCloseTo(365_000 * 0.005, 6);
    });
  });

  describe('small objects in Standard-IA', () => {
    it('bills 1 KB objects as 128 KB and a 10-day stay as the 30-day minimum', () => {
      const c = cost(KIB, { initialClass: 'STANDARD_IA', expirationDays: 10 });
      // 10,000 objects in the tier, each billed 128 KB = 1/8192 GB at $0.5.
      expect(c.tiers[0].objects).toBeCloseTo(10_000, 6);
      expect(c.tiers[0].billedGb).toBeCloseTo(10_000 / 8192, 9);
      // Plus 20 unused minimum days for each of the 30,416.67 objects leaving a month:
      // 30,416.67 x 20 / 30.4167 = 20,000 object-months, so 30,000 object-months in all.
      expect(c.storagePerMonth).toBeCloseTo((30_000 * 0.5) / 8192, 9);
      // PUTs into IA at $10 per 1,000.
      expect(c.requestsPerMonth).toBeCloseTo((PER_MONTH * 10) / 1000, 6);
      // First year: 1,000 a day x (365 x 10 - 50) object-days, and 355 days of exits x 1,000 x 20 minimum days.
      expect(c.firstYearStorage).toBeCloseTo((((1000 * 3600 + 1000 * 355 * 20) * 12) / 365) * (0.5 / 8192), 6);
    });
  });

  describe('a transition to Deep Archive', () => {
    const c = cost(1024 * KIB, { transitions: [{ storageClass: 'DEEP_ARCHIVE', days: 30 }], expirationDays: 400 });

    it('keeps 30 days in Standard, then 370 days in Deep Archive with 40 KB of overhead per object', () => {
      expect(c.tiers.map((t) => [t.storageClass, t.fromDay, t.toDay])).toEqual([
        ['STANDARD', 0, 30],
        ['DEEP_ARCHIVE', 30, 400],
      ]);
      // Standard: 30,000 objects of 1 MB = 29.296875 GB at $1.
      expect(c.tiers[0].storagePerMonth).toBeCloseTo(29.296875, 9);
      // Deep Archive: 370,000 objects of 1 MB + 32 KB at $0.1, and 8 KB each at $1.
      expect(c.tiers[1].billedGb).toBeCloseTo((370_000 * (1024 + 32)) / (1024 * 1024), 9);
      expect(c.tiers[1].storagePerMonth).toBeCloseTo((370_000 * 1056 * 0.1 + 370_000 * 8 * 1) / (1024 * 1024), 9);
    });

    it('charges a PUT into Standard and a transition into Deep Archive per object', () => {
      expect(c.tiers[0].requestsPerMonth).toBeCloseTo((PER_MONTH * 5) / 1000, 9);
      expect(c.tiers[1].requestsPerMonth).toBeCloseTo((PER_MONTH * 50) / 1000, 9);
      // First year: 365,000 PUTs at $0.005, and the 335,000 objects older than 30 days moved at $0.05.
      expect(c.firstYearRequests).toBeCloseTo(365_000 * 0.005 + 335_000 * 0.05, 6);
    });
  });

  describe('minimum durations across several classes', () => {
    it('charges what IA and Glacier IR miss of their 30 and 90 days when objects move on and expire early', () => {
      const c = cost(256 * KIB, {
        initialClass: 'STANDARD_IA',
        transitions: [{ storageClass: 'GLACIER_IR', days: 10 }],
        expirationDays: 50,
      });
      // 256 KB = 1/4096 GB. IA: 10 days held + 20 missed = 30 object-days per object; GIR: 40 held + 50 missed = 90.
      const gb = 1 / 4096;
      expect(c.tiers[0].storagePerMonth).toBeCloseTo(1000 * 30 * gb * 0.5, 9);
      expect(c.tiers[1].storagePerMonth).toBeCloseTo(1000 * 90 * gb * 0.25, 9);
    });
  });

  describe('versions and object lock', () => {
    it('keeps an expired object as a noncurrent version, in the same class and without a request, until it is deleted', () => {
      const c = cost(GIB, { expirationDays: 100, versioned: true, noncurrentDays: 50 });
      expect(c.lifetimeDays).toBe(150);
      expect(c.tiers.map((t) => [t.phase, t.storageClass, t.fromDay, t.toDay, t.requestsPerMonth > 0])).toEqual([
        ['current', 'STANDARD', 0, 100, true],
        ['noncurrent', 'STANDARD', 100, 150, false],
      ]);
      expect(c.storagePerMonth).toBeCloseTo(150_000, 4);
    });

    it('keeps versions until object lock retention ends, even when they expire sooner', () => {
      const c = cost(GIB, { expirationDays: 100, versioned: true, noncurrentDays: 50, lockDays: 400 });
      expect(c.lifetimeDays).toBe(400);
      expect(c.tiers[1]).toMatchObject({ phase: 'noncurrent', fromDay: 100, toDay: 400 });
      expect(c.storagePerMonth).toBeCloseTo(400_000, 4);
    });

    it('moves noncurrent versions by their own transitions, days counted from when they became noncurrent', () => {
      const c = cost(GIB, {
        expirationDays: 100,
        versioned: true,
        noncurrentDays: 200,
        noncurrentTransitions: [{ storageClass: 'GLACIER', days: 100 }],
      });
      expect(c.tiers.map((t) => [t.phase, t.storageClass, t.fromDay, t.toDay])).toEqual([
        ['current', 'STANDARD', 0, 100],
        ['noncurrent', 'STANDARD', 100, 200],
        ['noncurrent', 'GLACIER', 200, 300],
      ]);
    });

    it('reports objects that are never deleted at 10 years', () => {
      const c = cost(GIB, { expirationDays: 100, versioned: true });
      expect(c.lifetimeDays).toBe(Number.POSITIVE_INFINITY);
      expect(c.reportedAtDay).toBe(3650);
      // 3,650 days of 1,000 objects of 1 GB at $1.
      expect(c.storagePerMonth).toBeCloseTo(3_650_000, 3);
    });

    it('ignores transitions at or after expiration', () => {
      const c = cost(GIB, { transitions: [{ storageClass: 'GLACIER', days: 100 }], expirationDays: 100 });
      expect(c.tiers.map((t) => t.storageClass)).toEqual(['STANDARD']);
    });
  });

  describe('KMS keys', () => {
    it('costs $1 a key, $1 more per rotating key after each of its first two yearly rotations', () => {
      expect(keyMonthly(13, 13, 0)).toBe(13);
      expect(keyMonthly(13, 13, 1)).toBe(26);
      expect(keyMonthly(13, 10, 5)).toBe(13 + 20);
    });
  });
});
