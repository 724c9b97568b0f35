/**
 * verifyArchive over generated corpora: an intact copy verifies with exact counts, and each way of
 * tampering is named, file by file, with every log file accounted for exactly once.
 */
import { type CorpusSummary, tamper } from '../../tooling/logs/corpus';
import { hashGzipFile, type PublicKeyList, readPublicKeys, type VerificationResult, verifyArchive } from '../../tooling/logs/verify';
import { copyOf, corpus, expectPartition, listedBy, problems, testKeys } from './support';

let pristine: CorpusSummary;
let keys: PublicKeyList;

beforeAll(async () => {
  pristine = await corpus({ hours: 4, pendingHours: 1, backfill: true });
  keys = readPublicKeys(pristine.publicKeysFile);
});

async function verify(
  summary: CorpusSummary,
  options: { since?: Date; bucket?: string; publicKeys?: PublicKeyList } = {},
): Promise<VerificationResult> {
  const result = await verifyArchive({ root: summary.root, publicKeys: keys, ...options });
  expectPartition(summary.root, result);
  return result;
}

/** The chain of the first organization account in its first region (the one with a backfill chain). */
const firstChain = () => pristine.chains[0];
const covered = (summary: CorpusSummary) => summary.logFiles.filter((f) => !summary.unverified.includes(f));

describe('verifyArchive > an intact copy', () => {
  it('verifies every digest and every covered log file, and lists newer files as unverified', async () => {
    const result = await verify(pristine);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.digests).toBe(pristine.digests.length);
    expect(result.verifiedLogFiles).toEqual(covered(pristine));
    expect(result.logFiles).toBe(covered(pristine).length);
    expect(result.unverified).toEqual([...pristine.unverified].sort());
    expect(pristine.unverified.length).toBeGreaterThan(0);
  });

  it('covers organization and external-account paths, several regions and both key encodings', () => {
    expect(pristine.logFiles.some((f) => f.startsWith('AWSLogs/o-a1b2c3d4e5/111111111111/CloudTrail/us-east-1/'))).toBe(true);
    expect(pristine.logFiles.some((f) => f.startsWith('AWSLogs/999999999999/CloudTrail/eu-west-1/'))).toBe(true);
    expect(testKeys().map((k) => k.encoding)).toEqual(['pkcs1', 'spki']);
    expect(keys.map((k) => k.fingerprint)).toEqual(testKeys().map((k) => k.fingerprint));
  });
});

describe('verifyArchive > log files', () => {
  it('names a log file with a changed record as modified', async () => {
    const copy = copyOf(pristine);
    const file = listedBy(copy, firstChain()[1])[0];
    tamper.changeRecord(copy.root, file);
    expect((await verify(copy)).problems).toEqual(problems(['modified', file]));
  });

  it('names a log file with records appended as a second gzip member as modified', async () => {
    const copy = copyOf(pristine);
    const file = listedBy(copy, firstChain()[2])[0];
    tamper.appendGzipMember(copy.root, file, [{ eventName: 'CreateDeployment', sourceIPAddress: '6.6.6.6' }]);
    expect((await verify(copy)).problems).toEqual(problems(['modified', file]));
  });

  it('names a log file with bytes after its gzip stream as modified', async () => {
    const copy = copyOf(pristine);
    const file = listedBy(copy, firstChain()[2])[1];
    tamper.appendBytes(copy.root, file);
    expect((await verify(copy)).problems).toEqual(problems(['modified', file]));
  });

  it('names a listed log file that is not in the copy as missing', async () => {
    const copy = copyOf(pristine);
    const file = listedBy(copy, firstChain()[1])[1];
    tamper.removeFile(copy.root, file);
    const result = await verify(copy);
    expect(result.problems).toEqual(problems(['missing', file]));
    expect(result.logFiles).toBe(covered(pristine).length - 1);
  });

  it('names a log file that no digest lists as not-in-any-digest', async () => {
    const copy = copyOf(pristine);
    const added = tamper.addUnlistedFile(copy.root, listedBy(copy, firstChain()[1])[0]);
    expect((await verify(copy)).problems).toEqual(problems(['not-in-any-digest', added]));
  });

  it('compares a hash the caller already holds instead of reading the file again', async () => {
    const copy = copyOf(pristine);
    const file = listedBy(copy, firstChain()[1])[0];
    const held = (await hashGzipFile(`${copy.root}/${file}`)).sha256;
    tamper.changeRecord(copy.root, file);
    const result = await verifyArchive({ root: copy.root, publicKeys: keys, knownSha256: (key) => (key === file ? held : undefined) });
    expect(result.problems).toEqual([]);
    const wrong = await verifyArchive({
      root: copy.root,
      publicKeys: keys,
      knownSha256: (key) => (key === file ? '0'.repeat(64) : undefined),
    });
    expect(wrong.problems).toEqual(problems(['modified', file]));
  });

  it('checks only the log files a filter selects, and every digest', async () => {
    const copy = copyOf(pristine);
    tamper.changeRecord(copy.root, listedBy(copy, firstChain()[1])[0]);
    const external = (key: string) => key.startsWith('AWSLogs/999999999999/');
    const result = await verifyArchive({ root: copy.root, publicKeys: keys, onlyLogFiles: external });
    expect(result.problems).toEqual([]);
    expect(result.digests).toBe(pristine.digests.length);
    expect(result.verifiedLogFiles).toEqual(covered(pristine).filter(external));
  });
});

