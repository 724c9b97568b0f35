/**
 * One digest file on its own: read it, find its signature in the sidecar, check that it names its
 * own location and that CloudTrail's key signed it (awscloudtrail/latest/userguide/
 * cloudtrail-log-file-validation-custom.html; the AWS CLI's validate-logs in
 * awscli/customizations/cloudtrail/validation.py). Links between digests are checked in chains.ts.
 */
import { verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathOf, SIDECAR_SUFFIX } from '../archive/files';
import { inflateAndHashSync } from '../archive/gzip';
import type { DigestKey } from '../archive/layout';
import { findKey, type PublicKeyList } from './public-keys';
import type { ProblemKind } from './types';

/** The fields this verifier reads (digest file structure page; all of them are always written). */
interface DigestBody {
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  readonly digestSignatureAlgorithm?: string;
  readonly previousDigestS3Bucket: string | null;
  readonly previousDigestS3Object: string | null;
  readonly previousDigestHashValue: string | null;
  readonly previousDigestSignature: string | null;
  readonly logFiles: readonly { readonly s3Bucket: string; readonly s3Object: string; readonly hashValue: string }[];
}

export interface LoadedDigest {
  readonly key: DigestKey;
  /** Parsed content, when the file is one gzip member of JSON with the required fields. */
  readonly body?: DigestBody;
  /** Hex SHA-256 of the decompressed digest (what the successor's previousDigestHashValue names). */
  readonly sha256?: string;
  /** Hex signature from the sidecar's Metadata. */
  readonly signature?: string;
  /** What is wrong with the digest itself; undefined when it is signed, in place, by a listed key. */
  readonly problem?: ProblemKind;
}

/** The only algorithm CloudTrail signs with (digestSignatureAlgorithm, x-amz-meta-signature-algorithm). */
const SIGNATURE_ALGORITHM = 'SHA256withRSA';
const HOUR = 3600_000;
/**
 * What a digest may inflate to. One lists an hour of one account and region's log files at about
 * 350 bytes each: 64 MiB is some 190,000 files an hour. A digest that inflates further is a gzip
 * bomb (600 MB of zeros, 2.7 MB compressed, took 1.3 GB and 5.6 s to reject), not CloudTrail's.
 */
const MAX_DIGEST_BYTES = 64 * 1024 * 1024;
const REQUIRED = ['digestStartTime', 'digestEndTime', 'digestS3Bucket', 'digestS3Object', 'digestPublicKeyFingerprint'] as const;

export async function loadDigest(root: string, key: DigestKey, keys: PublicKeyList, bucket?: string): Promise<LoadedDigest> {
  const file = pathOf(root, key.key);
  let content: Buffer;
  let sha256: string;
  try {
    // Digests are a few KB: read and inflated on this thread, which costs less than the round trips
    // of asynchronous reads (every digest is checked again on each run of a --db store).
    const read = inflateAndHashSync(readFileSync(file), MAX_DIGEST_BYTES);
    // Bytes after the member are outside what was hashed and signed.
    if (read.trailing) return { key, problem: 'digest-signature-invalid' };
    content = read.content;
    sha256 = read.sha256;
  } catch {
    return { key, problem: 'digest-signature-invalid' };
  }
  const body = parseBody(content);
  const metadata = readSidecar(`${file}${SIDECAR_SUFFIX}`);
  const signature = metadataValue(metadata, 'signature');
  const loaded = { key, sha256, ...(signature ? { signature } : {}), ...(body ? { body } : {}) };
  if (!body) return { ...loaded, problem: 'digest-signature-invalid' };
  if (body.digestS3Object !== key.key || (bucket !== undefined && body.digestS3Bucket !== bucket))
    return { ...loaded, problem: 'digest-moved' };
  if (!signature) return { ...loaded, problem: 'no-signature' };
  const algorithm = metadataValue(metadata, 'signature-algorithm');
  if (algorithm !== SIGNATURE_ALGORITHM || (body.digestSignatureAlgorithm ?? SIGNATURE_ALGORITHM) !== SIGNATURE_ALGORITHM) {
    return { ...loaded, problem: 'digest-signature-invalid' };
  }
  const [from, until] = keyWindow(body, key.backfill ? metadataValue(metadata, 'backfill-generation-timestamp') : undefined);
  const publicKey = findKey(keys, body.digestPublicKeyFingerprint, from, until);
  if (!publicKey) return { ...loaded, problem: 'no-public-key' };
  // Whole bytes of hex, as the AWS CLI's binascii.unhexlify requires: Buffer.from(hex) would drop an odd last digit.
  const valid =
    /^(?:[0-9a-fA-F]{2})+$/.test(signature) && verify('sha256', stringToSign(body, sha256), publicKey.key, Buffer.from(signature, 'hex'));
  return valid ? loaded : { ...loaded, problem: 'digest-signature-invalid' };
}

