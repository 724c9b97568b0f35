/**
 * A platform repo consuming the packed library: the build and pack (outside the repo), the scratch
 * project, its JavaScript app and a typed TypeScript twin. Used by test/packaging/consumer.test.ts.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The repo's TypeScript compiler (the consumer has no toolchain of its own). */
export const TSC = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');

/** What the consumer chooses; the test looks for exactly these values in the synthesized stack. */
export const CONSUMER = {
  stackName: 'platform-logging',
  region: 'eu-north-1',
  accountId: '111122223333',
  managementAccountId: '444455556666',
  organizationId: 'o-platform1234',
  bucketName: 'platform-team-trail-archive-111122223333',
  aliasName: 'alias/platform-team-trail-archive',
  trailName: 'platform-org-trail',
  trailArn: 'arn:aws:cloudtrail:eu-north-1:444455556666:trail/platform-org-trail',
  readerAccountIds: ['777788889999'],
  defaultTags: { Owner: 'platform-team' },
} as const;

/** Peer dependencies and the runtime dependencies, installed from the repo's node_modules (no network). */
export const LINKED_PACKAGES = ['cdktf', 'constructs', '@cdktf/provider-aws', 'zod', 'fflate'] as const;

const BODY = `
const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, CONSUMER.stackName);
new AwsProvider(stack, 'aws', {
  region: CONSUMER.region,
  allowedAccountIds: [CONSUMER.accountId],
  defaultTags: [{ tags: CONSUMER.defaultTags }],
});
const key = new LogEncryptionKey(stack, 'ArchiveKey', {
  accountId: CONSUMER.accountId,
  region: CONSUMER.region,
  aliasName: CONSUMER.aliasName,
  // The role the platform's terraform runs as administers the key, and so the archive (no root kms:*).
  administrators: { deploymentRoleArn: 'arn:aws:iam::' + CONSUMER.accountId + ':role/platform-terraform' },
  allowDestroy: true,
});
const archive = new LogArchiveBucket(stack, 'Archive', {
  bucketName: CONSUMER.bucketName,
  accountId: CONSUMER.accountId,
  encryptionKey: key,
  keyPrefix: 'cloudtrail',
  lifecycle: { expirationDays: 3650 },
  allowDestroy: true,
});
// The organization trail lives in another account's stack: a reference built from its attributes.
archive.grantTrailWrite(
  trailReference({
    trailName: CONSUMER.trailName,
    homeRegion: CONSUMER.region,
    ownerAccountId: CONSUMER.managementAccountId,
    organizationId: CONSUMER.organizationId,
  }),
);
archive.grantRead(CONSUMER.readerAccountIds, CONSUMER.organizationId);
app.synth();
`;

/** Plain CommonJS, as a platform repo without a TypeScript toolchain would write it. */
export const CONSUMER_MAIN_JS = `'use strict';
const { App, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { LogArchiveBucket, LogEncryptionKey, trailReference } = require('cdktf-org-logging');

const CONSUMER = ${JSON.stringify(CONSUMER, null, 2)};
${BODY}`;

/** The same app with types: proves the published .d.ts files (strict, module node16). */
export const CONSUMER_MAIN_TS = `import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import {
  type ArchiveLifecycle,
  type ITrail,
  LogArchiveBucket,
  type LogArchiveBucketProps,
  LogEncryptionKey,
  trailReference,
} from 'cdktf-org-logging';
import {
  buildOrganization,
  type OrganizationConfigInput,
  type StackKind,
  type SynthesizeOptions,
  synthesizeOrganization,
  validateConfig,
} from 'cdktf-org-logging/stacks';

const CONSUMER = ${JSON.stringify(CONSUMER, null, 2)} as const;
${BODY}
// Types a consumer leans on, checked both ways.
const grant: ITrail = {
  trailArn: CONSUMER.trailArn,
  trailName: CONSUMER.trailName,
  homeRegion: CONSUMER.region,
  ownerAccountId: CONSUMER.managementAccountId,
  organizationId: CONSUMER.organizationId,
};
const lifecycle: ArchiveLifecycle = { transitions: [{ storageClass: 'GLACIER_IR', days: 90 }] };
const props: LogArchiveBucketProps = { bucketName: 'b', accountId: '1', encryptionKey: key, lifecycle };
const arn: string = archive.bucketArn;
const keyArn: string = key.keyArn;
const input: OrganizationConfigInput = {
  organizationId: CONSUMER.organizationId,
  managementAccountId: CONSUMER.managementAccountId,
  logArchiveAccountId: CONSUMER.accountId,
  auditAccountId: '777788889999',
  homeRegion: 'eu-north-1',
  regions: ['eu-north-1'],
  trailName: 'platform-org-trail',
  archiveBucketName: CONSUMER.bucketName,
};
const result = validateConfig(input);
if (result.ok) {
  const regions: string[] = result.config.regions;
  const organization = buildOrganization(new App(), result.config, { outdir: '/tmp/out', baseDir: '/tmp' });
  const names: string[] = organization.all.map((s) => s.name);
  void [regions, names];
}
const options: SynthesizeOptions = { configFile: 'organization.json', outdir: 'cdktf.out', baseDir: '.' };
const synth: (o: SynthesizeOptions) => { summary: string } = synthesizeOrganization;
const kinds: readonly StackKind[] = [];
// @ts-expect-error outdir is required
const badOptions: SynthesizeOptions = { configFile: 'organization.json', baseDir: '.' };
// @ts-expect-error storageClass is a closed union
const badLifecycle: ArchiveLifecycle = { transitions: [{ storageClass: 'STANDARD', days: 1 }] };
// @ts-expect-error encryptionKey is required
const badProps: LogArchiveBucketProps = { bucketName: 'b', accountId: '1' };
void [grant, props, arn, keyArn, badLifecycle, badProps, options, synth, kinds, badOptions];
`;

