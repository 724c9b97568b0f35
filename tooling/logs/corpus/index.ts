/**
 * Synthetic archives for tests and benchmarks: organization and external-account trails over several
 * accounts, regions and hours, a signed digest per chain per hour with correct links, the sidecars
 * and the key file. Deterministic from `seed` (given the same keys); records are written file by file,
 * so a million records never sit in memory. `onRecord` sees every record with the file it went to, so
 * callers can derive the answers a query must give.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { mapLimit } from '../archive/concurrency';
import { pathOf, SIDECAR_SUFFIX } from '../archive/files';
import { accountBase, dayFolder, formatCompactTime } from '../archive/layout';
import { buildDigest, type ListedLogFile } from './digest-writer';
import { generateSigningKeys, publicKeyListJson, type SigningKey } from './keys';
import { Random } from './random';
import { type CloudTrailRecord, makeRecord } from './records';

export { generateSigningKeys, publicKeyListJson, type SigningKey } from './keys';

export type { CloudTrailRecord } from './records';
export * as tamper from './tamper';

export interface CorpusOptions {
  readonly root: string;
  /** @default 1 */
  readonly seed?: number;
  /** @default 'acme-cloudtrail-archive' */
  readonly bucket?: string;
  /** Key prefix before AWSLogs/. @default '' */
  readonly prefix?: string;
  /** @default 'o-a1b2c3d4e5' */
  readonly organizationId?: string;
  /** Member accounts of the organization trail. @default two accounts */
  readonly accounts?: readonly string[];
  /** Accounts outside the organization, each with its own trail under AWSLogs/<account>/. @default one */
  readonly externalAccounts?: readonly string[];
  /** @default ['us-east-1', 'eu-west-1'] */
  readonly regions?: readonly string[];
  /** @default the first region */
  readonly homeRegion?: string;
  /** @default 'org-trail' (external accounts: 'account-trail') */
  readonly trailName?: string;
  /** First hour (UTC, whole hour). @default 2026-03-01T00:00:00Z */
  readonly start?: Date;
  /** Hours of digests per chain. @default 3 */
  readonly hours?: number;
  /** Log files per chain and hour. @default 2 */
  readonly filesPerHour?: number;
  /** Records per log file. @default 20 */
  readonly recordsPerFile?: number;
  /** Hours of log files after each chain's last digest (not covered yet: unverified). @default 0 */
  readonly pendingHours?: number;
  /** A backfill chain for the first account and region, listing log files its standard digests do not. @default false */
  readonly backfill?: boolean;
  /** @default two new keys: regions alternate between them */
  readonly keys?: readonly SigningKey[];
  readonly onRecord?: (record: CloudTrailRecord, logFile: string) => void;
}

export interface CorpusSummary {
  readonly root: string;
  readonly bucket: string;
  /** Every log file written (sorted); `unverified` ones included. */
  readonly logFiles: string[];
  /** Standard and backfill digests (sorted). */
  readonly digests: string[];
  /** Digest keys per chain, oldest first. */
  readonly chains: string[][];
  /** Log files after each chain's last digest. */
  readonly unverified: string[];
  /** Log files listed by backfill digests only. */
  readonly backfillLogFiles: string[];
  readonly records: number;
  readonly decompressedBytes: number;
  readonly publicKeysFile: string;
  readonly keys: readonly SigningKey[];
}

const HOUR = 3600_000;
const gzip = promisify(zlib.gzip);

export async function generateCorpus(options: CorpusOptions): Promise<CorpusSummary> {
  const o = withDefaults(options);
  const random = new Random(o.seed);
  const keys =
    options.keys ??
    generateSigningKeys(new Date(o.start.getTime() - 30 * 24 * HOUR), new Date(o.start.getTime() + (o.hours + 30 * 24) * HOUR));
  const summary = {
    logFiles: [] as string[],
    digests: [] as string[],
    chains: [] as string[][],
    unverified: [] as string[],
    backfillLogFiles: [] as string[],
    records: 0,
    decompressedBytes: 0,
  };
  const trails = [
    ...o.accounts.map((account) => ({ account, orgId: o.organizationId, trailName: o.trailName })),
    ...o.externalAccounts.map((account) => ({ account, orgId: undefined, trailName: 'account-trail' })),
  ];
  for (const [t, trail] of trails.entries()) {
    for (const [r, region] of o.regions.entries()) {
      const location = { prefix: o.prefix, orgId: trail.orgId, account: trail.account, region };
      const base = accountBase(location);
      const chainStart = new Date(o.start.getTime() + random.int(60, 3540) * 1000);
      const signingKey = keys[r % keys.length];
      const withBackfill = o.backfill && t === 0 && r === 0;
      const writeFiles = async (from: Date, count: number) => {
        const drafts = Array.from({ length: count }, (_, k) =>
          draftLogFile(random, o, location, base, new Date(from.getTime() + ((k + 1) * HOUR) / (count + 1))),
        );
        const written = await mapLimit(drafts, 4, (draft) => writeLogFile(o.root, draft));
        for (const draft of drafts) for (const record of draft.records) o.onRecord?.(record, draft.key);
        summary.records += drafts.reduce((n, d) => n + d.records.length, 0);
        summary.decompressedBytes += drafts.reduce((n, d) => n + d.json.length, 0);
        summary.logFiles.push(...written.map((w) => w.s3Object));
        return written;
      };
      const chain: string[] = [];
      const backfillChain: string[] = [];
      let previous: { key: string; sha256: string; signature: string } | undefined;
      let previousBackfill: typeof previous;
      for (let h = 0; h < o.hours; h++) {
        const start = new Date(chainStart.getTime() + h * HOUR);
        const end = new Date(start.getTime() + HOUR);
        const logFiles = await writeFiles(start, o.filesPerHour);
        const key = digestKey(base, region, trail.trailName, o.homeRegion, end, false);
        previous = await writeDigest(o, {
          key,
          account: trail.account,
          start,
          end,
          logFiles,
          signingKey,
          ...(previous ? { previous } : {}),
        });
        chain.push(key);
        if (withBackfill && h < 2) {
          // Files CloudTrail delivered late: a backfill digest lists them, generated two hours later.
          const late = await writeFiles(start, 1);
          summary.backfillLogFiles.push(...late.map((f) => f.s3Object));
          const backfillKey = digestKey(base, region, trail.trailName, o.homeRegion, end, true);
          const generated = new Date(end.getTime() + 2 * HOUR);
          previousBackfill = await writeDigest(o, {
            key: backfillKey,
            account: trail.account,
            start,
            end,
            logFiles: late,
            signingKey,
            backfillGenerated: generated,
            ...(previousBackfill ? { previous: previousBackfill } : {}),
          });
          backfillChain.push(backfillKey);
        }
      }
      for (let h = 0; h < o.pendingHours; h++) {
        const pending = await writeFiles(new Date(chainStart.getTime() + (o.hours + h) * HOUR + 5 * 60_000), o.filesPerHour);
        summary.unverified.push(...pending.map((f) => f.s3Object));
      }
      summary.chains.push(chain, ...(backfillChain.length ? [backfillChain] : []));
      summary.digests.push(...chain, ...backfillChain);
    }
  }
  const publicKeysFile = path.join(o.root, 'public-keys.json');
  await fs.writeFile(publicKeysFile, publicKeyListJson(keys));
  return {
    root: o.root,
    bucket: o.bucket,
    ...summary,
    logFiles: summary.logFiles.sort(),
    digests: summary.digests.sort(),
    publicKeysFile,
    keys,
  };
}

