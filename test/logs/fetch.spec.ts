/**
 * `npm run logs -- fetch` against a real S3-compatible server on loopback (s3rver) holding a
 * generated archive, with the digests' signatures in object metadata as CloudTrail writes them.
 * ListPublicKeys, which s3rver cannot serve, is answered by a small HTTP handler speaking the
 * CloudTrail JSON 1.1 protocol with the test keys: the real SDK client calls it over HTTP.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runLogs } from '../../tooling/logs/cli';
import type { CorpusSummary } from '../../tooling/logs/corpus';
import { fetchArchive } from '../../tooling/logs/fetch';
import { readPublicKeys, verifyArchive } from '../../tooling/logs/verify';
import { corpus, logFilesOnDisk, runInProcess, scratch, testKeys } from './support';

interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
/** s3rver ships no types. */
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverServer;

/**
 * s3rver 3.7.1 prunes folders below a common prefix before it has seen the objects in them, so a
 * delimiter listing misses every prefix whose objects sit deeper than one level (S3 returns them).
 * Listed here without the delimiter inside the store and grouped as S3 groups, so fetch sees what
 * S3 would answer; nothing else of the server is changed.
 */
function groupCommonPrefixesAsS3Does(): void {
  type Listing = { objects: { key: string }[]; commonPrefixes: string[]; isTruncated: boolean };
  type Options = { delimiter?: string; prefix?: string; maxKeys?: number };
  const store = require('s3rver/lib/stores/filesystem') as {
    prototype: { listObjects(bucket: string, options: Options): Promise<Listing> };
  };
  const original = store.prototype.listObjects;
  store.prototype.listObjects = async function (bucket, options) {
    if (!options.delimiter) return original.call(this, bucket, options);
    const all = await original.call(this, bucket, { ...options, delimiter: '', maxKeys: Number.POSITIVE_INFINITY });
    const prefix = options.prefix ?? '';
    const common = new Set<string>();
    const objects = all.objects.filter((object) => {
      const at = object.key.indexOf(options.delimiter!, prefix.length);
      if (at >= 0) common.add(object.key.slice(0, at + 1));
      return at < 0;
    });
    return { objects, commonPrefixes: [...common].sort(), isTruncated: false };
  };
}
groupCommonPrefixesAsS3Does();

