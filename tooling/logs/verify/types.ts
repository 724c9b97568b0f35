/** The verifier's public shapes (re-exported by verify/index.ts; the query engine builds on them). */
import type { PublicKeyList } from './public-keys';

export type ProblemKind =
  | 'modified'
  | 'missing'
  | 'not-in-any-digest'
  | 'digest-signature-invalid'
  | 'digest-chain-broken'
  | 'digest-missing'
  | 'digest-moved'
  | 'no-signature'
  | 'no-public-key';

/** One finding; `file` is relative to the root, `/`-separated (the S3 key). */
export interface Problem {
  readonly file: string;
  readonly kind: ProblemKind;
}

export interface VerifyOptions {
  /** The copy's root: the bucket's root, as `aws s3 sync s3://<bucket> <root>` lays it out. */
  readonly root: string;
  readonly publicKeys: PublicKeyList;
  /** The copy begins at this time: digests and listed log files from then on must be present. */
  readonly since?: Date;
  /** The archive bucket: digests that name another bucket are `digest-moved`. */
  readonly bucket?: string;
  /** Only these log files are checked and reported (digests are always checked: they are small). */
  readonly onlyLogFiles?: (relPath: string) => boolean;
  /**
   * The SHA-256 of the content the caller already holds for a log file (a database import): when
   * given, the file is not read again; that hash is compared with the digest's instead.
   */
  readonly knownSha256?: (relPath: string) => string | undefined;
  /** Files read at once (default 8). */
  readonly concurrency?: number;
}

export interface VerificationResult {
  /** No problem (unverified files do not count). */
  readonly ok: boolean;
  /** Digests whose signature, location and link to their predecessor verified. */
  readonly digests: number;
  /** Log files whose SHA-256 matched a verified digest (verifiedLogFiles.length). */
  readonly logFiles: number;
  /** Sorted by file, then kind. Every log file under the root that is neither verified nor unverified is named here. */
  readonly problems: Problem[];
  /** Log files newer than the newest digest of their account and region: not covered yet, not a problem. */
  readonly unverified: string[];
  /** Log files whose SHA-256 matched in a digest whose signature and chain verified. */
  readonly verifiedLogFiles: string[];
}
