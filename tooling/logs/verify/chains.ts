/**
 * Links between digests. Each digest names its predecessor (`previousDigestS3Object`), that file's
 * SHA-256 and its signature; the first digest of a chain names none. Chains are per account x region x
 * trail x home region, and backfill digests form chains of their own (both are in the key).
 *
 * A link holds when the predecessor is an older digest of the same chain with the SHA-256 and
 * signature its successor records, and no other signed digest names it too (a fork: CloudTrail
 * names each digest once; only the holder of its key could write a second).
 *
 * A copy may begin in the middle of a chain: its oldest digest is then the start, unless `since`
 * says the copy begins earlier. A digest named by its successor but absent while an older digest of
 * the chain is present is always `digest-missing`.
 */
import { accountBase, type DigestKey, parseArchiveKey } from '../archive/layout';
import type { LoadedDigest } from './digests';
import type { Problem } from './types';

export interface ChainVerdict {
  /** Digests that verified on their own and whose link to their predecessor holds. */
  readonly trusted: ReadonlySet<LoadedDigest>;
  /** The chain-level problem of a digest whose own checks passed (`digest-chain-broken`). */
  readonly broken: ReadonlySet<LoadedDigest>;
  /** `digest-missing`, naming the absent digest. */
  readonly missing: Problem[];
  /** Per chain: log files listed with a time before this need not be in the copy. */
  readonly copyStart: ReadonlyMap<string, Date>;
}

const DAY = 86_400_000;

/** The chain a digest belongs to. */
export function chainOf(digest: LoadedDigest): string {
  const k = digest.key;
  return [accountBase(k), k.region, k.trailName, k.homeRegion, k.backfill ? 'backfill' : 'standard'].join('|');
}

export function checkChains(digests: readonly LoadedDigest[], options: { since?: Date; bucket?: string }): ChainVerdict {
  const byKey = new Map(digests.map((d) => [d.key.key, d]));
  const oldest = new Map<string, LoadedDigest>();
  for (const digest of digests) {
    const chain = chainOf(digest);
    const current = oldest.get(chain);
    if (!current || digest.key.time < current.key.time) oldest.set(chain, digest);
  }
  // CloudTrail names each digest once as a predecessor; two signed digests of a chain naming the same
  // one are a fork. (A link into another chain is broken by itself and does not count here.)
  const successors = new Map<string, number>();
  for (const digest of digests) {
    const previousKey = linkOf(digest, options.bucket);
    const previous = previousKey ? parseArchiveKey(previousKey) : undefined;
    if (!previousKey || digest.problem || previous?.kind !== 'digest' || !sameTrail(previous, digest.key)) continue;
    successors.set(previousKey, (successors.get(previousKey) ?? 0) + 1);
  }
  const trusted = new Set<LoadedDigest>();
  const broken = new Set<LoadedDigest>();
  const missing: Problem[] = [];
  for (const digest of digests) {
    const previousKey = linkOf(digest, options.bucket);
    if (!previousKey) {
      // A chain start, or a chain continued from another bucket (a trail moved), which no copy of this bucket holds.
      if (!digest.problem) trusted.add(digest);
      continue;
    }
    const previous = byKey.get(previousKey);
    if (!previous) {
      const isOldest = oldest.get(chainOf(digest)) === digest;
      const previousTime = parseArchiveKey(previousKey)?.time ?? new Date(digest.body?.digestStartTime ?? Number.NaN);
      const expected = !isOldest || (options.since !== undefined && previousTime >= options.since);
      if (expected) missing.push({ file: previousKey, kind: 'digest-missing' });
    }
    if (digest.problem) continue;
    const forked = (successors.get(previousKey) ?? 0) > 1;
    if (!forked && (!previous || linkHolds(digest, previous))) trusted.add(digest);
    else broken.add(digest);
  }
  return { trusted, broken, missing, copyStart: copyStarts(oldest, options.since) };
}

/**
 * Whether a link may join two digests: the same account, region, trail, home region and kind
 * (standard or backfill). Not the path before the account: a trail whose bucket or key prefix
 * changed continues its chain there (validate-logs follows previousDigestS3Bucket to the other bucket).
 */
function sameTrail(a: DigestKey, b: DigestKey): boolean {
  return (
    a.account === b.account &&
    a.region === b.region &&
    a.trailName === b.trailName &&
    a.homeRegion === b.homeRegion &&
    a.backfill === b.backfill
  );
}

/** The predecessor a digest names in the archive bucket (`--bucket`, else its own); undefined for a chain start. */
function linkOf(digest: LoadedDigest, bucket: string | undefined): string | undefined {
  const body = digest.body;
  const previousKey = body?.previousDigestS3Object;
  return previousKey && body.previousDigestS3Bucket === (bucket ?? body.digestS3Bucket) ? previousKey : undefined;
}

/**
 * Whether the predecessor is the one the digest records: an older digest of the same trail's chain,
 * with the SHA-256 and the signature the digest holds for it.
 */
function linkHolds(digest: LoadedDigest, previous: LoadedDigest): boolean {
  const body = digest.body;
  if (!body || !sameTrail(previous.key, digest.key) || previous.key.time >= digest.key.time) return false;
  const hashMatches = previous.sha256 !== undefined && previous.sha256 === body.previousDigestHashValue?.toLowerCase();
  // Without the predecessor's sidecar its signature cannot be compared (it is reported as no-signature).
  const signatureMatches =
    previous.signature === undefined || previous.signature.toLowerCase() === body.previousDigestSignature?.toLowerCase();
  return hashMatches && signatureMatches;
}

/**
 * Where each chain's copy begins. With `since`, there. Otherwise a chain whose oldest digest is a
 * true start (no predecessor) is complete; one whose oldest digest names a predecessor begins at the
 * UTC day of that digest: a copy by day folders (or a lifecycle expiry by day) leaves out the log
 * files of the previous day that this digest lists.
 */
function copyStarts(oldest: ReadonlyMap<string, LoadedDigest>, since: Date | undefined): Map<string, Date> {
  const starts = new Map<string, Date>();
  for (const [chain, digest] of oldest) {
    if (since) starts.set(chain, since);
    else if (digest.body?.previousDigestS3Object) starts.set(chain, new Date(Math.floor(digest.key.time.getTime() / DAY) * DAY));
  }
  return starts;
}
