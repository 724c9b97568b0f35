/**
 * verifyArchive against what an attacker who can edit the copy (and, for some cases, holds a
 * signing key the key file lists) would try beyond the basic tamper cases of verify.spec.ts: unsigned
 * sidecar metadata that picks the key window, a signature that is not whole bytes, a digest that
 * inflates to gigabytes, forks and links into another chain, and digest entries that name another
 * bucket.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArchiveKey } from '../../tooling/logs/archive/layout';
import { type CorpusSummary, tamper } from '../../tooling/logs/corpus';
import { type PublicKeyList, readPublicKeys, type VerificationResult, verifyArchive } from '../../tooling/logs/verify';
import { copyOf, corpus, expectPartition, listedBy, problems, testKeys } from './support';

let pristine: CorpusSummary;
let keys: PublicKeyList;

beforeAll(async () => {
  pristine = await corpus({ hours: 4, pendingHours: 1, backfill: true, accounts: ['111111111111', '222222222222'], externalAccounts: [] });
  keys = readPublicKeys(pristine.publicKeysFile);
});

async function verify(summary: CorpusSummary, publicKeys = keys): Promise<VerificationResult> {
  const result = await verifyArchive({ root: summary.root, publicKeys });
  expectPartition(summary.root, result);
  return result;
}

/** The first account's us-east-1 chains: signed with the PKCS#1-listed test key (regions alternate keys). */
const standardChain = () => pristine.chains[0];
const backfillChain = () => pristine.chains.find((c) => c[0].endsWith('_backfill.json.gz'))!;
const digestProblems = (result: VerificationResult) => result.problems.filter((p) => p.file.includes('/CloudTrail-Digest/'));

/** The key file with the PKCS#1-listed key valid only from `from` to `until`. */
function withFirstKeyValid(from: Date, until: Date): PublicKeyList {
  const [pkcs1] = testKeys();
  return keys.map((k) => (k.fingerprint === pkcs1.fingerprint ? { ...k, validFrom: from, validUntil: until } : k));
}

describe('verifyArchive > the signing key window', () => {
  it('reads backfill-generation-timestamp only beside a backfill digest, and only when it is after the digest end', async () => {
    // The sidecar is not signed: a time in it must not pick a key that was valid at another time.
    const expired = withFirstKeyValid(new Date('2025-01-01T00:00:00Z'), new Date('2025-06-01T00:00:00Z'));
    const copy = copyOf(pristine);
    const standard = standardChain()[3];
    const backfill = backfillChain()[1];
    for (const digest of [standard, backfill]) {
      tamper.editSidecar(copy.root, digest, (metadata) => {
        metadata['backfill-generation-timestamp'] = '2025-03-01T00:00:00Z';
      });
    }
    const result = await verify(copy, expired);
    const firstRegion = pristine.digests.filter((d) => d.includes('/CloudTrail-Digest/us-east-1/'));
    expect(digestProblems(result)).toEqual(problems(['no-public-key', firstRegion]));
  });

  it('accepts a backfill digest signed by a key valid only around its generation time', async () => {
    const [backfill] = backfillChain();
    const endOf = (key: string) => parseArchiveKey(key)?.time?.getTime();
    const sameHour = standardChain().find((d) => endOf(d) === endOf(backfill))!;
    expect(sameHour).toBeDefined();
    const sidecar = JSON.parse(fs.readFileSync(`${pristine.root}/${backfill}.metadata.json`, 'utf8'));
    const generated = new Date(sidecar.Metadata['backfill-generation-timestamp']);
    // After the standard window (the digest's start to two hours after its end), inside the backfill one.
    const result = await verify(
      pristine,
      withFirstKeyValid(new Date(generated.getTime() + 1000), new Date(generated.getTime() + 1800_000)),
    );
    const named = digestProblems(result);
    expect(named).toContainEqual({ file: sameHour, kind: 'no-public-key' });
    expect(named.map((p) => p.file)).not.toContain(backfill);
    expect(result.verifiedLogFiles).toEqual(expect.arrayContaining(listedBy(pristine, backfill)));
  });
});

describe('verifyArchive > sidecars', () => {
  it('rejects a signature whose hex has an odd digit appended (Buffer.from would drop it)', async () => {
    const copy = copyOf(pristine);
    const newest = standardChain()[3];
    tamper.editSidecar(copy.root, newest, (metadata) => {
      metadata.signature = `${metadata.signature}0`;
    });
    expect((await verify(copy)).problems).toEqual(problems(['digest-signature-invalid', [newest, ...listedBy(copy, newest)]]));
  });
});