describe('verifyArchive > digests', () => {
  it('names a digest removed from the middle of a chain as digest-missing, and its log files as not-in-any-digest', async () => {
    const copy = copyOf(pristine);
    const removed = firstChain()[1];
    const orphans = listedBy(copy, removed);
    tamper.removeDigest(copy.root, removed);
    expect((await verify(copy)).problems).toEqual(problems(['digest-missing', removed], ['not-in-any-digest', orphans]));
  });

  it('names a digest with a forged signature, its log files, and the successor whose link names the real signature', async () => {
    const copy = copyOf(pristine);
    const [, forged, successor] = firstChain();
    tamper.forgeDigestSignature(copy.root, forged);
    expect((await verify(copy)).problems).toEqual(
      problems(
        ['digest-signature-invalid', [forged, ...listedBy(copy, forged)]],
        ['digest-chain-broken', [successor, ...listedBy(copy, successor)]],
      ),
    );
  });

  it('names the successor of a digest rewritten and signed again as digest-chain-broken', async () => {
    const copy = copyOf(pristine);
    const [, rewritten, successor] = firstChain();
    const dropped = listedBy(copy, rewritten)[0];
    tamper.resignDigest(copy.root, rewritten, testKeys()[0], (body) => {
      body.logFiles = (body.logFiles as { s3Object: string }[]).filter((f) => f.s3Object !== dropped);
    });
    expect((await verify(copy)).problems).toEqual(
      problems(['digest-chain-broken', [successor, ...listedBy(copy, successor)]], ['not-in-any-digest', dropped]),
    );
  });

  it('names a digest found at a key other than the one it names as digest-moved', async () => {
    const copy = copyOf(pristine);
    const original = firstChain()[1];
    const elsewhere = original.replace(/(\d{8}T\d{6}Z)\.json\.gz$/, (_, time: string) => `${time.slice(0, 13)}59Z.json.gz`);
    expect(elsewhere).not.toBe(original);
    tamper.copyDigest(copy.root, original, elsewhere);
    expect((await verify(copy)).problems).toEqual(problems(['digest-moved', elsewhere]));
  });

  it('names every digest as digest-moved when --bucket names another bucket', async () => {
    const result = await verify(pristine, { bucket: 'another-bucket' });
    expect(result.problems.filter((p) => p.file.includes('/CloudTrail-Digest/')).map((p) => p.file)).toEqual(pristine.digests);
    expect(new Set(result.problems.map((p) => p.kind))).toEqual(new Set(['digest-moved']));
    expect(result.verifiedLogFiles).toEqual([]);
    expect((await verify(pristine, { bucket: pristine.bucket })).ok).toBe(true);
  });

  it('names a digest without its sidecar as no-signature, with its log files', async () => {
    const copy = copyOf(pristine);
    const unsigned = firstChain()[2];
    tamper.removeSidecar(copy.root, unsigned);
    expect((await verify(copy)).problems).toEqual(problems(['no-signature', [unsigned, ...listedBy(copy, unsigned)]]));
  });

  it('names digests signed by a key the key file does not hold as no-public-key', async () => {
    const [pkcs1] = testKeys();
    const withoutPkcs1 = keys.filter((k) => k.fingerprint !== pkcs1.fingerprint);
    const result = await verify(pristine, { publicKeys: withoutPkcs1 });
    // Regions alternate keys: the first region's digests were signed with the PKCS#1-listed key.
    const firstRegion = pristine.digests.filter((d) => d.includes('/CloudTrail-Digest/us-east-1/'));
    const unkeyed = result.problems.filter((p) => p.kind === 'no-public-key' && p.file.includes('CloudTrail-Digest'));
    expect(unkeyed.map((p) => p.file)).toEqual(firstRegion);
    expect(result.problems.every((p) => p.kind === 'no-public-key')).toBe(true);
    expect(result.verifiedLogFiles.every((f) => f.includes('/CloudTrail/eu-west-1/'))).toBe(true);
    expect(result.verifiedLogFiles.length).toBeGreaterThan(0);
  });

  it('rejects a key that was not valid when the digest was signed', async () => {
    const expired = keys.map((k) => ({ ...k, validUntil: new Date('2026-01-02T00:00:00Z') }));
    const result = await verify(pristine, { publicKeys: expired });
    expect(new Set(result.problems.map((p) => p.kind))).toEqual(new Set(['no-public-key']));
  });
});