const ENV = [
  'AWS_CONFIG_FILE',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_CLOUDTRAIL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_PROFILE',
];
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
let archive: CorpusSummary;
let s3server: S3rverServer;
let cloudTrail: http.Server;
const keyRequests: { region: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  archive = await corpus({ hours: 4, pendingHours: 1, prefix: 'trails', accounts: ['111111111111'], regions: ['us-east-1', 'eu-west-1'] });
  s3server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: scratch('s3rver'),
    configureBuckets: [{ name: archive.bucket }],
  });
  const { port } = await s3server.run();
  cloudTrail = http.createServer(listPublicKeys);
  await new Promise<void>((resolve) => cloudTrail.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
    AWS_ENDPOINT_URL_CLOUDTRAIL: `http://127.0.0.1:${(cloudTrail.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
  });
  delete process.env.AWS_PROFILE;
  await upload(archive);
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await s3server?.close();
  await new Promise((resolve) => cloudTrail?.close(resolve));
});

/** Puts every log file and digest, with the digest's signature as S3 user metadata (x-amz-meta-*). */
async function upload(summary: CorpusSummary): Promise<void> {
  const s3 = new S3Client({ forcePathStyle: true });
  for (const key of [...summary.logFiles, ...summary.digests]) {
    const file = path.join(summary.root, key);
    const sidecar = summary.digests.includes(key) ? JSON.parse(fs.readFileSync(`${file}.metadata.json`, 'utf8')) : undefined;
    await s3.send(
      new PutObjectCommand({
        Bucket: summary.bucket,
        Key: key,
        Body: fs.readFileSync(file),
        ...(sidecar ? { Metadata: sidecar.Metadata } : {}),
      }),
    );
  }
}

/** ListPublicKeys (JSON 1.1): the test keys, Value as base64 DER in PKCS#1 as the API documents it. */
function listPublicKeys(request: http.IncomingMessage, response: http.ServerResponse): void {
  let text = '';
  request.on('data', (chunk) => {
    text += chunk;
  });
  request.on('end', () => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/cloudtrail\//.exec(String(request.headers.authorization))?.[1] ?? '?';
    if (!target.endsWith('.ListPublicKeys')) {
      response
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ __type: 'UnsupportedOperationException' }));
      return;
    }
    keyRequests.push({ region, body: JSON.parse(text) });
    const PublicKeyList = testKeys().map((k) => ({
      // The listed bytes (their MD5 is the fingerprint); one test key is SPKI, which the verifier accepts too.
      Value: k.publicDer.toString('base64'),
      ValidityStartTime: k.validFrom.getTime() / 1000,
      ValidityEndTime: k.validUntil.getTime() / 1000,
      Fingerprint: k.fingerprint,
    }));
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ PublicKeyList }));
  });
}

async function fetchInProcess(argv: string[]) {
  return runInProcess(runLogs, ['fetch', '--bucket', archive.bucket, '--prefix', 'trails', ...argv], '/');
}

describe('logs fetch', () => {
  it('downloads a time range with sidecars and keys, and the copy verifies', async () => {
    const out = scratch('fetched');
    const run = await fetchInProcess(['--since', '2026-03-01T01:30:00Z', '--until', '2026-03-01T03:30:00Z', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/public keys of eu-west-1, us-east-1 in .*public-keys\.json/);

    const expectedDigests = archive.digests.filter((d) => {
      const time = /_(\d{8}T\d{6}Z)\.json\.gz$/.exec(d)![1];
      return time >= '20260301T013000Z' && time <= '20260301T043000Z';
    });
    const fetchedDigests = (fs.readdirSync(out, { recursive: true }) as string[])
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.includes('CloudTrail-Digest') && f.endsWith('.json.gz'))
      .sort();
    expect(fetchedDigests).toEqual(expectedDigests);
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, `${expectedDigests[0]}.metadata.json`), 'utf8'));
    const original = JSON.parse(fs.readFileSync(path.join(archive.root, `${expectedDigests[0]}.metadata.json`), 'utf8'));
    expect(sidecar).toMatchObject({ AcceptRanges: 'bytes', ContentLength: original.ContentLength, Metadata: original.Metadata });
    expect(sidecar.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(new Set(keyRequests.map((r) => r.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));

    const result = await verifyArchive({ root: out, publicKeys: readPublicKeys(path.join(out, 'public-keys.json')) });
    expect(result.problems).toEqual([]);
    expect(result.digests).toBe(expectedDigests.length);
    expect(result.logFiles).toBeGreaterThan(0);
    expect([...result.verifiedLogFiles, ...result.unverified].sort()).toEqual(logFilesOnDisk(out));
    const verified = await runInProcess(runLogs, ['verify', '--from', out], '/');
    expect(verified.code).toBe(0);

    const again = await fetchInProcess(['--since', '2026-03-01T01:30:00Z', '--until', '2026-03-01T03:30:00Z', '--out', out]);
    const [, digests, logs, present] = /^(\d+) digests and (\d+) log files in .* \((\d+) were already there\)/.exec(again.stdout)!;
    expect(Number(present)).toBe(Number(digests) + Number(logs));
  });

  it('fetches one account of the whole range, which verifies like the original', async () => {
    const out = scratch('fetched-account');
    const run = await fetchInProcess(['--account', '999999999999', '--since', '2026-03-01', '--until', '2026-03-02', '--out', out]);
    expect(run.code).toBe(0);
    const mine = (key: string) => key.startsWith('trails/AWSLogs/999999999999/');
    expect(logFilesOnDisk(out)).toEqual(archive.logFiles.filter(mine));
    const result = await verifyArchive({ root: out, publicKeys: readPublicKeys(path.join(out, 'public-keys.json')) });
    expect(result.problems).toEqual([]);
    expect(result.unverified).toEqual(archive.unverified.filter(mine).sort());
  });

  it('lists day folders and account folders only, never the whole bucket', async () => {
    const listed: { Prefix?: string; Delimiter?: string }[] = [];
    const s3 = new S3Client({ forcePathStyle: true });
    s3.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Bucket?: string; Key?: string };
        if (input.Bucket && input.Key === undefined) listed.push(input as never);
        return next(args);
      },
      { step: 'initialize' },
    );
    const out = scratch('fetched-listing');
    await fetchArchive(
      {
        bucket: archive.bucket,
        prefix: 'trails',
        region: 'eu-west-1',
        since: new Date('2026-03-01T00:00:00Z'),
        until: new Date('2026-03-01T06:00:00Z'),
        out,
      },
      {
        s3,
        cloudTrail: (region) => new CloudTrailClient({ region }),
      },
    );
    expect(listed.length).toBeGreaterThan(0);
    for (const input of listed) {
      const byDay = /\/CloudTrail(-Digest)?\/eu-west-1\/\d{4}\/\d{2}\/\d{2}\/$/.test(input.Prefix ?? '');
      const byFolder = input.Delimiter === '/' && /^trails\/AWSLogs\/(o-[a-z0-9]+\/)?$/.test(input.Prefix ?? '');
      expect({ input, ok: byDay || byFolder }).toEqual({ input, ok: true });
    }
  });

  it('exits 2 naming the flag when a required flag is missing or wrong', async () => {
    for (const [argv, message] of [
      [['--since', '2026-03-01'], /^--out is required/],
      [['--out', '/tmp/x'], /^--since is required/],
      [['--since', '2026-03-02', '--until', '2026-03-01', '--out', '/tmp/x'], /^--until .* is not after --since/],
      [['--account', '12', '--since', '2026-03-01', '--out', '/tmp/x'], /^--account 12: not a 12-digit account ID/],
    ] as const) {
      const run = await fetchInProcess([...argv]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('logs fetch without a region', () => {
  it("exits 2 naming AWS_REGION before it writes anything, not with the SDK's stack trace", async () => {
    const home = scratch('no-region');
    const region = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = path.join(home, 'no-config');
    try {
      const out = path.join(home, 'copy');
      expect(await fetchInProcess(['--since', '2026-03-01', '--out', out])).toEqual({
        code: 2,
        stdout: '',
        stderr:
          "the AWS SDK finds no region for S3 (AWS_REGION, or region in your AWS profile). Fix: set AWS_REGION to the archive bucket's region, e.g. AWS_REGION=eu-west-1\n",
      });
      expect(fs.readdirSync(home)).toEqual([]);
    } finally {
      process.env.AWS_REGION = region;
      delete process.env.AWS_CONFIG_FILE;
    }
  });
});