describe('verifyArchive > a digest that inflates far beyond any hour of log files', () => {
  it('is digest-signature-invalid without being inflated whole, even when signed (a gzip bomb)', async () => {
    const copy = copyOf(pristine);
    const newest = standardChain()[3];
    // Valid JSON (spaces after it), 65 MiB inflated, about 300 KB on disk.
    tamper.resignDigest(copy.root, newest, testKeys()[0], () => {}, 65 * 1024 * 1024);
    // Unread, it vouches for nothing, as a digest that is no gzip at all.
    expect((await verify(copy)).problems).toEqual(
      problems(['digest-signature-invalid', newest], ['not-in-any-digest', listedBy(pristine, newest)]),
    );
  });
});

describe('verifyArchive > files newer than the newest digest', () => {
  it('does not take a file moved into another account folder as not yet covered', async () => {
    const copy = copyOf(pristine);
    const pending = pristine.unverified.find((f) => f.includes('/111111111111/CloudTrail/us-east-1/'))!;
    const moved = pending.replace('/111111111111/CloudTrail/', '/222222222222/CloudTrail/');
    fs.renameSync(`${copy.root}/${pending}`, `${copy.root}/${moved}`);
    // Its name still says 111111111111: CloudTrail did not write it there, and its time proves nothing.
    const result = await verify(copy);
    expect(result.problems).toEqual(problems(['not-in-any-digest', moved]));
    expect(result.unverified).toEqual(pristine.unverified.filter((f) => f !== pending).sort());
  });
});

describe('verifyArchive > links signed with a listed key', () => {
  it('names two signed digests that name the same predecessor (a fork) as digest-chain-broken', async () => {
    const copy = copyOf(pristine);
    const genuine = standardChain()[2];
    const fork = genuine.replace(/(\d{8}T\d{6}Z)\.json\.gz$/, (_, time: string) => `${time.slice(0, 13)}59Z.json.gz`);
    expect(fork).not.toBe(genuine);
    tamper.copyDigest(copy.root, genuine, fork);
    tamper.resignDigest(copy.root, fork, testKeys()[0], (body) => {
      body.digestS3Object = fork;
      body.logFiles = [];
    });
    // Which one CloudTrail wrote cannot be told; the successor's link to the genuine one still holds.
    expect((await verify(copy)).problems).toEqual(problems(['digest-chain-broken', [fork, genuine, ...listedBy(copy, genuine)]]));
  });

  it('names a digest whose predecessor is a digest of another chain as digest-chain-broken', async () => {
    const copy = copyOf(pristine);
    const newest = standardChain()[3];
    const otherAccount = pristine.chains.find((c) => c[0].includes('/222222222222/CloudTrail-Digest/us-east-1/'))!;
    tamper.relinkDigest(copy.root, newest, otherAccount[2], testKeys()[0]);
    expect((await verify(copy)).problems).toEqual(problems(['digest-chain-broken', [newest, ...listedBy(copy, newest)]]));
  });

  it('still follows a link from a digest under another key prefix (a trail whose prefix changed)', async () => {
    const copy = copyOf(pristine);
    const [, , previous, newest] = standardChain();
    const moved = `moved/${newest}`;
    fs.mkdirSync(path.dirname(`${copy.root}/${moved}`), { recursive: true });
    tamper.copyDigest(copy.root, newest, moved);
    tamper.removeDigest(copy.root, newest);
    tamper.resignDigest(copy.root, moved, testKeys()[0], (body) => {
      body.digestS3Object = moved;
    });
    expect(listedBy(copy, moved).length).toBeGreaterThan(0);
    expect(parseArchiveKey(moved)).toMatchObject({ kind: 'digest', prefix: 'moved' });
    const result = await verify(copy);
    expect(result.problems).toEqual([]);
    expect(result.verifiedLogFiles).toEqual(expect.arrayContaining([...listedBy(copy, previous), ...listedBy(copy, moved)]));
  });

  it('does not take an entry that names another bucket as listing the file at that key in this copy', async () => {
    const copy = copyOf(pristine);
    const newest = standardChain()[3];
    const [elsewhere] = listedBy(copy, newest);
    tamper.resignDigest(copy.root, newest, testKeys()[0], (body) => {
      const entries = body.logFiles as { s3Object: string; s3Bucket: string }[];
      entries[0].s3Bucket = 'another-bucket';
    });
    expect((await verify(copy)).problems).toEqual(problems(['not-in-any-digest', elsewhere]));
  });
});
