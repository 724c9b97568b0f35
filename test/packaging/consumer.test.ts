/**
 * Packaging tier: how platform repos use the module. The library is built and packed outside the
 * repo (the repo's dist/ is never rebuilt), the tarball is installed once into a scratch project
 * under os.tmpdir() (peers linked from the repo's node_modules, offline, no optional peer), then:
 * a plain-JavaScript consumer app is synthesized, a TypeScript one type-checked against the
 * published .d.ts files in each module resolution mode, and the installed CLI run from
 * node_modules/.bin on the consumer's own synth and on the packaged app's.
 */
import { execFileSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageChatNotifier } from '../../modules/deployment-monitoring/chat-notifier-asset';
import {
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
  repoPackFiles,
  requiresIn,
  runInstalledCli,
  type TypeCheck,
  treeFingerprint,
  typeCheck,
} from '../support/consumer';
import {
  CONSUMER,
  CONSUMER_MAIN_JS,
  CONSUMER_MAIN_TS,
  CONSUMER_ORG_CONFIG,
  CONSUMER_TSCONFIGS,
  CONSUMER_WRONG_TS,
  CONSUMER_WRONG_TS_LINE,
} from './consumer-apps';

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

let scratch: string;
let project: string;
let installed: string;
let packed: PackResult;
let distBefore: string[];
const timings: Record<string, number> = {};

