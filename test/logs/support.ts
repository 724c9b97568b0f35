/**
 * Shared by the logs tests: a generated corpus per test file (keys made once), fresh copies to
 * tamper with, and the partition check every verification result must pass.
 */
import { createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { type CorpusOptions, type CorpusSummary, generateCorpus, generateSigningKeys, type SigningKey } from '../../tooling/logs/corpus';
import type { Problem, VerificationResult } from '../../tooling/logs/verify';

let keys: SigningKey[] | undefined;

/**
 * Made once for the whole test run and kept in the temp folder (per user): RSA generation costs
 * about 0.7 s of CPU, which every test file paid. Written whole and renamed into place, so a test
 * file running beside the one that makes them reads either nothing (and makes its own) or both.
 */
const KEY_CACHE = path.join(os.tmpdir(), `cdktf-org-logging-test-keys-${process.getuid?.() ?? 'user'}-v1.json`);

/** The two test keys (one PKCS#1, one SPKI), the same in every test file of a run. */
export function testKeys(): SigningKey[] {
  keys ??= cachedKeys() ?? makeKeys();
  return keys;
}

interface CachedKey {
  readonly privatePem: string;
  readonly publicDer: string;
  readonly encoding: SigningKey['encoding'];
  readonly fingerprint: string;
  readonly validFrom: string;
  readonly validUntil: string;
}

function cachedKeys(): SigningKey[] | undefined {
  try {
    const stored = JSON.parse(fs.readFileSync(KEY_CACHE, 'utf8')) as CachedKey[];
    return stored.map((key) => ({
      privateKey: createPrivateKey(key.privatePem),
      publicDer: Buffer.from(key.publicDer, 'base64'),
      encoding: key.encoding,
      fingerprint: key.fingerprint,
      validFrom: new Date(key.validFrom),
      validUntil: new Date(key.validUntil),
    }));
  } catch {
    return undefined;
  }
}

function makeKeys(): SigningKey[] {
  const made = generateSigningKeys(new Date('2026-01-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z'));
  const stored: CachedKey[] = made.map((key) => ({
    privatePem: key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicDer: key.publicDer.toString('base64'),
    encoding: key.encoding,
    fingerprint: key.fingerprint,
    validFrom: key.validFrom.toISOString(),
    validUntil: key.validUntil.toISOString(),
  }));
  const partial = `${KEY_CACHE}.${process.pid}`;
  fs.writeFileSync(partial, JSON.stringify(stored), { mode: 0o600 });
  fs.renameSync(partial, KEY_CACHE);
  return made;
}

export function scratch(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `logs-${name}-`));
}

export async function corpus(options: Omit<CorpusOptions, 'root'> = {}): Promise<CorpusSummary> {
  return generateCorpus({ keys: testKeys(), ...options, root: scratch('corpus') });
}

/**
 * A fresh copy of a corpus to tamper with; the summary's paths stay valid (they are relative keys).
 * Every file is copied (no links: tampering writes in place); each leaf folder is made once and the
 * files copied plainly, a third of fs.cpSync's CPU (which stats every entry of both trees again).
 */
export function copyOf(summary: CorpusSummary): CorpusSummary {
  const root = scratch('copy');
  const entries = fs.readdirSync(summary.root, { recursive: true, withFileTypes: true });
  const relative = (entry: fs.Dirent) => path.relative(summary.root, path.join(entry.parentPath, entry.name));
  const folders = entries.filter((entry) => entry.isDirectory()).map(relative);
  const files = entries.filter((entry) => !entry.isDirectory()).map(relative);
  const inner = new Set(folders.map((folder) => path.dirname(folder)));
  for (const folder of folders) if (!inner.has(folder)) fs.mkdirSync(path.join(root, folder), { recursive: true });
  for (const file of files) fs.copyFileSync(path.join(summary.root, file), path.join(root, file));
  return { ...summary, root, publicKeysFile: path.join(root, 'public-keys.json') };
}

/** Log files listed by a digest (read from the generated digest). */
export function listedBy(summary: CorpusSummary, digestKey: string): string[] {
  const body = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(summary.root, digestKey))).toString('utf8'));
  return body.logFiles.map((f: { s3Object: string }) => f.s3Object);
}

/** Every log file on disk under the root, as keys. */
export function logFilesOnDisk(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => /\/CloudTrail\/[^/]+\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.json\.gz$/.test(f))
    .sort();
}

/** Each log file on disk is in exactly one of verified, unverified, or a problem naming it. */
export function expectPartition(root: string, result: VerificationResult): void {
  const named = new Map<string, number>();
  for (const file of [...result.verifiedLogFiles, ...result.unverified, ...result.problems.map((p) => p.file)]) {
    named.set(file, (named.get(file) ?? 0) + 1);
  }
  const onDisk = logFilesOnDisk(root);
  expect(onDisk.length).toBeGreaterThan(0);
  expect(onDisk.filter((file) => named.get(file) !== 1)).toEqual([]);
}

export function problems(...entries: [Problem['kind'], string | string[]][]): Problem[] {
  return entries
    .flatMap(([kind, files]) => (Array.isArray(files) ? files : [files]).map((file) => ({ file, kind })))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

/** Runs a logs command in-process (runLogs), collecting what it prints. */
export async function runInProcess(
  run: (argv: string[], io: { stdout: (t: string) => void; stderr: (t: string) => void; cwd: string }) => Promise<number>,
  argv: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { stdout: (text) => out.push(text), stderr: (text) => err.push(text), cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