describe('verifyArchive > chains', () => {
  it('keeps backfill digests in a chain of their own', async () => {
    const copy = copyOf(pristine);
    const backfillChain = pristine.chains.find((c) => c[0].endsWith('_backfill.json.gz'))!;
    expect(backfillChain).toHaveLength(2);
    expect((await verify(copy)).verifiedLogFiles).toEqual(expect.arrayContaining(pristine.backfillLogFiles));
    // The standard chain starts later than the backfill digest of the same hour: if both were one
    // chain, dropping the first standard digest would leave a backfill digest before the gap.
    const firstStandard = firstChain()[0];
    const orphans = listedBy(copy, firstStandard);
    tamper.removeDigest(copy.root, firstStandard);
    for (const file of orphans) tamper.removeFile(copy.root, file);
    expect((await verify(copy)).problems).toEqual([]);
    tamper.removeDigest(copy.root, backfillChain[0]);
    expect((await verify(copy)).problems).toEqual(problems(['not-in-any-digest', listedBy(pristine, backfillChain[0])]));
  });

  it('takes the oldest digest of a copy that begins mid-chain as its start, unless --since says the copy begins earlier', async () => {
    const copy = copyOf(pristine);
    const heads = pristine.chains.map((chain) => chain[0]);
    for (const head of heads) {
      for (const file of listedBy(copy, head)) tamper.removeFile(copy.root, file);
      tamper.removeDigest(copy.root, head);
    }
    expect((await verify(copy)).problems).toEqual([]);
    expect((await verify(copy, { since: new Date('2026-03-01T02:30:00Z') })).problems).toEqual([]);
    const since = await verify(copy, { since: new Date('2026-03-01T00:00:00Z') });
    expect(since.problems).toEqual(problems(['digest-missing', heads]));
  });

  it('does not require the previous day of a copy made by day folders', async () => {
    const late = await corpus({
      start: new Date('2026-03-01T22:00:00Z'),
      hours: 4,
      accounts: ['111111111111'],
      externalAccounts: [],
      regions: ['us-east-1'],
    });
    const copy = copyOf(late);
    const firstDay = late.chains[0].filter((d) => d.includes('/2026/03/01/'));
    for (const digest of firstDay) tamper.removeDigest(copy.root, digest);
    for (const file of late.logFiles.filter((f) => f.includes('/2026/03/01/'))) tamper.removeFile(copy.root, file);
    const oldestLeft = late.chains[0][firstDay.length];
    expect(listedBy(late, oldestLeft).some((f) => f.includes('/2026/03/01/'))).toBe(true);
    expect((await verify(copy)).problems).toEqual([]);
    const since = await verify(copy, { since: new Date('2026-03-01T22:00:00Z') });
    expect(since.problems.map((p) => p.kind).sort()).toEqual(
      [
        ...firstDay.map(() => 'digest-missing'),
        ...listedBy(late, oldestLeft)
          .filter((f) => f.includes('/2026/03/01/'))
          .map(() => 'missing'),
      ].sort(),
    );
  });
});
