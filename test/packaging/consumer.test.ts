/**
 * Packaging tier: how platform repos use the module. The library is compiled and packed outside the
 * repo (the repo's dist/ is never rebuilt), the tarball is installed into a scratch project under
 * os.tmpdir() (peers linked from the repo's node_modules, offline), then a plain-JavaScript consumer
 * app is synthesized and a TypeScript one type-checked against the published .d.ts files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageChatNotifier } from '../../modules/deployment-monitoring/chat-notifier-asset';
import {
  CHAT_NOTIFIER_FILES,
  CONSUMER,
  CONSUMER_MAIN_JS,
  CONSUMER_MAIN_TS,
  CONSUMER_TSCONFIG,
  CONSUMER_WRONG_TS,
  distFingerprint,
  installConsumer,
  LAMBDA_ASSET_FILES,
  LINKED_PACKAGES,
  librarySources,
  type PackResult,
  packLibrary,
  REPO_ROOT,
  repoPackFiles,
  TSC,
} from '../support/consumer';

jest.setTimeout(120_000);

interface TerraformJson {
  provider?: { aws?: Record<string, unknown>[] };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: { required_providers?: Record<string, { source: string; version: string }> };
}

let scratch: string;
let project: string;
let packed: PackResult;
let distBefore: string[];
const timings: Record<string, number> = {};

beforeAll(() => {
  distBefore = distFingerprint();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-consumer-'));
  project = path.join(scratch, 'platform-logging');
  fs.mkdirSync(project);
  packed = packLibrary(scratch);
  timings.pack = packed.ms;
  timings.install = installConsumer(project, packed.tarball);
});

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(`consumer test timings (ms): ${JSON.stringify(timings)}\n`);
});

/** Runs a script with node in the consumer project and parses the JSON it prints. */
function nodeInProject<T>(script: string): T {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' })) as T;
}

describe('packing', () => {
  test("builds and packs outside the repo, leaving the repo's dist/ as it was", () => {
    expect(path.relative(REPO_ROOT, scratch).startsWith('..')).toBe(true);
    expect(path.relative(REPO_ROOT, packed.tarball).startsWith('..')).toBe(true);
    expect(distFingerprint()).toEqual(distBefore);
  });

  test("the repo's files allow-list publishes only dist/modules, dist/stacks, the Lambda assets, the schema and the README", () => {
    const files = repoPackFiles();
    expect(CHAT_NOTIFIER_FILES).toEqual(
      expect.arrayContaining(['assets/chat-notifier/index.mjs', 'assets/chat-notifier/alarm-message.mjs']),
    );
    expect(LAMBDA_ASSET_FILES).toEqual(expect.arrayContaining([...CHAT_NOTIFIER_FILES, 'assets/partition-accounts/index.mjs']));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'config.schema.json', ...LAMBDA_ASSET_FILES]));
    const unwanted = files.filter(
      (f) =>
        !['package.json', 'README.md', 'config.schema.json'].includes(f) &&
        !f.startsWith('dist/modules/') &&
        !f.startsWith('dist/stacks/') &&
        !f.startsWith('assets/'),
    );
    expect(unwanted).toEqual([]);
  });
});

describe('the packed tarball', () => {
  test('holds every compiled module and stack with its declarations, the chat notifier modules, the schema and the README, and nothing else', () => {
    const compiled = librarySources().flatMap((source) => [
      `dist/${source.replace(/\.ts$/, '.js')}`,
      `dist/${source.replace(/\.ts$/, '.d.ts')}`,
    ]);
    expect(compiled).toEqual(expect.arrayContaining(['dist/modules/index.js', 'dist/stacks/index.js']));
    expect([...packed.files].sort()).toEqual(
      ['README.md', 'config.schema.json', 'package.json', ...LAMBDA_ASSET_FILES, ...compiled].sort(),
    );
  });

  test("packages the chat notifier from the installed package's own assets, to the same zip as the repo", () => {
    const { source, hash } = nodeInProject<{ source: string; hash: string }>(`
      const lib = require('cdktf-org-logging');
      console.log(JSON.stringify({ source: lib.chatNotifierSourceFile(), hash: lib.packageChatNotifier().sha256Base64 }));
    `);
    expect(source).toBe(path.join(project, 'node_modules', 'cdktf-org-logging', 'assets', 'chat-notifier', 'index.mjs'));
    expect(hash).toBe(packageChatNotifier().sha256Base64);
  });

  test('ships the stacks entry, dist/stacks/index.js with its declarations', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['dist/stacks/index.js', 'dist/stacks/index.d.ts']));
  });

  test('installs without its own copy of the peer dependencies', () => {
    const installed = path.join(project, 'node_modules', 'cdktf-org-logging');
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
    for (const name of LINKED_PACKAGES) {
      expect(fs.realpathSync(path.join(project, 'node_modules', name))).toBe(path.join(REPO_ROOT, 'node_modules', name));
    }
    // The scratch project cannot see the repo by walking up.
    expect(path.relative(REPO_ROOT, project).startsWith('..')).toBe(true);
  });
});

