/**
 * Log files against the digests that list them. Every log file of the copy ends up in exactly one
 * place: verified (its SHA-256 matches a trusted digest), unverified (newer than the newest digest of
 * its account and region, so no digest could list it yet), or a problem naming it:
 *   - `modified`: listed by a trusted digest, and the hash of its first gzip member differs, bytes
 *     follow that member, or it is no gzip at all;
 *   - the digest's own kind (`digest-signature-invalid`, `digest-chain-broken`, `digest-moved`,
 *     `no-signature`, `no-public-key`) when only digests that failed list it: nothing vouches for it;
 *   - `not-in-any-digest`: no digest lists it although a digest of its account and region (or, when
 *     that account and region has none, any digest of the copy) ends after it.
 * Listed files absent from the copy are `missing`, unless listed before the chain's copy start.
 */
import { mapLimit } from '../archive/concurrency';
import { pathOf } from '../archive/files';
import { hashGzipFile } from '../archive/gzip';
import { type ArchiveKey, type LogFileKey, logGroupOf, parseArchiveKey } from '../archive/layout';
import { type ChainVerdict, chainOf } from './chains';
import type { LoadedDigest } from './digests';
import type { Problem, ProblemKind } from './types';

interface LogFileVerdicts {
  readonly verified: string[];
  readonly unverified: string[];
  readonly problems: Problem[];
}

interface Listing {
  readonly digest: LoadedDigest;
  readonly hash: string;
}

const MINUTE = 60_000;

export async function checkLogFiles(
  present: readonly LogFileKey[],
  digests: readonly LoadedDigest[],
  chains: ChainVerdict,
  options: {
    root: string;
    knownSha256?: (key: string) => string | undefined;
    onlyLogFiles?: (key: string) => boolean;
    concurrency: number;
  },
): Promise<LogFileVerdicts> {
  const wanted = (key: string) => !options.onlyLogFiles || options.onlyLogFiles(key);
  const listings = new Map<string, Listing[]>();
  for (const digest of digests) {
    for (const entry of digest.body?.logFiles ?? []) {
      if (!wanted(entry.s3Object)) continue;
      const list = listings.get(entry.s3Object) ?? [];
      list.push({ digest, hash: entry.hashValue.toLowerCase() });
      listings.set(entry.s3Object, list);
    }
  }
  const coverage = coverageEnds(digests);
  const verified: string[] = [];
  const unverified: string[] = [];
  const problems: Problem[] = [];
  const files = present.filter((file) => wanted(file.key));
  const outcomes = await mapLimit(files, options.concurrency, async (file) => {
    const listed = listings.get(file.key) ?? [];
    const vouching = listed.filter((l) => chains.trusted.has(l.digest));
    if (vouching.length > 0) return (await matches(options.root, file.key, vouching, options.knownSha256)) ? 'verified' : 'modified';
    if (listed.length > 0) return digestKind(listed[0].digest, chains);
    const end = coverage.get(logGroupOf(file)) ?? coverage.get('');
    return file.time && end && file.time.getTime() >= Math.floor(end.getTime() / MINUTE) * MINUTE ? 'unverified' : 'not-in-any-digest';
  });
  files.forEach((file, index) => {
    const outcome = outcomes[index];
    if (outcome === 'verified') verified.push(file.key);
    else if (outcome === 'unverified') unverified.push(file.key);
    else problems.push({ file: file.key, kind: outcome });
  });
  const onDisk = new Set(present.map((file) => file.key));
  for (const [key, listed] of listings) {
    if (onDisk.has(key) || !listed.some((l) => isExpected(key, l.digest, chains))) continue;
    problems.push({ file: key, kind: 'missing' });
  }
  return { verified, unverified, problems };
}

async function matches(
  root: string,
  key: string,
  vouching: readonly Listing[],
  knownSha256?: (key: string) => string | undefined,
): Promise<boolean> {
  let sha256 = knownSha256?.(key)?.toLowerCase();
  if (sha256 === undefined) {
    try {
      const member = await hashGzipFile(pathOf(root, key));
      if (member.trailing) return false;
      sha256 = member.sha256;
    } catch {
      return false;
    }
  }
  return vouching.every((l) => l.hash === sha256);
}

function digestKind(digest: LoadedDigest, chains: ChainVerdict): ProblemKind {
  return digest.problem ?? (chains.broken.has(digest) ? 'digest-chain-broken' : 'digest-signature-invalid');
}

/** Whether a listed file should be in the copy: listed at or after its chain's copy start (or its time is unknown). */
function isExpected(key: string, digest: LoadedDigest, chains: ChainVerdict): boolean {
  const start = chains.copyStart.get(chainOf(digest));
  const time = (parseArchiveKey(key) as ArchiveKey | undefined)?.time;
  return !start || !time || time >= start;
}

/**
 * The newest digest end per account and region ('' for the whole copy), from the digest names:
 * log files after it cannot be listed yet. A digest that fails still counts: it only makes more
 * files `not-in-any-digest`, never fewer.
 */
function coverageEnds(digests: readonly LoadedDigest[]): Map<string, Date> {
  const ends = new Map<string, Date>();
  const later = (group: string, time: Date) => {
    const current = ends.get(group);
    if (!current || time > current) ends.set(group, time);
  };
  for (const digest of digests) {
    later(logGroupOf(digest.key), digest.key.time);
    later('', digest.key.time);
  }
  return ends;
}
