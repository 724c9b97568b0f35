/**
 * The arithmetic of the Cost section, pure: what a steady stream of same-size objects costs in an
 * S3 bucket whose lifecycle moves them through storage classes, then expires them.
 *
 * A population is N objects a month of S bytes each, written in one class and moved by one
 * lifecycle path. Its cost counts what makes small files expensive: the minimum billable size of
 * IA and Glacier IR (128 KB), the per-object overhead of Glacier and Deep Archive (32 KB at their
 * rate plus 8 KB at S3 Standard's), minimum storage durations, a PUT per object and a request per
 * transition. Objects in a tier at a moment = inflow a day x days spent in the tier; steady state is
 * reached once the oldest objects are deleted (the lifetime); the first year starts from an empty
 * bucket and sums storage as it fills.
 */
import { PRICES, S3_PUT, S3_RULES, S3_STORAGE, S3_TRANSITION, type StorageClass } from './prices';

/** Days in a month as the model counts them (a year of 12 months of 365/12 days). */
export const DAYS_PER_MONTH = 365 / 12;
/** When objects are never deleted, the steady state is shown at this age instead (10 years). */
export const FOREVER_HORIZON_DAYS = 3650;

export interface S3Rates {
  readonly storagePerGbMonth: Readonly<Record<StorageClass, number>>;
  readonly putPer1000: Readonly<Record<StorageClass, number>>;
  readonly transitionPer1000: Readonly<Record<StorageClass, number>>;
  readonly minimumBillableBytes: number;
  readonly minimumBillableClasses: readonly StorageClass[];
  readonly minimumDays: Readonly<Partial<Record<StorageClass, number>>>;
  readonly archiveOverheadBytes: number;
  readonly archiveStandardOverheadBytes: number;
  readonly archiveClasses: readonly StorageClass[];
  readonly bytesPerGb: number;
}

const usd = (table: Record<StorageClass, { usd: number }>) =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v.usd])) as Record<StorageClass, number>;

/** The S3 rates of prices.ts. */
export const S3_RATES: S3Rates = {
  storagePerGbMonth: usd(S3_STORAGE),
  putPer1000: usd(S3_PUT),
  transitionPer1000: usd(S3_TRANSITION),
  ...S3_RULES,
};

/** One move of a lifecycle: into `storageClass` at `days`. */
export interface Step {
  readonly storageClass: StorageClass;
  readonly days: number;
}

/** What happens to every object of a population, from its PUT to its deletion. */
export interface ObjectPath {
  /** The class objects are written in (the PUT's, or the replication destination's). */
  readonly initialClass: StorageClass;
  /** Current-version transitions, days since creation, in order (only those S3 applies to this size). */
  readonly transitions: readonly Step[];
  /** Days since creation when the current version expires; undefined: never. */
  readonly expirationDays?: number;
  /** Versioned buckets keep an expired object as a noncurrent version. */
  readonly versioned: boolean;
  /** Days a noncurrent version is kept before deletion; undefined: forever. */
  readonly noncurrentDays?: number;
  /** Noncurrent transitions, days since the version became noncurrent. */
  readonly noncurrentTransitions?: readonly Step[];
  /** Object lock retention: no version is deleted younger than this. */
  readonly lockDays?: number;
}

export interface Population {
  readonly objectsPerMonth: number;
  readonly bytesPerObject: number;
  readonly path: ObjectPath;
}

/** One stretch of an object's life in one class. */
export interface Tier {
  readonly storageClass: StorageClass;
  readonly phase: 'current' | 'noncurrent';
  /** Age in days when the object enters and leaves this tier (Infinity: never leaves). */
  readonly fromDay: number;
  readonly toDay: number;
  /** Objects in the tier at the reported moment. */
  readonly objects: number;
  /** Their data, GB. */
  readonly dataGb: number;
  /** GB billed at the tier's class rate (data raised to the minimum billable size, plus the archive overhead). */
  readonly billedGb: number;
  /** Storage $ a month, with the 8 KB S3 Standard overhead of archived objects and minimum-duration charges. */
  readonly storagePerMonth: number;
  /** $ a month of the requests that bring objects into the tier (PUT or transition). */
  readonly requestsPerMonth: number;
}

