/**
 * Test signing keys standing in for CloudTrail's, and the key file `aws cloudtrail list-public-keys`
 * would print for them. One key is listed in PKCS#1 (RSAPublicKey) and one in SubjectPublicKeyInfo,
 * as AWS's own samples hold both; the fingerprint is the MD5 of the listed DER bytes.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cliTime } from '../archive/aws-cli-format';

export interface SigningKey {
  readonly privateKey: KeyObject;
  /** The public key as listed: base64 of this DER. */
  readonly publicDer: Buffer;
  readonly encoding: 'pkcs1' | 'spki';
  readonly fingerprint: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
}

/** Two 2048-bit RSA keys (as CloudTrail's), the first listed as PKCS#1, the second as SPKI. */
export function generateSigningKeys(validFrom: Date, validUntil: Date): SigningKey[] {
  return (['pkcs1', 'spki'] as const).map((encoding) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicDer = publicKey.export({ format: 'der', type: encoding });
    return { privateKey, publicDer, encoding, fingerprint: createHash('md5').update(publicDer).digest('hex'), validFrom, validUntil };
  });
}

/** What `aws cloudtrail list-public-keys` prints for these keys. */
export function publicKeyListJson(keys: readonly SigningKey[]): string {
  const PublicKeyList = keys.map((k) => ({
    Value: k.publicDer.toString('base64'),
    ValidityStartTime: cliTime(k.validFrom),
    ValidityEndTime: cliTime(k.validUntil),
    Fingerprint: k.fingerprint,
  }));
  return `${JSON.stringify({ PublicKeyList }, null, 4)}\n`;
}
