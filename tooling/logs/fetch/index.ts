/**
 * Downloads a copy of the archive for a time range, laid out as the verifier reads it: log files and
 * digests by key, `<digest>.metadata.json` from HeadObject, and `public-keys.json` from
 * ListPublicKeys of each region whose digests it fetched.
 *
 * What it takes: digests whose name time (their end) is in [since, until + 1 hour], so the digest
 * that covers the last hour's files comes along (the AWS CLI's validate-logs adds the same hour);
 * log files whose name time is in [since, until); and every log file those digests list, even from
 * before `since`, so the copy holds everything its digests vouch for. Log files of [since, until)
 * that no fetched digest lists are kept: the verifier names them (not-in-any-digest) or labels them
 * (unverified, when newer than every digest).
 */
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { S3Client } from '@aws-sdk/client-s3';
import { mapLimit } from '../archive/concurrency';
import { pathOf } from '../archive/files';
import { parseArchiveKey } from '../archive/layout';
import { accountFolders, type ListedObject, objectsByDay, regionsOf } from './listing';
import { download, writeSidecar } from './objects';
import { type ListedKey, listPublicKeys } from './public-keys';

interface FetchOptions {
  readonly bucket: string;
  readonly prefix?: string;
  readonly account?: string;
  readonly region?: string;
  readonly since: Date;
  readonly until: Date;
  readonly out: string;
  /** Requests at once. @default 8 */
  readonly concurrency?: number;
}

export interface FetchClients {
  readonly s3: S3Client;
  /** A CloudTrail client for a region (ListPublicKeys is regional). */
  readonly cloudTrail: (region: string) => CloudTrailClient;
}

interface FetchSummary {
  readonly logFiles: number;
  readonly digests: number;
  /** Files already in the copy with the listed size, not downloaded again. */
  readonly alreadyPresent: number;
  /** Regions whose public keys were listed. */
  readonly keyRegions: string[];
  readonly publicKeys: number;
  /** `<out>/public-keys.json`, when any digest was fetched. */
  readonly publicKeysFile?: string;
}

const HOUR = 3600_000;

export async function fetchArchive(options: FetchOptions, clients: FetchClients): Promise<FetchSummary> {
  const { s3 } = clients;
  const { bucket, since, until, out } = options;
  const concurrency = options.concurrency ?? 8;
  const digestUntil = new Date(until.getTime() + HOUR);
  const logs = new Map<string, number | undefined>();
  const digests: ListedObject[] = [];
  for (const folder of await accountFolders(s3, bucket, options.prefix, options.account)) {
    for (const region of await regionsOf(s3, bucket, folder, options.region)) {
      for (const object of await objectsByDay(s3, bucket, `${folder}CloudTrail-Digest/${region}/`, since, digestUntil)) {
        const parsed = parseArchiveKey(object.key);
        if (parsed?.kind === 'digest' && parsed.time >= since && parsed.time <= digestUntil) digests.push(object);
      }
      for (const object of await objectsByDay(s3, bucket, `${folder}CloudTrail/${region}/`, since, until)) {
        const parsed = parseArchiveKey(object.key);
        if (parsed?.kind === 'log' && (!parsed.time || (parsed.time >= since && parsed.time < until))) logs.set(object.key, object.size);
      }
    }
  }
  await fs.mkdir(out, { recursive: true });
  const fetchedDigests = await mapLimit(digests, concurrency, async (digest) => {
    const downloaded = await download(s3, bucket, digest.key, out, digest.size);
    await writeSidecar(s3, bucket, digest.key, out);
    return downloaded;
  });
  const spans: { region: string; start: Date; end: Date }[] = [];
  for (const digest of digests) {
    const body = readDigest(pathOf(out, digest.key));
    const key = parseArchiveKey(digest.key);
    if (!body || key?.kind !== 'digest') continue;
    spans.push({ region: key.region, start: new Date(body.digestStartTime), end: new Date(body.digestEndTime) });
    for (const listed of body.logFiles) if (listed.s3Bucket === bucket && !logs.has(listed.s3Object)) logs.set(listed.s3Object, undefined);
  }
  const fetchedLogs = await mapLimit([...logs], concurrency, ([key, size]) => download(s3, bucket, key, out, size));
  const keys = await keysFor(spans, clients);
  const publicKeysFile = path.join(out, 'public-keys.json');
  if (keys.list.length > 0) await fs.writeFile(publicKeysFile, `${JSON.stringify({ PublicKeyList: keys.list }, null, 4)}\n`);
  const downloaded = [...fetchedDigests, ...fetchedLogs].filter(Boolean).length;
  return {
    logFiles: logs.size,
    digests: digests.length,
    alreadyPresent: digests.length + logs.size - downloaded,
    keyRegions: keys.regions,
    publicKeys: keys.list.length,
    ...(keys.list.length > 0 ? { publicKeysFile } : {}),
  };
}

async function keysFor(spans: readonly { region: string; start: Date; end: Date }[], clients: FetchClients) {
  const regions = [...new Set(spans.map((s) => s.region))].sort();
  const byFingerprint = new Map<string, ListedKey>();
  for (const region of regions) {
    const mine = spans.filter((s) => s.region === region);
    const from = new Date(Math.min(...mine.map((s) => s.start.getTime())));
    const until = new Date(Math.max(...mine.map((s) => s.end.getTime())));
    for (const key of await listPublicKeys(clients.cloudTrail(region), from, until)) byFingerprint.set(key.Fingerprint, key);
  }
  return { regions, list: [...byFingerprint.values()] };
}

interface DigestListing {
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly logFiles: readonly { readonly s3Bucket: string; readonly s3Object: string }[];
}

/** The digest's time span and listed files; undefined when it is unreadable (the verifier will say so). */
function readDigest(file: string): DigestListing | undefined {
  try {
    const body = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    return Array.isArray(body?.logFiles) && typeof body.digestStartTime === 'string' ? body : undefined;
  } catch {
    return undefined;
  }
}