type Resolved = Required<Omit<CorpusOptions, 'keys' | 'onRecord'>> & Pick<CorpusOptions, 'onRecord'>;

function withDefaults(options: CorpusOptions): Resolved {
  const regions = options.regions ?? ['us-east-1', 'eu-west-1'];
  return {
    root: options.root,
    seed: options.seed ?? 1,
    bucket: options.bucket ?? 'acme-cloudtrail-archive',
    prefix: options.prefix ?? '',
    organizationId: options.organizationId ?? 'o-a1b2c3d4e5',
    accounts: options.accounts ?? ['111111111111', '222222222222'],
    externalAccounts: options.externalAccounts ?? ['999999999999'],
    regions,
    homeRegion: options.homeRegion ?? regions[0],
    trailName: options.trailName ?? 'org-trail',
    start: options.start ?? new Date('2026-03-01T00:00:00Z'),
    hours: options.hours ?? 3,
    filesPerHour: options.filesPerHour ?? 2,
    recordsPerFile: options.recordsPerFile ?? 20,
    pendingHours: options.pendingHours ?? 0,
    backfill: options.backfill ?? false,
    onRecord: options.onRecord,
  };
}

interface LogFileDraft {
  readonly key: string;
  readonly records: CloudTrailRecord[];
  readonly json: Buffer;
}

function draftLogFile(
  random: Random,
  o: Resolved,
  location: { account: string; region: string },
  base: string,
  delivered: Date,
): LogFileDraft {
  const minute = new Date(Math.floor(delivered.getTime() / 60_000) * 60_000);
  const name = `${location.account}_CloudTrail_${location.region}_${formatCompactTime(minute, 'minutes')}_${random.string(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}.json.gz`;
  const key = `${base}/CloudTrail/${location.region}/${dayFolder(minute)}/${name}`;
  const records = Array.from({ length: o.recordsPerFile }, () =>
    makeRecord(random, {
      account: location.account,
      region: location.region,
      time: new Date(minute.getTime() - random.int(30, 600) * 1000),
    }),
  );
  records.sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
  return { key, records, json: Buffer.from(JSON.stringify({ Records: records })) };
}

async function writeLogFile(root: string, draft: LogFileDraft): Promise<ListedLogFile> {
  const file = pathOf(root, draft.key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, await gzip(draft.json));
  const times = draft.records.map((r) => String(r.eventTime));
  return {
    s3Object: draft.key,
    hashValue: createHash('sha256').update(draft.json).digest('hex'),
    oldestEventTime: times[0],
    newestEventTime: times[times.length - 1],
  };
}

function digestKey(base: string, region: string, trailName: string, homeRegion: string, end: Date, backfill: boolean): string {
  const account = base.split('/').pop();
  const name = `${account}_CloudTrail-Digest_${region}_${trailName}_${homeRegion}_${formatCompactTime(end)}${backfill ? '_backfill' : ''}.json.gz`;
  return `${base}/CloudTrail-Digest/${region}/${dayFolder(end)}/${name}`;
}

async function writeDigest(o: Resolved, draft: Omit<Parameters<typeof buildDigest>[0], 'bucket'>) {
  const built = buildDigest({ ...draft, bucket: o.bucket });
  const file = pathOf(o.root, draft.key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, built.gzip);
  await fs.writeFile(`${file}${SIDECAR_SUFFIX}`, built.sidecar);
  return { key: draft.key, sha256: built.sha256, signature: built.signature };
}