beforeAll(() => {
  distBefore = distFingerprint();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-consumer-'));
  project = path.join(scratch, 'platform-logging');
  installed = path.join(project, 'node_modules', 'cdktf-org-logging');
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
    const files = repoPackFiles();
    expect(LAMBDA_ASSET_FILES).toEqual(expect.arrayContaining(['assets/chat-notifier/index.mjs', 'assets/partition-accounts/index.mjs']));
    expect(EXAMPLE_FILES).toEqual(expect.arrayContaining(['examples/organization.json', 'examples/delegated-administrator.json']));
    expect(files).toEqual(expect.arrayContaining(PACKAGE_FILES));
    expect(files.filter((f) => !PACKAGE_FILES.includes(f) && !/^dist\/(modules|stacks|tooling|bin)\//.test(f))).toEqual([]);
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
    // One node process, as a consumer's app would load the package: the root first, then ./stacks.
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
    `);
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

describe('a TypeScript consumer, in each module resolution mode', () => {
  const checks = new Map<string, TypeCheck>();
  const modes = Object.entries(CONSUMER_TSCONFIGS).map(([file, { mode }]) => [mode, file] as const);

  beforeAll(async () => {
    fs.writeFileSync(path.join(project, 'consumer.ts'), CONSUMER_MAIN_TS);
    fs.writeFileSync(path.join(project, 'wrong.ts'), CONSUMER_WRONG_TS);
    for (const [file, { json }] of Object.entries(CONSUMER_TSCONFIGS)) {
      fs.writeFileSync(path.join(project, file), JSON.stringify(json, null, 2));
    }
    const started = Date.now();
    // One tsc per mode, all at once; --listFiles shows what resolved where.
    const results = await Promise.all(modes.map(([, file]) => typeCheck(project, file)));
    for (const [i, [mode]] of modes.entries()) checks.set(mode, results[i]);
    timings.typecheck = Date.now() - started;
  });

  test('covers the tsconfig cdktf init writes (node10), node16 and bundler', () => {
    expect(modes.map(([mode]) => mode)).toEqual(['node10 (cdktf init)', 'node16', 'bundler']);
    expect(CONSUMER_MAIN_TS).toContain("from 'cdktf-org-logging'");
    expect(CONSUMER_MAIN_TS).toContain("from 'cdktf-org-logging/stacks'");
  });

  test.each(modes)('%s: resolves both entries to the declarations in the tarball and type-checks', (mode) => {
    const check = checks.get(mode) as TypeCheck;
    expect(check.files).toEqual(
      expect.arrayContaining([path.join(installed, 'dist', 'modules', 'index.d.ts'), path.join(installed, 'dist', 'stacks', 'index.d.ts')]),
    );
    // The only error is the deliberate one: a prop of the wrong type (the declarations are not any).
    expect(check.diagnostics).toEqual([
      expect.stringMatching(
        new RegExp(`^wrong\\.ts\\(${CONSUMER_WRONG_TS_LINE},\\d+\\): error TS2322: Type 'number' is not assignable to type 'string'`),
      ),
    ]);
  });
});

describe('the installed CLI, node_modules/.bin/cdktf-org-logging', () => {
  /** A folder of the platform repo holding its organization config for the packaged app. */
  let org: string;
  let packageBefore: string[];
  const runs: Record<string, SpawnSyncReturns<string>> = {};

  beforeAll(() => {
    packageBefore = treeFingerprint(installed);
    org = path.join(project, 'org');
    fs.mkdirSync(org);
    fs.writeFileSync(path.join(org, 'platform.json'), JSON.stringify(CONSUMER_ORG_CONFIG, null, 2));
    const started = Date.now();
    const cli = (name: string, args: string[], cwd: string, env: Record<string, string> = {}) => {
      runs[name] = runInstalledCli(project, args, cwd, env);
    };
    // The packaged app on the platform team's config, then the review tooling on what it wrote.
    cli('synth', ['synth', '--config', 'platform.json'], org);
    cli('review', ['review', '--out', 'cdktf.out'], org);
    cli('check', ['check'], org);
    fs.mkdirSync(path.join(scratch, 'empty-mirror'));
    cli('plan', ['plan'], org, {
      TERRAFORM_BIN: path.join(scratch, 'no-terraform'),
      TF_PROVIDER_MIRROR: path.join(scratch, 'empty-mirror'),
    });
    // The review tooling on the consumer's own cdktf app (written by the JavaScript consumer above).
    cli('appCheck', ['check', '--out', 'cdktf.out'], project);
    cli('appReview', ['review', '--out', 'cdktf.out'], project);
    // logs: what needs an optional peer says which one and how to install it.
    fs.writeFileSync(path.join(org, 'store.duckdb'), '');
    cli('query', ['logs', 'query', 'codedeploy-changes', '--db', 'store.duckdb'], org);
    cli('fetch', ['logs', 'fetch', '--bucket', 'platform-trail-archive', '--since', '2026-01-01', '--out', 'copy'], org);
    cli('help', ['--help'], org);
    timings.cli = Date.now() - started;
  });

  test("synth writes the packaged app's stacks for the consumer's config into ./cdktf.out, the consumer's folder", () => {
    expect(runs.synth.stderr).toBe('');
    expect(runs.synth.status).toBe(0);
    expect(fs.readdirSync(path.join(org, 'cdktf.out', 'stacks')).sort()).toEqual([
      'audit-queries',
      'log-archive',
      'organization-guardrails',
      'organization-trail',
    ]);
    const archive = fs.readFileSync(path.join(org, 'cdktf.out', 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8');
    expect(archive).toContain(`"bucket": "${CONSUMER.bucketName}"`);
  });

  test('review --out cdktf.out writes review.md there and exits 0', () => {
    expect(runs.review.status).toBe(0);
    expect(runs.review.stdout.split('\n')[0]).toBe('Wrote cdktf.out/review.md:');
    expect(fs.readFileSync(path.join(org, 'cdktf.out', 'review.md'), 'utf8')).toContain('## Stacks, accounts and apply order');
  });

  test('check reads ./cdktf.out by default and passes the packaged app', () => {
    expect(runs.check.status).toBe(0);
    expect(runs.check.stdout).toMatch(/^Checked 4 stacks \(\d+ resources\) against \d+ rules: 0 errors/m);
  });

  test('plan reads ./cdktf.out and, without terraform, says what it looked for (exit 1, no plan written)', () => {
    expect(runs.plan.status).toBe(1);
    expect(runs.plan.stderr).toContain(`terraform: not found (looked at TERRAFORM_BIN=${path.join(scratch, 'no-terraform')})`);
    expect(fs.readdirSync(path.join(org, 'cdktf.out', 'stacks', 'log-archive'))).toEqual(['cdk.tf.json']);
  });

  test("check fails the consumer's own app on its allowDestroy opt-outs (exit 1), and review writes its review.md", () => {
    expect(runs.appCheck.status).toBe(1);
    const failing = [...runs.appCheck.stdout.matchAll(/^ {2}(platform-logging\/\S+)\s+\(.*\)\n {4}EvidenceResourcesPreventDestroy$/gm)];
    expect(failing.map((m) => m[1].split('.')[0]).sort()).toEqual([
      'platform-logging/aws_kms_key',
      'platform-logging/aws_s3_bucket',
      'platform-logging/aws_s3_bucket',
    ]);
    expect(runs.appReview.status).toBe(0);
    expect(fs.existsSync(path.join(project, 'cdktf.out', 'review.md'))).toBe(true);
  });

  test('logs commands that need an optional peer name it and the install command (exit 3)', () => {
    expect(runs.query.status).toBe(3);
    expect(runs.query.stderr).toBe(
      'logs: needs @duckdb/node-api, an optional peer dependency of cdktf-org-logging that is not installed. Fix: npm install --save-exact @duckdb/node-api@1.5.6-r.1\n',
    );
    expect(runs.fetch.status).toBe(3);
    expect(runs.fetch.stderr).toMatch(
      /^logs: needs @aws-sdk\/client-(s3|cloudtrail), an optional peer dependency .* Fix: npm install --save-exact @aws-sdk\/client-(s3|cloudtrail)@3\.\d+\.\d+\n$/,
    );
    expect(fs.existsSync(path.join(org, 'copy'))).toBe(false);
  });

  test('--help lists the commands under the installed name', () => {
    expect(runs.help.status).toBe(0);
    expect(runs.help.stdout).toMatch(/^Usage: cdktf-org-logging <command> \[flags\]/);
    for (const command of ['synth', 'plan', 'review', 'check', 'logs'])
      expect(runs.help.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
  });

  test('writes nothing into the installed package', () => {
    expect(Object.keys(runs).length).toBeGreaterThan(5);
    expect(treeFingerprint(installed)).toEqual(packageBefore);
  });
});
