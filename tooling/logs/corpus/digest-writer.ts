/**
 * Builds digest files as CloudTrail writes them (awscloudtrail/latest/userguide/
 * cloudtrail-log-file-validation-digest-file-structure.html): gzip JSON, signed SHA256withRSA over
 * the documented string to sign, the signature in the object metadata, which a copy keeps in
 * `<digest>.metadata.json` as `aws s3api head-object` prints it.
 */
import { createHash, sign } from 'node:crypto';
import * as zlib from 'node:zlib';
import { cliTime } from '../archive/aws-cli-format';
import { stringToSign } from '../verify/digests';
import type { SigningKey } from './keys';

export interface ListedLogFile {
  readonly s3Object: string;
  readonly hashValue: string;
  readonly oldestEventTime: string;
  readonly newestEventTime: string;
}

interface DigestDraft {
  readonly key: string;
  readonly bucket: string;
  readonly account: string;
  readonly start: Date;
  readonly end: Date;
  readonly logFiles: readonly ListedLogFile[];
  readonly previous?: { readonly key: string; readonly sha256: string; readonly signature: string };
  readonly signingKey: SigningKey;
  /** Backfill digests carry the time they were generated in their metadata. */
  readonly backfillGenerated?: Date;
}

interface BuiltDigest {
  readonly gzip: Buffer;
  readonly sha256: string;
  readonly signature: string;
  /** The sidecar's JSON text. */
  readonly sidecar: string;
}

export function buildDigest(draft: DigestDraft): BuiltDigest {
  const times = draft.logFiles.flatMap((f) => [f.oldestEventTime, f.newestEventTime]).sort();
  const body = {
    awsAccountId: draft.account,
    digestStartTime: isoSeconds(draft.start),
    digestEndTime: isoSeconds(draft.end),
    digestS3Bucket: draft.bucket,
    digestS3Object: draft.key,
    digestPublicKeyFingerprint: draft.signingKey.fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: times.length ? times[times.length - 1] : null,
    oldestEventTime: times.length ? times[0] : null,
    previousDigestS3Bucket: draft.previous ? draft.bucket : null,
    previousDigestS3Object: draft.previous?.key ?? null,
    previousDigestHashValue: draft.previous?.sha256 ?? null,
    previousDigestHashAlgorithm: draft.previous ? 'SHA-256' : null,
    previousDigestSignature: draft.previous?.signature ?? null,
    logFiles: draft.logFiles.map((f) => ({
      s3Bucket: draft.bucket,
      s3Object: f.s3Object,
      hashValue: f.hashValue,
      hashAlgorithm: 'SHA-256',
      newestEventTime: f.newestEventTime,
      oldestEventTime: f.oldestEventTime,
    })),
  };
  const content = Buffer.from(JSON.stringify(body));
  const sha256 = createHash('sha256').update(content).digest('hex');
  const signature = signDigest(body, sha256, draft.signingKey);
  const gzip = zlib.gzipSync(content);
  const extra: Record<string, string> = draft.backfillGenerated
    ? { 'backfill-generation-timestamp': isoSeconds(draft.backfillGenerated) }
    : {};
  return {
    gzip,
    sha256,
    signature,
    sidecar: sidecarJson(gzip, new Date(draft.end.getTime() + 90_000), { signature, 'signature-algorithm': 'SHA256withRSA', ...extra }),
  };
}

/** Hex RSASSA-PKCS1-v1_5 SHA-256 signature over the string to sign. */
export function signDigest(body: Parameters<typeof stringToSign>[0], sha256: string, key: SigningKey): string {
  return sign('sha256', stringToSign(body, sha256), key.privateKey).toString('hex');
}

/** What `aws s3api head-object` prints for a digest object written with SSE-KMS. */
function sidecarJson(object: Buffer, lastModified: Date, metadata: Record<string, string>): string {
  return `${JSON.stringify(
    {
      AcceptRanges: 'bytes',
      LastModified: cliTime(lastModified),
      ContentLength: object.length,
      ETag: `"${createHash('md5').update(object).digest('hex')}"`,
      ContentType: 'application/json',
      ServerSideEncryption: 'aws:kms',
      Metadata: metadata,
    },
    null,
    4,
  )}\n`;
}

/** `2026-03-01T10:01:31Z`: how CloudTrail writes times in digests and records. */
function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
