/** The key file: what `aws cloudtrail list-public-keys` prints, in both DER encodings, lists concatenated. */
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { publicKeyListJson } from '../../tooling/logs/corpus';
import { findKey, PublicKeyFileError, parsePublicKeys } from '../../tooling/logs/verify/public-keys';
import { testKeys } from './support';

describe('parsePublicKeys', () => {
  it('reads PKCS#1 and SubjectPublicKeyInfo keys as the same public keys', () => {
    const [pkcs1, spki] = testKeys();
    const keys = parsePublicKeys(publicKeyListJson([pkcs1, spki]));
    expect(keys.map((k) => k.fingerprint)).toEqual([pkcs1.fingerprint, spki.fingerprint]);
    expect(keys[0].key.export({ format: 'der', type: 'pkcs1' })).toEqual(pkcs1.publicDer);
    expect(keys[1].key.export({ format: 'der', type: 'spki' })).toEqual(spki.publicDer);
    expect(keys[0].key.equals(createPublicKey(pkcs1.privateKey))).toBe(true);
  });

  it('accepts the lists of two regions concatenated as printed, and in a JSON array', () => {
    const [a, b] = testKeys();
    const fingerprints = [a.fingerprint, b.fingerprint];
    expect(parsePublicKeys(`${publicKeyListJson([a])}${publicKeyListJson([b])}`).map((k) => k.fingerprint)).toEqual(fingerprints);
    expect(parsePublicKeys(`[${publicKeyListJson([a])},${publicKeyListJson([b])}]`).map((k) => k.fingerprint)).toEqual(fingerprints);
  });

  it('reads epoch-second times and computes a missing fingerprint as the MD5 of the DER', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const [key] = parsePublicKeys(
      JSON.stringify({ PublicKeyList: [{ Value: der.toString('base64'), ValidityStartTime: 1767225600, ValidityEndTime: 1798761600 }] }),
    );
    expect(key.fingerprint).toBe(createHash('md5').update(der).digest('hex'));
    expect(key.validFrom).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(findKey([key], key.fingerprint.toUpperCase(), new Date('2026-06-01T00:00:00Z'), new Date('2026-06-01T03:00:00Z'))).toBe(key);
    expect(findKey([key], key.fingerprint, new Date('2027-06-01T00:00:00Z'), new Date('2027-06-01T03:00:00Z'))).toBeUndefined();
  });

  it('rejects an entry whose Fingerprint is not the MD5 of its Value: it would lend a listed fingerprint to another key', () => {
    const [listed, other] = testKeys();
    const list = JSON.parse(publicKeyListJson([listed]));
    list.PublicKeyList[0].Value = other.publicDer.toString('base64');
    expect(() => parsePublicKeys(JSON.stringify(list))).toThrow(
      new RegExp(`PublicKeyList\\[0\\]\\.Fingerprint "${listed.fingerprint}" is not the MD5 of its Value \\(${other.fingerprint}\\)`),
    );
    // A Value that is no key at all is named as such first, whatever its Fingerprint.
    list.PublicKeyList[0].Value = 'AAAA';
    expect(() => parsePublicKeys(JSON.stringify(list))).toThrow(/Value is neither a PKCS#1 nor a SubjectPublicKeyInfo DER public key/);
    expect(parsePublicKeys(publicKeyListJson([listed]).replace(listed.fingerprint, listed.fingerprint.toUpperCase()))[0].fingerprint).toBe(
      listed.fingerprint,
    );
  });

  it.each([
    ['not JSON', 'nope'],
    ['no PublicKeyList', '{"Keys": []}'],
    ['an empty list', '{"PublicKeyList": []}'],
    [
      'a Value that is no key',
      '{"PublicKeyList": [{"Value": "AAAA", "ValidityStartTime": "2026-01-01T00:00:00Z", "ValidityEndTime": "2026-02-01T00:00:00Z"}]}',
    ],

    ['a bad time', `{"PublicKeyList": [{"Value": "AAAA", "ValidityStartTime": "soon", "ValidityEndTime": "2026-02-01T00:00:00Z"}]}`],
  ])('rejects %s', (_, text) => {
    expect(() => parsePublicKeys(text)).toThrow(PublicKeyFileError);
  });
});
