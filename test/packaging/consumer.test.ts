/**
 * Packaging tier: how platform repos use the module. The library is built and packed outside the
 * repo (the repo's dist/ is never rebuilt), the tarball is installed once into a scratch project
 * under os.tmpdir() (peers linked from the repo's node_modules, offline, no optional peer), then:
 * a plain-JavaScript consumer app is synthesized, a TypeScript one type-checked against the
 * published .d.ts files in each module resolution mode, and the installed CLI run from
 * node_modules/.bin on the consumer's own synth and on the packaged app's (the last two in
 * typescript-consumer.ts and installed-cli.ts, sharing this file's one pack and install).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageChatNotifier } from '../../modules/deployment-monitoring/chat-notifier-asset';
import {
  type ConsumerContext,
  distFingerprint,
  EXAMPLE_FILES,
  installConsumer,
  LAMBDA_ASSET_FILES,
  LINKED_PACKAGES,
  librarySources,
  PACKAGE_FILES,
  type PackResult,
  packLibrary,
  REPO_ROOT,
  requiresIn,
} from '../support/consumer';
import { CONSUMER, CONSUMER_MAIN_JS } from './consumer-apps';
import { describeInstalledCli } from './installed-cli';
import { describeTypeScriptConsumer } from './typescript-consumer';

jest.setTimeout(120_000);

interface TerraformJson {
  provider?: { aws?: Record<string, unknown>[] };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: { required_providers?: Record<string, { source: string; version: string }> };
}

interface Manifest {
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Shared with the describe blocks of typescript-consumer.ts and installed-cli.ts; filled below. */
const ctx: ConsumerContext = { scratch: '', project: '', installed: '', timings: {} };
let scratch: string;
let project: string;
let installed: string;
let packed: PackResult;
let distBefore: string[];

beforeAll(() => {
  distBefore = distFingerprint();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-consumer-'));
  project = path.join(scratch, 'platform-logging');
  installed = path.join(project, 'node_modules', 'cdktf-org-logging');
  Object.assign(ctx, { scratch, project, installed });
  fs.mkdirSync(project);
  packed = packLibrary(scratch);
  ctx.timings.pack = packed.ms;
  ctx.timings.install = installConsumer(project, packed.tarball);
});

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(`consumer test timings (ms): ${JSON.stringify(ctx.timings)}\n`);
});

/** Runs a script with node in the consumer project and parses the JSON it prints on its first line. */
function nodeInProject<T>(script: string): T {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' }).split('\n')[0]) as T;
}

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as Manifest;
}

