/**
 * A platform repo consuming the packed library: the scratch project, its JavaScript app and a typed
 * TypeScript twin. Used by test/consumer.test.ts.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

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

/** Peer dependencies and the runtime dependency, installed from the repo's node_modules (no network). */
export const LINKED_PACKAGES = ['cdktf', 'constructs', '@cdktf/provider-aws', 'zod'] as const;

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
import { type OrganizationConfigInput, validateConfig } from 'cdktf-org-logging/stacks';

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
  void regions;
}
// @ts-expect-error storageClass is a closed union
const badLifecycle: ArchiveLifecycle = { transitions: [{ storageClass: 'STANDARD', days: 1 }] };
// @ts-expect-error encryptionKey is required
const badProps: LogArchiveBucketProps = { bucketName: 'b', accountId: '1' };
void [grant, props, arn, keyArn, badLifecycle, badProps];
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

/** `npm pack` of the repo (its prepack builds dist/) into `destination`. */
export function packLibrary(destination: string): PackResult {
  const started = Date.now();
  const out = execFileSync('npm', ['pack', '--json', '--offline', '--pack-destination', destination], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: npmEnv(),
  });
  // prepack's own output precedes the JSON on stdout.
  const json = JSON.parse(out.slice(out.indexOf('[\n'))) as { filename: string; files: PackedFile[] }[];
  return {
    tarball: path.join(destination, json[0].filename),
    files: json[0].files.map((f) => f.path),
    ms: Date.now() - started,
  };
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