/**
 * What CloudTrail signs (RSASSA-PKCS1-v1_5 with SHA-256): the end time, the digest's own location,
 * the hash of its content and the previous digest's signature, the literal `null` for a chain start.
 */
export function stringToSign(
  body: Pick<DigestBody, 'digestEndTime' | 'digestS3Bucket' | 'digestS3Object' | 'previousDigestSignature'>,
  sha256: string,
): Buffer {
  return Buffer.from(
    `${body.digestEndTime}\n${body.digestS3Bucket}/${body.digestS3Object}\n${sha256}\n${body.previousDigestSignature ?? 'null'}`,
    'utf8',
  );
}

/**
 * When the signing key must have been valid. As the AWS CLI asks ListPublicKeys: from the digest's
 * start to two hours after its end; a backfill digest is signed when it is generated, so from an
 * hour before to an hour after its `backfill-generation-timestamp` (validation.py reads that
 * metadata for `_backfill.json.gz` keys only; the caller passes it for those alone).
 *
 * The metadata is not signed: a sidecar could name any time, and so pick a key that was valid then.
 * A backfill digest is generated after the hour it covers, so a time before `digestEndTime` is not
 * one CloudTrail wrote, and the digest's own window applies instead.
 */
function keyWindow(body: DigestBody, backfillGenerated: string | undefined): [Date, Date] {
  const end = new Date(body.digestEndTime);
  const generated = backfillGenerated ? new Date(backfillGenerated) : undefined;
  if (generated && !Number.isNaN(generated.getTime()) && generated >= end)
    return [new Date(generated.getTime() - HOUR), new Date(generated.getTime() + HOUR)];
  return [new Date(body.digestStartTime), new Date(end.getTime() + 2 * HOUR)];
}

function parseBody(content: Buffer): DigestBody | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  if (REQUIRED.some((field) => typeof body[field] !== 'string')) return undefined;
  if (Number.isNaN(Date.parse(body.digestStartTime as string)) || Number.isNaN(Date.parse(body.digestEndTime as string))) return undefined;
  if (!('previousDigestSignature' in body) || !Array.isArray(body.logFiles)) return undefined;
  const wellFormed = (body.logFiles as unknown[]).every((entry) => {
    const e = entry as Record<string, unknown> | null;
    return !!e && typeof e.s3Object === 'string' && typeof e.hashValue === 'string' && typeof e.s3Bucket === 'string';
  });
  if (!wellFormed) return undefined;
  const nullable = (field: string) => (typeof body[field] === 'string' ? (body[field] as string) : null);
  return {
    ...(body as unknown as DigestBody),
    previousDigestS3Bucket: nullable('previousDigestS3Bucket'),
    previousDigestS3Object: nullable('previousDigestS3Object'),
    previousDigestHashValue: nullable('previousDigestHashValue'),
    previousDigestSignature: nullable('previousDigestSignature'),
  };
}

function readSidecar(file: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    const metadata = parsed?.Metadata;
    return metadata && typeof metadata === 'object' ? metadata : undefined;
  } catch {
    return undefined;
  }
}

/** S3 returns user metadata names in lower case; accept any case a hand-made sidecar uses. */
function metadataValue(metadata: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!metadata) return undefined;
  const found = Object.keys(metadata).find((k) => k.toLowerCase() === name || k.toLowerCase() === `x-amz-meta-${name}`);
  const value = found === undefined ? undefined : metadata[found];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
