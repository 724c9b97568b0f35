/**
 * What the archive costs from a stated event volume: log and digest files a month, and each
 * bucket's populations through its lifecycle (archive, replica, access logs); the other services
 * are cost-services.ts. Reads the topology (cost-topology.ts); the arithmetic is cost-model.ts.
 */
import type { CostInputs } from './inputs';
import { placement } from './lifecycle';
import type { StorageClass } from './prices';
import { serviceLines } from './services';
import { type PopulationCost, populationCost, S3_RATES, type S3Rates, sum } from './storage-model';
import type { ArchiveTopology, BucketProfile } from './topology';
import { ACCESS_LOG_RECORD_BYTES, type CostLine, DIGEST_FILE_BYTES, type Volume, volumeOf } from './volume';

export interface PopulationRow {
  readonly label: string;
  readonly objectsPerMonth: number;
  readonly bytesPerObject: number;
  readonly rule?: string;
  readonly skipped: readonly string[];
  readonly overlapping: readonly string[];
  readonly cost: PopulationCost;
}

export interface BucketCost {
  readonly bucket: string;
  /** "archive", "replica", "access logs of the archive", ... */
  readonly role: string;
  readonly populations: readonly PopulationRow[];
  /** Lifecycle rules that would move objects but receive none of these files (their size filter excludes them). */
  readonly unreached: readonly string[];
}

export interface ArchiveCost {
  readonly volume: Volume;
  readonly buckets: readonly BucketCost[];
  readonly lines: readonly CostLine[];
  /** Age at which the archive's oldest files are deleted (its steady state). */
  readonly lifetimeDays: number;
}

interface Stream {
  readonly label: string;
  readonly key: string;
  readonly objectsPerMonth: number;
  readonly bytes: number;
}

function bucketCost(
  bucket: BucketProfile,
  role: string,
  streams: readonly Stream[],
  initialClass: StorageClass,
  rates: S3Rates,
): BucketCost {
  const populations = streams
    .filter((s) => s.objectsPerMonth > 0)
    .map((s): PopulationRow => {
      const p = placement(bucket.lifecycle, {
        key: s.key,
        bytes: s.bytes,
        initialClass,
        versioned: bucket.versioned,
        ...(bucket.lockDays ? { lockDays: bucket.lockDays } : {}),
      });
      return {
        label: s.label,
        objectsPerMonth: s.objectsPerMonth,
        bytesPerObject: s.bytes,
        ...(p.rule ? { rule: p.rule } : {}),
        skipped: p.skipped.map((x) => `${x.storageClass} at ${x.days} days`),
        overlapping: p.overlapping,
        cost: populationCost({ objectsPerMonth: s.objectsPerMonth, bytesPerObject: s.bytes, path: p.path }, rates),
      };
    });
  const used = new Set(populations.flatMap((p) => (p.rule ? [p.rule] : [])));
  const unreached = (bucket.lifecycle?.rules ?? [])
    .filter((r) => r.enabled && r.transitions.length > 0 && !used.has(r.id))
    .map((r) => r.id);
  return { bucket: bucket.name, role, populations, unreached };
}

/** Access-log records a month for a bucket's populations: a PUT and each transition of every object, a read per replicated object. */
function accessLogStream(owner: BucketCost, replicated: boolean): Stream {
  const records = sum(
    owner.populations.map(
      (p) =>
        p.objectsPerMonth *
        (1 + p.cost.tiers.filter((t, i) => i > 0 && t.storageClass !== p.cost.tiers[i - 1].storageClass).length + (replicated ? 1 : 0)),
    ),
  );
  return {
    label: 'access log records',
    key: `${owner.bucket}/`,
    objectsPerMonth: records,
    bytes: ACCESS_LOG_RECORD_BYTES,
  };
}

/** The archive's cost from the topology and the inputs. */
export function archiveCost(t: ArchiveTopology, inputs: CostInputs, rates: S3Rates = S3_RATES): ArchiveCost {
  const volume = volumeOf(t, inputs);
  const logKey = `${t.keyPrefix}AWSLogs/o-example/111111111111/CloudTrail/region/`;
  const streams: Stream[] = [
    { label: 'log files', key: logKey, objectsPerMonth: volume.logFiles, bytes: volume.averageLogFileBytes },
    {
      label: 'digest files',
      key: logKey.replace('/CloudTrail/', '/CloudTrail-Digest/'),
      objectsPerMonth: volume.digestFiles,
      bytes: DIGEST_FILE_BYTES,
    },
  ];
  // Access-log objects carry no per-object charge the model can count: their PUTs are not priced.
  const logRates: S3Rates = { ...rates, putPer1000: { ...rates.putPer1000, STANDARD: 0 } };
  const archive = bucketCost(t.archive, 'archive', streams, 'STANDARD', rates);
  const buckets: BucketCost[] = [archive];
  const replica = t.replica ? bucketCost(t.replica.bucket, 'replica', streams, t.replica.storageClass, rates) : undefined;
  if (replica) buckets.push(replica);
  if (t.archive.accessLogs) {
    buckets.push(
      bucketCost(
        t.archive.accessLogs,
        'access logs of the archive',
        [accessLogStream(archive, replica !== undefined)],
        'STANDARD',
        logRates,
      ),
    );
  }
  if (replica && t.replica?.bucket.accessLogs) {
    buckets.push(
      bucketCost(t.replica.bucket.accessLogs, 'access logs of the replica', [accessLogStream(replica, false)], 'STANDARD', logRates),
    );
  }
  const lifetimeDays = Math.max(...archive.populations.map((p) => p.cost.lifetimeDays), 0);
  return { volume, buckets, lines: [...s3Lines(buckets), ...serviceLines(t, inputs, volume)], lifetimeDays };
}

function s3Lines(buckets: readonly BucketCost[]): CostLine[] {
  return buckets.flatMap((b) => {
    const costs = b.populations.map((p) => p.cost);
    const name = `S3 ${b.role} ${b.bucket}`;
    return [
      {
        label: `${name}: storage`,
        monthly: sum(costs.map((c) => c.storagePerMonth)),
        firstYear: sum(costs.map((c) => c.firstYearStorage)),
        detail: 'every tier below, with minimum sizes, archive overhead and minimum durations',
      },
      {
        label: `${name}: requests`,
        monthly: sum(costs.map((c) => c.requestsPerMonth)),
        firstYear: sum(costs.map((c) => c.firstYearRequests)),
        detail: 'a PUT per object and a request per transition',
      },
    ].filter((l) => l.monthly > 0 || l.firstYear > 0);
  });
}
