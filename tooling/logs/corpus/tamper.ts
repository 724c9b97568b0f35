/**
 * What an attacker (or an accident) does to a copy, for tests: each helper changes one thing the
 * verifier must name. Keys are paths relative to the root.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { pathOf, SIDECAR_SUFFIX } from '../archive/files';
import { stringToSign } from '../verify/digests';
import { signDigest } from './digest-writer';
import type { SigningKey } from './keys';
import type { CloudTrailRecord } from './records';

/** The source address changeRecord writes by default: easy to look for in a query's rows. */
export const SPOOFED_ADDRESS = '6.6.6.6';

/** Rewrites a log file with one record changed (by default the first record's source address). */
export function changeRecord(
  root: string,
  key: string,
  edit: (records: CloudTrailRecord[]) => void = (records) => {
    records[0].sourceIPAddress = SPOOFED_ADDRESS;
  },
): void {
  const file = pathOf(root, key);
  const content = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'));
  edit(content.Records);
  fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(content)));
}

/** Appends records as a second gzip member: gunzip (and DuckDB) read them, the digest's hash does not cover them. */
export function appendGzipMember(root: string, key: string, records: CloudTrailRecord[]): void {
  fs.appendFileSync(pathOf(root, key), zlib.gzipSync(JSON.stringify({ Records: records })));
}

/** Appends bytes that are not gzip after the stream. */
export function appendBytes(root: string, key: string, bytes = Buffer.from('\n')): void {
  fs.appendFileSync(pathOf(root, key), bytes);
}

export function removeFile(root: string, key: string): void {
  fs.rmSync(pathOf(root, key));
}

/** Removes a digest and its sidecar. */
export function removeDigest(root: string, key: string): void {
  fs.rmSync(pathOf(root, key));
  fs.rmSync(`${pathOf(root, key)}${SIDECAR_SUFFIX}`, { force: true });
}

export function removeSidecar(root: string, digestKey: string): void {
  fs.rmSync(`${pathOf(root, digestKey)}${SIDECAR_SUFFIX}`);
}

/** Writes a new log file (a copy of `like` with a new random part) that no digest lists. */
export function addUnlistedFile(root: string, like: string, records?: CloudTrailRecord[]): string {
  const key = like.replace(/_[A-Za-z0-9]+\.json\.gz$/, '_ADDEDBYHAND00000.json.gz');
  const content = records ? zlib.gzipSync(JSON.stringify({ Records: records })) : fs.readFileSync(pathOf(root, like));
  fs.writeFileSync(pathOf(root, key), content);
  return key;
}

/** Replaces a digest's signature with one made by a key that is not CloudTrail's. */
export function forgeDigestSignature(root: string, digestKey: string): void {
  const { body, sha256 } = readDigest(root, digestKey);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  editSidecar(root, digestKey, (metadata) => {
    metadata.signature = sign('sha256', stringToSign(body, sha256), privateKey).toString('hex');
  });
}

/** Copies a digest (and sidecar) to another key, where its content names the original location. */
export function copyDigest(root: string, from: string, to: string): void {
  fs.copyFileSync(pathOf(root, from), pathOf(root, to));
  fs.copyFileSync(`${pathOf(root, from)}${SIDECAR_SUFFIX}`, `${pathOf(root, to)}${SIDECAR_SUFFIX}`);
}

/**
 * Edits a digest's content and signs it again with `key`: what only the holder of CloudTrail's key
 * could do. The digest then verifies on its own, but its successor's link no longer matches it.
 * `padding` appends that many spaces after the JSON (still valid JSON: a digest that inflates large).
 */
export function resignDigest(
  root: string,
  digestKey: string,
  key: SigningKey,
  edit: (body: Record<string, unknown>) => void,
  padding = 0,
): void {
  const { body } = readDigest(root, digestKey);
  edit(body);
  const content = Buffer.concat([Buffer.from(JSON.stringify(body)), Buffer.alloc(padding, ' ')]);
  const signature = signDigest(body as never, createHash('sha256').update(content).digest('hex'), key);
  fs.writeFileSync(pathOf(root, digestKey), zlib.gzipSync(content, { level: 1 }));
  editSidecar(root, digestKey, (metadata) => {
    metadata.signature = signature;
  });
}

/**
 * Signs a digest again naming `previousKey` as its predecessor, with that digest's true SHA-256 and
 * signature: a link that holds byte for byte, which only the holder of CloudTrail's key could write.
 */
export function relinkDigest(root: string, digestKey: string, previousKey: string, key: SigningKey): void {
  const previous = readDigest(root, previousKey);
  const sidecar = JSON.parse(fs.readFileSync(`${pathOf(root, previousKey)}${SIDECAR_SUFFIX}`, 'utf8'));
  resignDigest(root, digestKey, key, (body) => {
    body.previousDigestS3Bucket = previous.body.digestS3Bucket;
    body.previousDigestS3Object = previousKey;
    body.previousDigestHashValue = previous.sha256;
    body.previousDigestSignature = sidecar.Metadata.signature;
  });
}

function readDigest(root: string, key: string) {
  const content = zlib.gunzipSync(fs.readFileSync(pathOf(root, key)));
  return { body: JSON.parse(content.toString('utf8')), sha256: createHash('sha256').update(content).digest('hex') };
}

/** Edits the user metadata a digest's sidecar holds (`signature`, `signature-algorithm`, `backfill-generation-timestamp`). */
export function editSidecar(root: string, digestKey: string, edit: (metadata: Record<string, string>) => void): void {
  const file = `${pathOf(root, digestKey)}${SIDECAR_SUFFIX}`;
  const sidecar = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(sidecar.Metadata);
  fs.writeFileSync(file, JSON.stringify(sidecar, null, 4));
}
