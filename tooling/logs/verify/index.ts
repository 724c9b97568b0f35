/**
 * Offline integrity verification of a copy of the CloudTrail archive: every digest's signature,
 * location and chain links, and every log file's SHA-256 against the digests that list them.
 * The query engine reads only `verifiedLogFiles` and `unverified`; every other log file under the
 * root is named in `problems`.
 */
import { mapLimit } from '../archive/concurrency';
import { listArchive, pathOf } from '../archive/files';
import { hashGzipFile } from '../archive/gzip';
import { checkChains } from './chains';
import { loadDigest } from './digests';
import { judgeLogFiles, type LogFilesPlan, type LogFileVerdicts, planLogFiles } from './log-files';
import type { Problem, VerificationResult, VerifyOptions } from './types';

export { hashGzipFile } from '../archive/gzip';
export type { LogFilesPlan } from './log-files';
export { PublicKeyFileError, type PublicKeyList, readPublicKeys } from './public-keys';
export type { Problem, VerificationResult, VerifyOptions } from './types';

const DEFAULT_CONCURRENCY = 8;

/** A copy whose digests and chains are checked, and what each log file must hash to; nothing of a log file read yet. */
interface VerificationPlan {
  readonly logFiles: LogFilesPlan;
  /** The result, given the SHA-256 of each vouched file's first gzip member (undefined: unreadable or bytes after it). */
  finish(sha256Of: (key: string) => string | undefined): VerificationResult;
}

export async function planVerification(options: Omit<VerifyOptions, 'knownSha256'>): Promise<VerificationPlan> {
  const listing = await listArchive(options.root);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const digests = await mapLimit(listing.digests, concurrency * 2, (key) =>
    loadDigest(options.root, key, options.publicKeys, options.bucket),
  );
  const chains = checkChains(digests, options);
  const logFiles = planLogFiles(listing.logFiles, digests, chains, options.onlyLogFiles);
  const plan: VerificationPlan = {
    logFiles,
    finish(sha256Of) {
      const logs: LogFileVerdicts = judgeLogFiles(logFiles, sha256Of);
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
    },
  };
  return plan;
}

export async function verifyArchive(options: VerifyOptions): Promise<VerificationResult> {
  const plan = await planVerification(options);
  const hashes = await hashVouched(options, plan.logFiles);
  return plan.finish((key) => hashes.get(key));
}

/** The SHA-256 of each vouched file's first gzip member (or the one the caller holds); absent when unreadable or followed by other bytes. */
async function hashVouched(options: VerifyOptions, plan: LogFilesPlan): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const toRead: string[] = [];
  for (const [key, entry] of plan.files) {
    if (entry.kind !== 'vouched' || entry.sha256 === undefined) continue;
    const known = options.knownSha256?.(key);
    if (known !== undefined) hashes.set(key, known);
    else toRead.push(key);
  }
  await mapLimit(toRead, options.concurrency ?? DEFAULT_CONCURRENCY, async (key) => {
    const member = await hashGzipFile(pathOf(options.root, key)).catch(() => undefined);
    if (member && !member.trailing) hashes.set(key, member.sha256);
  });
  return hashes;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
