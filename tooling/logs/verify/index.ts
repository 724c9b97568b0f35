/**
 * Offline integrity verification of a copy of the CloudTrail archive: every digest's signature,
 * location and chain links, and every log file's SHA-256 against the digests that list it.
 * The query engine reads only `verifiedLogFiles` and `unverified`; every other log file under the
 * root is named in `problems`.
 */
import { mapLimit } from '../archive/concurrency';
import { listArchive } from '../archive/files';
import { checkChains } from './chains';
import { loadDigest } from './digests';
import { checkLogFiles } from './log-files';
import type { Problem, VerificationResult, VerifyOptions } from './types';

export { hashGzipFile } from '../archive/gzip';
export { PublicKeyFileError, type PublicKeyList, readPublicKeys } from './public-keys';
export type { Problem, VerificationResult, VerifyOptions } from './types';

const DEFAULT_CONCURRENCY = 8;

export async function verifyArchive(options: VerifyOptions): Promise<VerificationResult> {
  const listing = await listArchive(options.root);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const digests = await mapLimit(listing.digests, concurrency * 2, (key) =>
    loadDigest(options.root, key, options.publicKeys, options.bucket),
  );
  const chains = checkChains(digests, options);
  const logs = await checkLogFiles(listing.logFiles, digests, chains, {
    root: options.root,
    concurrency,
    ...(options.knownSha256 ? { knownSha256: options.knownSha256 } : {}),
    ...(options.onlyLogFiles ? { onlyLogFiles: options.onlyLogFiles } : {}),
  });
  const problems: Problem[] = [...logs.problems, ...chains.missing];
  for (const digest of digests) {
    if (digest.problem) problems.push({ file: digest.key.key, kind: digest.problem });
    else if (chains.broken.has(digest)) problems.push({ file: digest.key.key, kind: 'digest-chain-broken' });
  }
  const unique = [...new Map(problems.map((p) => [`${p.file}\n${p.kind}`, p])).values()].sort(
    (a, b) => compare(a.file, b.file) || compare(a.kind, b.kind),
  );
  return {
    ok: unique.length === 0,
    digests: chains.trusted.size,
    logFiles: logs.verified.length,
    problems: unique,
    unverified: logs.unverified.sort(compare),
    verifiedLogFiles: logs.verified.sort(compare),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