/** A prop of the wrong type: the check must fail here, which proves the declarations are not `any`. */
export const CONSUMER_WRONG_TS = `import { App } from 'cdktf';
import { LogEncryptionKey } from 'cdktf-org-logging';
new LogEncryptionKey(new App(), 'Key', { accountId: 111122223333, region: 'eu-north-1', aliasName: 'alias/x' });
`;

export const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'node16',
    moduleResolution: 'node16',
    lib: ['ES2022'],
    strict: true,
    noEmit: true,
    // The consumer's own code is checked; provider-aws's 2,000 bindings are not (as in the repo).
    skipLibCheck: true,
    types: [],
  },
  files: ['consumer.ts', 'wrong.ts'],
};

export interface PackedFile {
  readonly path: string;
}

export interface PackResult {
  readonly tarball: string;
  readonly files: string[];
  readonly ms: number;
}

/** The files of the package besides the compiled `dist/` (what `files` in package.json lists). */
/** The chat notifier handler's modules as the package ships them (every `*.mjs` of its folder). */
export const CHAT_NOTIFIER_FILES = fs
  .readdirSync(path.join(REPO_ROOT, 'assets', 'chat-notifier'))
  .filter((name) => name.endsWith('.mjs'))
  .sort()
  .map((name) => `assets/chat-notifier/${name}`);

/** Every Lambda handler module the package ships: the `*.mjs` files of each `assets/<handler>/` folder. */
export const LAMBDA_ASSET_FILES = fs
  .readdirSync(path.join(REPO_ROOT, 'assets'))
  .sort()
  .flatMap((dir) =>
    fs
      .readdirSync(path.join(REPO_ROOT, 'assets', dir))
      .filter((name) => name.endsWith('.mjs'))
      .sort()
      .map((name) => `assets/${dir}/${name}`),
  );

const STAGED_FILES = ['package.json', 'README.md', 'config.schema.json', ...LAMBDA_ASSET_FILES] as const;

/**
 * Packs the library without touching the repo: compiles `modules/` and `stacks/` into
 * `<scratch>/stage/dist` (`tsc -p tsconfig.build.json --outDir`), copies the package files next to
 * it and runs `npm pack --ignore-scripts` there (the repo's `prepack` would rebuild the repo's
 * `dist/`). The tarball lands in `scratch`.
 */
export function packLibrary(scratch: string): PackResult {
  const started = Date.now();
  const stage = path.join(scratch, 'stage');
  fs.mkdirSync(stage);
  execFileSync(TSC, ['-p', 'tsconfig.build.json', '--outDir', path.join(stage, 'dist')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const file of STAGED_FILES) {
    fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(stage, file));
  }
  const out = execFileSync('npm', ['pack', '--json', '--offline', '--ignore-scripts', '--pack-destination', scratch], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: npmEnv(),
  });
  const json = parsePackJson(out);
  return { tarball: path.join(scratch, json.filename), files: json.files.map((f) => f.path), ms: Date.now() - started };
}

/**
 * What `npm pack` would publish from the repo itself, as it is (`--dry-run`: nothing is written,
 * no script runs). Checks the `files` allow-list against the real tree, test/ and examples/ included.
 */
export function repoPackFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--offline', '--ignore-scripts'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: npmEnv(),
  });
  return parsePackJson(out).files.map((f) => f.path);
}

/** The TypeScript sources `tsconfig.build.json` compiles (`modules/` and `stacks/`), relative to the repo. */
export function librarySources(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return walk(relative);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
    });
  return [...walk('modules'), ...walk('stacks')].sort();
}

/** A fingerprint of the repo's `dist/` (absent, or every entry with its mtime), to prove a test left it alone. */
export function distFingerprint(): string[] {
  const dist = path.join(REPO_ROOT, 'dist');
  if (!fs.existsSync(dist)) return ['(absent)'];
  const entries = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).sort();
  return ['.', ...entries].map((entry) => `${entry} ${fs.statSync(path.join(dist, entry)).mtimeMs}`);
}

function parsePackJson(out: string): { filename: string; files: PackedFile[] } {
  // Anything a script printed would precede the JSON on stdout.
  return (JSON.parse(out.slice(out.indexOf('[\n'))) as { filename: string; files: PackedFile[] }[])[0];
}

/** Creates the scratch project and installs the tarball plus linked local packages, offline. */
export function installConsumer(project: string, tarball: string): number {
  const started = Date.now();
  fs.writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'platform-logging', version: '0.0.0', private: true, license: 'UNLICENSED' }, null, 2)}\n`,
  );
  const specs = LINKED_PACKAGES.map((name) => `file:${path.join(REPO_ROOT, 'node_modules', name)}`);
  execFileSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', path.relative(project, tarball), ...specs],
    { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: npmEnv() },
  );
  return Date.now() - started;
}

/** npm with nothing that reaches the network: no update check, funding or audit requests. */
function npmEnv(): NodeJS.ProcessEnv {
  return { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}
