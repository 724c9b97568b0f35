/**
 * CloudTrail's digest signing keys, as `aws cloudtrail list-public-keys` prints them:
 * `{"PublicKeyList": [{"Value", "ValidityStartTime", "ValidityEndTime", "Fingerprint"}]}` with `Value`
 * the DER public key in base64 (awscloudtrail/latest/APIReference/API_ListPublicKeys.html). Keys are
 * per region; the lists of several regions may be merged into one `PublicKeyList`, put in a JSON
 * array, or concatenated as they were printed (`cat keys-*.json > public-keys.json`).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';

interface PublicKey {
  /** Hex fingerprint: the MD5 of the DER bytes, which is what AWS lists (a listed one must match it). */
  readonly fingerprint: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly key: KeyObject;
}

export type PublicKeyList = readonly PublicKey[];

/** A key file that cannot be used at all: a usage error (exit 2), since nothing can be verified. */
export class PublicKeyFileError extends Error {}

/** Reads a key file: what `aws cloudtrail list-public-keys` prints, lists concatenated. */
export function readPublicKeys(file: string): PublicKeyList {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new PublicKeyFileError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parsePublicKeys(text, file);
}

export function parsePublicKeys(text: string, source = 'public keys'): PublicKeyList {
  const keys: PublicKey[] = [];
  for (const document of jsonDocuments(text, source)) {
    for (const list of Array.isArray(document) ? document : [document]) {
      const entries = (list as { PublicKeyList?: unknown } | null)?.PublicKeyList;
      if (!Array.isArray(entries))
        throw new PublicKeyFileError(`${source}: expected {"PublicKeyList": [...]} as list-public-keys prints it`);
      entries.forEach((entry, index) => {
        keys.push(toPublicKey(entry, `${source}: PublicKeyList[${index}]`));
      });
    }
  }
  if (keys.length === 0) throw new PublicKeyFileError(`${source}: no keys in PublicKeyList`);
  return keys;
}

/** The key a digest names, if it was valid during the given window; undefined when there is none. */
export function findKey(keys: PublicKeyList, fingerprint: unknown, from: Date, until: Date): PublicKey | undefined {
  if (typeof fingerprint !== 'string') return undefined;
  return keys.find((k) => k.fingerprint === fingerprint.toLowerCase() && k.validFrom <= until && k.validUntil >= from);
}

function toPublicKey(entry: unknown, where: string): PublicKey {
  const { Value, ValidityStartTime, ValidityEndTime, Fingerprint } = (entry ?? {}) as Record<string, unknown>;
  if (typeof Value !== 'string' || Value === '') throw new PublicKeyFileError(`${where}: Value must be the base64 DER key`);
  const der = Buffer.from(Value, 'base64');
  const validFrom = toDate(ValidityStartTime, `${where}.ValidityStartTime`);
  const validUntil = toDate(ValidityEndTime, `${where}.ValidityEndTime`);
  const key = derPublicKey(der, where);
  const md5 = createHash('md5').update(der).digest('hex');
  // The key file is the root of trust: an entry whose Fingerprint is not its own Value's would lend
  // a listed fingerprint to another key. AWS's list-public-keys example (aws-cli
  // awscli/examples/cloudtrail/list-public-keys.rst) lists 7f3f4014..., the MD5 of its Value's DER.
  if (Fingerprint !== undefined && (typeof Fingerprint !== 'string' || Fingerprint.toLowerCase() !== md5))
    throw new PublicKeyFileError(
      `${where}.Fingerprint ${JSON.stringify(Fingerprint)} is not the MD5 of its Value (${md5}): the entry was not printed by list-public-keys`,
    );
  return { fingerprint: md5, validFrom, validUntil, key };
}

/** AWS's sample keys come in PKCS#1 (RSAPublicKey) and in SubjectPublicKeyInfo; accept both. */
function derPublicKey(der: Buffer, where: string): KeyObject {
  for (const type of ['pkcs1', 'spki'] as const) {
    try {
      return createPublicKey({ key: der, format: 'der', type });
    } catch {
      // try the other encoding
    }
  }
  throw new PublicKeyFileError(`${where}: Value is neither a PKCS#1 nor a SubjectPublicKeyInfo DER public key`);
}

/** ISO 8601 as the AWS CLI prints timestamps, or epoch seconds (`cli_timestamp_format = none`). */
function toDate(value: unknown, where: string): Date {
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new PublicKeyFileError(`${where}: ${JSON.stringify(value)} is not a time`);
  return date;
}

/** Splits text holding one or more JSON documents written one after another. */
function jsonDocuments(text: string, source: string): unknown[] {
  // A key saved as PEM (openssl's form, or the console's download) rather than what the CLI prints.
  if (/^\s*-----BEGIN [A-Z ]*KEY-----/.test(text))
    throw new PublicKeyFileError(
      `${source}: a PEM key, not the JSON aws cloudtrail list-public-keys prints (its PublicKeyList[].Value is the DER key, base64)`,
    );
  const documents: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) documents.push(parseJson(text.slice(start, i + 1), source));
    } else if (depth === 0 && !/\s/.test(c)) throw new PublicKeyFileError(`${source}: not JSON (unexpected "${c}")`);
  }
  if (depth !== 0 || documents.length === 0) throw new PublicKeyFileError(`${source}: not JSON (unterminated or empty)`);
  return documents;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PublicKeyFileError(`${source}: not JSON (${(error as Error).message})`);
  }
}