describe('loading the package from JavaScript', () => {
  test('resolves the package root and the stacks entry inside the installed tarball', () => {
    const resolved = nodeInProject<string[]>(
      "console.log(JSON.stringify([require.resolve('cdktf-org-logging'), require.resolve('cdktf-org-logging/stacks')]))",
    );
    const installed = path.join(project, 'node_modules', 'cdktf-org-logging', 'dist');
    expect(resolved).toEqual([path.join(installed, 'modules', 'index.js'), path.join(installed, 'stacks', 'index.js')]);
  });

  test('loads the constructs from the package root without loading zod or any stacks file', () => {
    const { loaded, exports } = nodeInProject<{ loaded: string[]; exports: Record<string, string> }>(`
      const before = new Set(Object.keys(require.cache));
      const lib = require('cdktf-org-logging');
      const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
      const exports = Object.fromEntries(['LogArchiveBucket', 'LogEncryptionKey', 'trailReference'].map((n) => [n, typeof lib[n]]));
      console.log(JSON.stringify({ loaded, exports }));
    `);
    expect(exports).toEqual({ LogArchiveBucket: 'function', LogEncryptionKey: 'function', trailReference: 'function' });
    const library = loaded.filter((file) => file.includes(`${path.sep}cdktf-org-logging${path.sep}dist${path.sep}`));
    expect(library).toContain(path.join(project, 'node_modules', 'cdktf-org-logging', 'dist', 'modules', 'log-archive-bucket.js'));
    expect(loaded.filter((file) => file.includes(`${path.sep}zod${path.sep}`))).toEqual([]);
    expect(library.filter((file) => !file.includes(`${path.sep}dist${path.sep}modules${path.sep}`))).toEqual([]);
  });

  test('exposes validateConfig, buildOrganization and synthesizeOrganization from cdktf-org-logging/stacks, which brings zod', () => {
    const { loaded, types } = nodeInProject<{ loaded: string[]; types: Record<string, string> }>(`
      const stacks = require('cdktf-org-logging/stacks');
      const types = Object.fromEntries(['validateConfig', 'buildOrganization', 'synthesizeOrganization'].map((n) => [n, typeof stacks[n]]));
      console.log(JSON.stringify({ loaded: Object.keys(require.cache), types }));
    `);
    expect(types).toEqual({ validateConfig: 'function', buildOrganization: 'function', synthesizeOrganization: 'function' });
    // The same probe that finds no zod and no stacks file behind the package root finds them here.
    expect(loaded).toContain(path.join(project, 'node_modules', 'cdktf-org-logging', 'dist', 'stacks', 'index.js'));
    expect(loaded.filter((file) => file.includes(`${path.sep}zod${path.sep}`)).length).toBeGreaterThan(0);
  });
});