export interface PopulationCost {
  readonly tiers: readonly Tier[];
  /** Age at which an object's last version is deleted (Infinity: never). */
  readonly lifetimeDays: number;
  /** The age at which tiers are reported: the lifetime, or FOREVER_HORIZON_DAYS when objects are kept forever. */
  readonly reportedAtDay: number;
  readonly storagePerMonth: number;
  readonly requestsPerMonth: number;
  /** Storage (with minimum-duration charges) and requests over the first 365 days, starting from an empty bucket. */
  readonly firstYearStorage: number;
  readonly firstYearRequests: number;
}

interface Stretch {
  readonly storageClass: StorageClass;
  readonly phase: 'current' | 'noncurrent';
  readonly fromDay: number;
  readonly toDay: number;
  /** $ per 1,000 objects entering this stretch (0 when it continues the previous class). */
  readonly entryPer1000: number;
}

/** The stretches of an object's life, in order, and the age at which its last version is deleted. */
export function stretchesOf(path: ObjectPath, rates: S3Rates = S3_RATES): { stretches: Stretch[]; lifetimeDays: number } {
  const expiry = path.expirationDays ?? Infinity;
  const finalDay = Number.isFinite(expiry) && path.versioned ? expiry + (path.noncurrentDays ?? Infinity) : expiry;
  const lifetimeDays = Math.max(finalDay, Number.isFinite(finalDay) ? (path.lockDays ?? 0) : 0);
  const moves: { day: number; storageClass: StorageClass; phase: 'current' | 'noncurrent' }[] = [
    { day: 0, storageClass: path.initialClass, phase: 'current' },
    ...path.transitions
      .filter((t) => t.days < expiry)
      .map((t) => ({ day: t.days, storageClass: t.storageClass, phase: 'current' as const })),
  ];
  if (Number.isFinite(expiry) && path.versioned && expiry < lifetimeDays) {
    moves.push({ day: expiry, storageClass: moves[moves.length - 1].storageClass, phase: 'noncurrent' });
    for (const t of path.noncurrentTransitions ?? []) {
      if (expiry + t.days < lifetimeDays) moves.push({ day: expiry + t.days, storageClass: t.storageClass, phase: 'noncurrent' });
    }
  }
  const stretches = moves
    .filter((m) => m.day < lifetimeDays)
    .map((m, i, all) => ({
      storageClass: m.storageClass,
      phase: m.phase,
      fromDay: m.day,
      toDay: all[i + 1]?.day ?? lifetimeDays,
      entryPer1000:
        i === 0
          ? rates.putPer1000[m.storageClass]
          : m.storageClass === all[i - 1].storageClass
            ? 0
            : rates.transitionPer1000[m.storageClass],
    }));
  return { stretches, lifetimeDays };
}

/** Bytes of one object billed at its class's rate, and at S3 Standard's (archive overhead). */
export function billedBytes(storageClass: StorageClass, bytes: number, rates: S3Rates = S3_RATES): { atClass: number; atStandard: number } {
  const minimum = rates.minimumBillableClasses.includes(storageClass) ? rates.minimumBillableBytes : 0;
  const archived = rates.archiveClasses.includes(storageClass);
  return {
    atClass: Math.max(bytes, minimum) + (archived ? rates.archiveOverheadBytes : 0),
    atStandard: archived ? rates.archiveStandardOverheadBytes : 0,
  };
}

/** $ a month to keep one object in a class. */
function perObjectMonth(storageClass: StorageClass, bytes: number, rates: S3Rates): number {
  const b = billedBytes(storageClass, bytes, rates);
  return (b.atClass * rates.storagePerGbMonth[storageClass] + b.atStandard * rates.storagePerGbMonth.STANDARD) / rates.bytesPerGb;
}

/** Object-days spent at ages [from, to) by a stream of one object a day that started `t` days ago. */
export function objectDays(from: number, to: number, t: number): number {
  if (t <= from) return 0;
  const end = Math.min(to, t);
  return t * (end - from) - (end * end - from * from) / 2;
}