describe('packing', () => {
  test("builds and packs outside the repo, leaving the repo's dist/ as it was", () => {
    expect(path.relative(REPO_ROOT, scratch).startsWith('..')).toBe(true);
    expect(path.relative(REPO_ROOT, packed.tarball).startsWith('..')).toBe(true);
    expect(distFingerprint()).toEqual(distBefore);
  });

  test("the repo's files allow-list publishes only dist/, the Lambda assets, the examples, the schema and the README", () => {
    expect(LAMBDA_ASSET_FILES).toEqual(expect.arrayContaining(['assets/chat-notifier/index.mjs', 'assets/partition-accounts/index.mjs']));
    expect(EXAMPLE_FILES).toEqual(expect.arrayContaining(['examples/organization.json', 'examples/delegated-administrator.json']));
    // The stage is the repo's whole tree (sources, tests, tooling), so this is what `files` selects from it.
    expect(fs.existsSync(path.join(scratch, 'stage', 'test', 'packaging', 'consumer.test.ts'))).toBe(true);
    expect(packed.files).toEqual(expect.arrayContaining(PACKAGE_FILES));
    expect(packed.files.filter((f) => !PACKAGE_FILES.includes(f) && !/^dist\/(modules|stacks|tooling|bin)\//.test(f))).toEqual([]);
  });
});

describe('the packed tarball', () => {
  test('holds the declarations of every module and stack, the JavaScript the entries load, and the package files', () => {
    const declarations = librarySources().map((s) => `dist/${s.replace(/\.ts$/, '.d.ts')}`);
    expect(declarations).toEqual(expect.arrayContaining(['dist/modules/index.d.ts', 'dist/stacks/index.d.ts']));
    expect(packed.files).toEqual(expect.arrayContaining([...PACKAGE_FILES, ...declarations]));
    const javascript = packed.files.filter((f) => f.endsWith('.js'));
    expect(javascript).toEqual(
      expect.arrayContaining([
        'dist/modules/index.js',
        'dist/stacks/index.js',
        'dist/bin/cdktf-org-logging.js',
        'dist/tooling/logs/cli.js',
      ]),
    );
    // Each is the build of a repo source (that every require finds its file is checked below); no
    // benchmarks, test corpora or declarations of the CLI's internals.
    const strays = javascript.filter((f) => {
      const source = /^dist\/((modules|stacks|tooling|bin)\/.+)\.js$/.exec(f)?.[1];
      return source === undefined || !fs.existsSync(path.join(REPO_ROOT, `${source}.ts`)) || /\/(bench|corpus)\//.test(f);
    });
    expect(strays).toEqual([]);
    expect(packed.files.filter((f) => !PACKAGE_FILES.includes(f) && !declarations.includes(f) && !javascript.includes(f))).toEqual([]);
  });

  test('runs no script at install and names its CLI, executable and started by node', () => {
    const pkg = manifest();
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare'];
    expect(Object.keys(pkg.scripts ?? {}).filter((s) => lifecycle.includes(s))).toEqual([]);
    expect(pkg.bin).toEqual({ 'cdktf-org-logging': 'dist/bin/cdktf-org-logging.js' });
    const bin = path.join(installed, 'dist', 'bin', 'cdktf-org-logging.js');
    expect(fs.readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(fs.realpathSync(path.join(project, 'node_modules', '.bin', 'cdktf-org-logging'))).toBe(bin);
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
  });

  test('its JavaScript requires only Node, its dependencies and its peers, the optional peers only from the logs tooling', () => {
    const pkg = manifest();
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    const optional = Object.keys(pkg.peerDependenciesMeta ?? {});
    const dist = path.join(installed, 'dist');
    const problems: string[] = [];
    const requires = requiresIn(dist);
    expect(requires.size).toBeGreaterThan(100);
    for (const [file, specifiers] of requires) {
      for (const specifier of specifiers) {
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(path.join(dist, file)), specifier);
          if (!fs.existsSync(`${target}.js`) && !fs.existsSync(path.join(target, 'index.js')))
            problems.push(`${file}: ${specifier} is not shipped`);
          continue;
        }
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        if (builtinModules.includes(specifier.replace(/^node:/, ''))) continue;
        if (!declared.has(name)) problems.push(`${file}: ${specifier} is not a dependency or peer`);
        else if (optional.includes(name) && !file.startsWith(`tooling${path.sep}logs${path.sep}`))
          problems.push(`${file}: optional ${name}`);
      }
    }
    expect(problems).toEqual([]);
    const optionalUsers = [...requires].filter(([, specifiers]) => specifiers.some((s) => optional.some((o) => s.startsWith(o))));
    expect(optionalUsers.length).toBeGreaterThan(0);
  });

  test('installs without its own copy of the peer dependencies, and without the optional ones', () => {
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
    for (const name of LINKED_PACKAGES) {
      expect(fs.realpathSync(path.join(project, 'node_modules', name))).toBe(path.join(REPO_ROOT, 'node_modules', name));
    }
    for (const name of Object.keys(manifest().peerDependenciesMeta ?? {})) {
      expect({ name, installed: fs.existsSync(path.join(project, 'node_modules', name)) }).toEqual({ name, installed: false });
    }
    // The scratch project cannot see the repo by walking up.
    expect(path.relative(REPO_ROOT, project).startsWith('..')).toBe(true);
  });
});

describe('loading the package from JavaScript', () => {
  interface Probe {
    resolved: string[];
    rootLoaded: string[];
    rootExports: Record<string, string>;
    stacksLoaded: string[];
    stacksExports: Record<string, string>;
    notifier: { source: string; hash: string };
  }
  let probe: Probe;

  beforeAll(() => {
    // One node process, as a consumer's app would load the package: the root first, then ./stacks;
    // then it runs the consumer's app (main.js, below) as \`node main.js\` would.
    fs.writeFileSync(path.join(project, 'main.js'), CONSUMER_MAIN_JS);
    const started = Date.now();
    probe = nodeInProject<Probe>(`
      const resolved = [require.resolve('cdktf-org-logging'), require.resolve('cdktf-org-logging/stacks')];
      const types = (lib, names) => Object.fromEntries(names.map((n) => [n, typeof lib[n]]));
      const before = new Set(Object.keys(require.cache));
      const lib = require('cdktf-org-logging');
      const rootLoaded = Object.keys(require.cache).filter((file) => !before.has(file));
      const rootExports = types(lib, ['LogArchiveBucket', 'LogEncryptionKey', 'trailReference']);
      const stacks = require('cdktf-org-logging/stacks');
      const stacksLoaded = Object.keys(require.cache).filter((file) => !before.has(file) && !rootLoaded.includes(file));
      const stacksExports = types(stacks, ['validateConfig', 'buildOrganization', 'synthesizeOrganization']);
      const notifier = { source: lib.chatNotifierSourceFile(), hash: lib.packageChatNotifier().sha256Base64 };
      console.log(JSON.stringify({ resolved, rootLoaded, rootExports, stacksLoaded, stacksExports, notifier }));
      require('./main.js');
    `);
    ctx.timings.probeAndSynth = Date.now() - started;
  });

  test('resolves the package root and the stacks entry inside the installed tarball', () => {
    expect(probe.resolved).toEqual([
      path.join(installed, 'dist', 'modules', 'index.js'),
      path.join(installed, 'dist', 'stacks', 'index.js'),
    ]);
  });

  test('loads the constructs from the package root without loading zod or any stacks file', () => {
    expect(probe.rootExports).toEqual({ LogArchiveBucket: 'function', LogEncryptionKey: 'function', trailReference: 'function' });
    const library = probe.rootLoaded.filter((file) => file.includes(`${path.sep}cdktf-org-logging${path.sep}dist${path.sep}`));
    expect(library).toContain(path.join(installed, 'dist', 'modules', 'log-archive-bucket.js'));
    expect(probe.rootLoaded.filter((file) => file.includes(`${path.sep}zod${path.sep}`))).toEqual([]);
    expect(library.filter((file) => !file.includes(`${path.sep}dist${path.sep}modules${path.sep}`))).toEqual([]);
  });

  test('exposes validateConfig, buildOrganization and synthesizeOrganization from cdktf-org-logging/stacks, which brings zod', () => {
    expect(probe.stacksExports).toEqual({ validateConfig: 'function', buildOrganization: 'function', synthesizeOrganization: 'function' });
    // The same probe that finds no zod and no stacks file behind the package root finds them here.
    expect(probe.stacksLoaded).toContain(path.join(installed, 'dist', 'stacks', 'index.js'));
    expect(probe.stacksLoaded.filter((file) => file.includes(`${path.sep}zod${path.sep}`)).length).toBeGreaterThan(0);
  });

  test("packages the chat notifier from the installed package's own assets, to the same zip as the repo", () => {
    expect(probe.notifier.source).toBe(path.join(installed, 'assets', 'chat-notifier', 'index.mjs'));
    expect(probe.notifier.hash).toBe(packageChatNotifier().sha256Base64);
  });
});

describe('a JavaScript consumer app', () => {
  let tf: TerraformJson;

  beforeAll(() => {
    // Synthesized by the probe process above.
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

// After the JavaScript app above: the CLI reviews what it synthesized.
describeTypeScriptConsumer(ctx);
describeInstalledCli(ctx);