describe('a JavaScript consumer app', () => {
  let tf: TerraformJson;

  beforeAll(() => {
    fs.writeFileSync(path.join(project, 'main.js'), CONSUMER_MAIN_JS);
    const started = Date.now();
    execFileSync(process.execPath, ['main.js'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    timings.synth = Date.now() - started;
    const file = path.join(project, 'cdktf.out', 'stacks', CONSUMER.stackName, 'cdk.tf.json');
    tf = JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformJson;
  });

  test('composes LogArchiveBucket, LogEncryptionKey and trailReference from the tarball and synthesizes them', () => {
    expect(CONSUMER_MAIN_JS).toMatch(/require\('cdktf-org-logging'\)/);
    expect(Object.keys(tf.resource ?? {})).toEqual(expect.arrayContaining(['aws_s3_bucket', 'aws_kms_key', 'aws_s3_bucket_policy']));
  });

  test("synthesizes the consumer's provider block", () => {
    expect(tf.provider?.aws).toEqual([
      expect.objectContaining({
        region: CONSUMER.region,
        allowed_account_ids: [CONSUMER.accountId],
        default_tags: [{ tags: CONSUMER.defaultTags }],
      }),
    ]);
    expect(tf.terraform?.required_providers?.aws?.source).toBe('aws');
  });

  test("creates the consumer's bucket and a KMS key", () => {
    const buckets = Object.values(tf.resource?.aws_s3_bucket ?? {});
    expect(buckets.map((b) => b.bucket)).toEqual(expect.arrayContaining([CONSUMER.bucketName, `${CONSUMER.bucketName}-access-logs`]));
    const keys = Object.values(tf.resource?.aws_kms_key ?? {});
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ enable_key_rotation: true });
    const aliases = Object.values(tf.resource?.aws_kms_alias ?? {});
    expect(aliases.map((a) => a.name)).toEqual([CONSUMER.aliasName]);
  });

  test('grants the organization trail write and the readers read in the bucket and key policies', () => {
    const policies = Object.values(tf.resource?.aws_s3_bucket_policy ?? {}).map(
      (p) => JSON.parse(p.policy as string) as { Statement: { Sid: string }[] },
    );
    const archivePolicy = policies.find((p) => JSON.stringify(p).includes(`arn:aws:s3:::${CONSUMER.bucketName}/`));
    expect(archivePolicy).toBeDefined();
    const text = JSON.stringify(archivePolicy);
    expect(text).toContain(CONSUMER.trailArn);
    expect(text).toContain(`arn:aws:s3:::${CONSUMER.bucketName}/cloudtrail/AWSLogs/${CONSUMER.organizationId}/*`);
    expect(text).toContain(`arn:aws:iam::${CONSUMER.readerAccountIds[0]}:root`);
    const sids = archivePolicy?.Statement.map((s) => s.Sid);
    expect(sids).toEqual(
      expect.arrayContaining(['AllowCloudTrailAclCheck', 'AllowCloudTrailWriteOrganizationPath', 'AllowLogReadersGetLogFiles']),
    );

    const keyPolicy = JSON.parse(Object.values(tf.resource?.aws_kms_key ?? {})[0].policy as string) as { Statement: { Sid: string }[] };
    expect(JSON.stringify(keyPolicy)).toContain(CONSUMER.trailArn);
    expect(keyPolicy.Statement.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['AllowCloudTrailEncryptLogs', 'AllowLogReadersDecryptArchiveObjectsThroughS3']),
    );
  });
});

describe('a TypeScript consumer', () => {
  let diagnostics: string[];
  let checkedFiles: string[];

  beforeAll(() => {
    fs.writeFileSync(path.join(project, 'consumer.ts'), CONSUMER_MAIN_TS);
    fs.writeFileSync(path.join(project, 'wrong.ts'), CONSUMER_WRONG_TS);
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
    const started = Date.now();
    // One tsc run for both files (each run pays the declaration load again); --listFiles shows what resolved where.
    const result = spawnSync(TSC, ['-p', 'tsconfig.json', '--listFiles'], { cwd: project, encoding: 'utf8' });
    timings.typecheck = Date.now() - started;
    const lines = `${result.stdout}${result.stderr}`.trim().split('\n');
    checkedFiles = lines.filter((line) => path.isAbsolute(line));
    diagnostics = lines.filter((line) => !path.isAbsolute(line));
  });

  test('type-checks against the published declarations (strict, module node16)', () => {
    expect(diagnostics.filter((line) => !line.startsWith('wrong.ts'))).toEqual([]);
  });

  test('resolves the package root and cdktf-org-logging/stacks to the declarations in the tarball (node16 resolution)', () => {
    const installed = path.join(project, 'node_modules', 'cdktf-org-logging', 'dist');
    expect(checkedFiles).toEqual(
      expect.arrayContaining([path.join(installed, 'modules', 'index.d.ts'), path.join(installed, 'stacks', 'index.d.ts')]),
    );
    expect(CONSUMER_MAIN_TS).toContain("from 'cdktf-org-logging/stacks'");
  });

  test('the type check catches a wrong prop (the declarations are not any)', () => {
    expect(diagnostics).toEqual([
      expect.stringMatching(/^wrong\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/),
    ]);
  });
});