/** The cost of a population: per tier at the reported moment, monthly, and over the first year. */
export function populationCost(p: Population, rates: S3Rates = S3_RATES): PopulationCost {
  const { stretches, lifetimeDays } = stretchesOf(p.path, rates);
  const at = Number.isFinite(lifetimeDays) ? lifetimeDays : FOREVER_HORIZON_DAYS;
  const perDay = p.objectsPerMonth / DAYS_PER_MONTH;
  const gb = (bytes: number) => bytes / rates.bytesPerGb;
  // Minimum storage duration: a class left (or the object deleted) too early is billed for the rest.
  const runs = classRuns(stretches, rates);
  let firstYearStorage = 0;
  let firstYearRequests = p.objectsPerMonth * 12 * (stretches[0]?.entryPer1000 ?? 0) * 1e-3;
  const tiers = stretches.map((s, i): Tier => {
    const monthly = perObjectMonth(s.storageClass, p.bytesPerObject, rates);
    const objects = perDay * Math.max(0, Math.min(s.toDay, at) - s.fromDay);
    const penalty = runs.get(i);
    const penaltyPerMonth = penalty && penalty.exitDay <= at ? p.objectsPerMonth * (penalty.days / DAYS_PER_MONTH) * monthly : 0;
    const entering = i === 0 || s.fromDay < at ? p.objectsPerMonth : 0;
    firstYearStorage += (perDay * objectDays(s.fromDay, s.toDay, 365) * monthly) / DAYS_PER_MONTH;
    if (i > 0) firstYearRequests += perDay * Math.max(0, 365 - s.fromDay) * s.entryPer1000 * 1e-3;
    if (penalty) firstYearStorage += perDay * Math.max(0, 365 - penalty.exitDay) * (penalty.days / DAYS_PER_MONTH) * monthly;
    const billed = billedBytes(s.storageClass, p.bytesPerObject, rates);
    return {
      storageClass: s.storageClass,
      phase: s.phase,
      fromDay: s.fromDay,
      toDay: s.toDay,
      objects,
      dataGb: objects * gb(p.bytesPerObject),
      billedGb: objects * gb(billed.atClass),
      storagePerMonth: objects * monthly + penaltyPerMonth,
      requestsPerMonth: entering * s.entryPer1000 * 1e-3,
    };
  });
  return {
    tiers,
    lifetimeDays,
    reportedAtDay: at,
    storagePerMonth: sum(tiers.map((t) => t.storagePerMonth)),
    requestsPerMonth: sum(tiers.map((t) => t.requestsPerMonth)),
    firstYearStorage,
    firstYearRequests,
  };
}

/** For the last stretch of each run of one class: the age it is left at and the days still billed then. */
function classRuns(stretches: readonly Stretch[], rates: S3Rates): Map<number, { exitDay: number; days: number }> {
  const runs = new Map<number, { exitDay: number; days: number }>();
  let start = 0;
  stretches.forEach((s, i) => {
    if (i > 0 && s.storageClass !== stretches[i - 1].storageClass) start = s.fromDay;
    const last = i === stretches.length - 1 || stretches[i + 1].storageClass !== s.storageClass;
    const minimum = rates.minimumDays[s.storageClass] ?? 0;
    if (last && Number.isFinite(s.toDay) && s.toDay - start < minimum) runs.set(i, { exitDay: s.toDay, days: minimum - (s.toDay - start) });
  });
  return runs;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** $ for `count` things priced per `per` (KMS per 10,000 requests, SNS per million, ...). */
export function perUnit(count: number, usdPer: number, per: number): number {
  return (count / per) * usdPer;
}

/** KMS keys a month: $1 each, $2 after the first yearly rotation, $3 from the second on (AWS caps it there). */
export function keyMonthly(keys: number, rotating: number, yearsIn: number): number {
  const extra = Math.min(2, Math.max(0, Math.floor(yearsIn)));
  return keys * PRICES.kmsKey.usd + rotating * extra * PRICES.kmsKey.usd;
}
