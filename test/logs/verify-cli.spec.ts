/**
 * `npm run logs -- verify`: exit codes, the JSON shape and the text lines, run in-process through
 * runLogs; one spawned run of bin/logs.ts proves the entry point.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLogs } from '../../tooling/logs/cli';
import { KEYS_INSIDE_NOTE } from '../../tooling/logs/commands/verify';
import { type CorpusSummary, tamper } from '../../tooling/logs/corpus';
import { copyOf, corpus, listedBy, runInProcess, scratch } from './support';

const REPO = path.resolve(__dirname, '..', '..');
let pristine: CorpusSummary;

beforeAll(async () => {
  pristine = await corpus({ hours: 2, pendingHours: 1, accounts: ['111111111111'], regions: ['us-east-1', 'eu-west-1'] });
});

const logs = (argv: string[], cwd = REPO) => runInProcess(runLogs, argv, cwd);

describe('logs verify > an intact copy', () => {
  it('exits 0 and prints exactly the documented JSON shape', async () => {
    const { code, stdout } = await logs(['verify', '--from', pristine.root, '--public-keys', pristine.publicKeysFile, '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['ok', 'digests', 'logFiles', 'problems', 'unverified']);
    expect(json).toEqual({
      ok: true,
      digests: pristine.digests.length,
      logFiles: pristine.logFiles.length - pristine.unverified.length,
      problems: [],
      unverified: [...pristine.unverified].sort(),
    });
  });

  it('reads <dir>/public-keys.json when --public-keys is not given, and resolves --from against the working folder', async () => {
    const { code, stdout } = await logs(['verify', '--from', path.basename(pristine.root)], path.dirname(pristine.root));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^unverified AWSLogs\//m);
    expect(stdout.trimEnd().split('\n').pop()).toBe(
      `OK: ${pristine.digests.length} digests and ${pristine.logFiles.length - pristine.unverified.length} log files verified; ${pristine.unverified.length} log files newer than the newest digest (unverified)`,
    );
  });
});

describe('logs verify > a tampered copy', () => {
  it('exits 1 with one line per problem, naming the file relative to the copy', async () => {
    const copy = copyOf(pristine);
    const changed = listedBy(copy, copy.chains[0][0])[0];
    const removed = copy.chains[1][0];
    tamper.changeRecord(copy.root, changed);
    tamper.removeSidecar(copy.root, removed);
    const { code, stdout } = await logs(['verify', '--from', copy.root]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toContain(`modified ${changed}`);
    expect(lines).toContain(`no-signature ${removed}`);
    expect(lines.at(-1)).toMatch(/^FAILED: \d+ problems; /);
    const json = JSON.parse((await logs(['verify', '--from', copy.root, '--format', 'json'])).stdout);
    expect(json.ok).toBe(false);
    expect(json.problems).toContainEqual({ file: changed, kind: 'modified' });
  });
});

describe('logs verify > usage errors exit 2 with one line naming the flag', () => {
  it.each([
    [['verify'], /^--from is required\. Fix: /],
    [['verify', '--from', '/nonexistent/copy'], /^--from \/nonexistent\/copy: not a folder\. Fix: /],
    [['verify', '--from', '.', '--format', 'xml'], /^--format xml: not one of text, json\. Fix: /],
    [['verify', '--from', '.', '--since', 'yesterday'], /^--since yesterday: not an ISO 8601 time\. Fix: /],
    [['verify', '--from', '.', '--since', '2026-02-30'], /^--since 2026-02-30: not an ISO 8601 time\. Fix: /],
    [['verify', '--from', '.', '--bucket', ''], /^--bucket "": not an S3 bucket name \(3-63 .*\)\. Fix: /],
    [['verify', '--from', '.', '--bucket', 'Acme_Logs'], /^--bucket "Acme_Logs": not an S3 bucket name \(3-63 .*\)\. Fix: /],
    [
      ['verify', '--from', 'AWSLogs', '--public-keys', 'public-keys.json'],
      /^--from AWSLogs: no CloudTrail digest or log file under it \(expected <dir>\/\[prefix\/\]AWSLogs\/\.\.\.\)\. Fix: /,
    ],
    [
      ['verify', '--from', '.', '--colour'],
      /^--colour: not a flag of this command\. Fix: use one of --from, --public-keys, --since, --bucket, --format \(npm run logs -- verify --help\)/,
    ],
    [['verify', '--form', '.'], /^--form: not a flag of this command\. Fix: did you mean --from\? \(npm run logs -- verify --help\)/],
    [['verify', '--from'], /^Option '--from <value>' argument missing\. Fix: see npm run logs -- verify --help/],
    [['verfiy'], /^verfiy: unknown command\. Fix: use one of /],
  ])('%j', async (argv, message) => {
    const { code, stderr, stdout } = await logs(argv as string[], pristine.root);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('names --public-keys when there is no key file, and when it is not what list-public-keys prints', async () => {
    const empty = scratch('no-keys');
    fs.mkdirSync(path.join(empty, 'AWSLogs'));
    expect((await logs(['verify', '--from', empty])).stderr).toMatch(
      /^--public-keys not given and .*public-keys\.json does not exist\. Fix: aws cloudtrail list-public-keys/,
    );
    const pem = path.join(empty, 'key.pem');
    fs.writeFileSync(pem, '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n');
    expect(await logs(['verify', '--from', empty, '--public-keys', pem])).toEqual({
      code: 2,
      stdout: '',
      stderr: `--public-keys ${pem}: a PEM key, not the JSON aws cloudtrail list-public-keys prints (its PublicKeyList[].Value is the DER key, base64). Fix: pass what aws cloudtrail list-public-keys prints\n`,
    });
    const bad = path.join(empty, 'keys.json');
    fs.writeFileSync(bad, '{"Keys": []}');
    const result = await logs(['verify', '--from', empty, '--public-keys', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^--public-keys .*keys\.json: expected \{"PublicKeyList": \[\.\.\.\]\}.*Fix: /);
  });
});

describe('bin/logs.ts', () => {
  it('runs verify as npm run logs does and exits with its code', () => {
    const run = spawnSync(
      process.execPath,
      ['-r', './bin/register.js', 'bin/logs.ts', 'verify', '--from', pristine.root, '--format', 'json'],
      {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, INIT_CWD: REPO, CDKTF_ORG_LOGGING_CACHE_DIR: scratch('ts-cache') },
      },
    );
    // The keys default to the copy's own public-keys.json: said, since they prove nothing against whoever changed the copy.
    expect(run.stderr).toBe(KEYS_INSIDE_NOTE);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).ok).toBe(true);
  });
});

describe('keys from inside the copy', () => {
  it('are noted on stderr, given or by default; keys kept outside the copy are not', async () => {
    const outside = path.join(scratch('keys'), 'keys.json');
    fs.copyFileSync(pristine.publicKeysFile, outside);
    const byDefault = await logs(['verify', '--from', pristine.root]);
    const given = await logs(['verify', '--from', pristine.root, '--public-keys', path.join(pristine.root, 'public-keys.json')]);
    const kept = await logs(['verify', '--from', pristine.root, '--public-keys', outside]);
    expect([byDefault.code, given.code, kept.code]).toEqual([0, 0, 0]);
    expect(byDefault.stderr).toBe(KEYS_INSIDE_NOTE);
    expect(given.stderr).toBe(KEYS_INSIDE_NOTE);
    expect(kept.stderr).toBe('');
    expect(kept.stdout).toBe(byDefault.stdout);
  });
});
