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
 *
 * In two steps, so that a reader can hash a file's content in the same pass that uses it (the query
 * engine parses exactly the bytes it hashed): `planLogFiles` says, from the digests alone, what each
 * file must hash to; `judgeLogFiles` turns the hashes into verdicts.
 */
import { type ArchiveKey, type LogFileKey, logGroupOf, parseArchiveKey } from '../archive/layout';
import { type ChainVerdict, chainOf } from './chains';
import type { LoadedDigest } from './digests';
import type { Problem, ProblemKind } from './types';

export interface LogFileVerdicts {
  readonly verified: string[];
  readonly unverified: string[];
  readonly problems: Problem[];
}

/** What the digests say of a log file before it is read. */
type LogFilePlan =
  /** Listed by trusted digests: verified when its first gzip member hashes to `sha256` and nothing follows it (undefined when they disagree). */
  | { readonly kind: 'vouched'; readonly sha256: string | undefined }
  /** Newer than every digest of its account and region: read, not verified. */
  | { readonly kind: 'unverified' }
  /** Excluded whatever it holds. */
  | { readonly kind: 'problem'; readonly problem: ProblemKind };

export interface LogFilesPlan {
  /** Every wanted log file present in the copy, in listing order. */
  readonly files: ReadonlyMap<string, LogFilePlan>;
  /** Listed, expected in the copy, absent. */
  readonly missing: readonly Problem[];
}

const MINUTE = 60_000;

export function planLogFiles(
  present: readonly LogFileKey[],
  digests: readonly LoadedDigest[],
  chains: ChainVerdict,
  onlyLogFiles?: (key: string) => boolean,
): LogFilesPlan {
  const wanted = (key: string) => !onlyLogFiles || onlyLogFiles(key);
  const listings = new Map<string, { digest: LoadedDigest; hash: string }[]>();
  for (const digest of digests) {
    // An entry names its object's bucket (validate-logs fetches each from log['s3Bucket']): one in
    // another bucket than the digest's own says nothing of a file at that key in this copy. (A digest
    // in another bucket than --bucket is digest-moved, and so are the files it lists.)
    for (const entry of digest.body?.logFiles ?? []) {
      if (entry.s3Bucket !== digest.body?.digestS3Bucket || !wanted(entry.s3Object)) continue;
      const list = listings.get(entry.s3Object) ?? [];
      list.push({ digest, hash: entry.hashValue.toLowerCase() });
      listings.set(entry.s3Object, list);
    }
  }
  const coverage = coverageEnds(digests);
  const files = new Map<string, LogFilePlan>();
  for (const file of present) {
    if (!wanted(file.key)) continue;
    const listed = listings.get(file.key) ?? [];
    const hashes = new Set(listed.filter((l) => chains.trusted.has(l.digest)).map((l) => l.hash));
    if (hashes.size > 0) {
      // Every trusted digest that lists the file must agree with its content.
      files.set(file.key, { kind: 'vouched', sha256: hashes.size === 1 ? [...hashes][0] : undefined });
    } else if (listed.length > 0) {
      files.set(file.key, { kind: 'problem', problem: digestKind(listed[0].digest, chains) });
    } else {
      const end = coverage.get(logGroupOf(file)) ?? coverage.get('');
      const pending = file.time && end && file.time.getTime() >= Math.floor(end.getTime() / MINUTE) * MINUTE;
      files.set(file.key, pending ? { kind: 'unverified' } : { kind: 'problem', problem: 'not-in-any-digest' });
    }
  }
  const onDisk = new Set(present.map((file) => file.key));
  const missing: Problem[] = [];
  for (const [key, listed] of listings) {
    if (onDisk.has(key) || !listed.some((l) => isExpected(key, l.digest, chains))) continue;
    missing.push({ file: key, kind: 'missing' });
  }
  return { files, missing };
}

/**
 * The verdicts, given the SHA-256 of each vouched file's first gzip member (undefined when it could
 * not be read, is not one gzip member, or has bytes after it).
 */
export function judgeLogFiles(plan: LogFilesPlan, sha256Of: (key: string) => string | undefined): LogFileVerdicts {
  const verified: string[] = [];
  const unverified: string[] = [];
  const problems: Problem[] = [...plan.missing];
  for (const [key, entry] of plan.files) {
    if (entry.kind === 'unverified') unverified.push(key);
    else if (entry.kind === 'problem') problems.push({ file: key, kind: entry.problem });
    else if (entry.sha256 !== undefined && sha256Of(key)?.toLowerCase() === entry.sha256) verified.push(key);
    else problems.push({ file: key, kind: 'modified' });
  }
  return { verified, unverified, problems };
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
