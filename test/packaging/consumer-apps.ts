/**
 * What a platform repo writes when it uses the package: a cdktf app composing the constructs (plain
 * JavaScript, and a typed TypeScript twin), its tsconfig in each module resolution mode, and an
 * organization config for the packaged app. Used by test/packaging/consumer.test.ts.
 */

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

/** The line of wrong.ts that passes a number where the declarations say string. */
export const CONSUMER_WRONG_TS_LINE = CONSUMER_WRONG_TS.split('\n').findIndex((line) => line.includes('accountId: 111122223333')) + 1;

/** The consumer's files the type checks compile (the same two in every mode). */
const TS_FILES = ['consumer.ts', 'wrong.ts'];

/**
 * The consumer's tsconfig in each module resolution mode, by file name. `cdktf init --template
 * typescript` (cdktf 0.21) writes the first one's compiler options verbatim (hashicorp/terraform-cdk,
 * packages/@cdktf/cli-core/templates/typescript/tsconfig.json): `module: CommonJS` and no
 * `moduleResolution`, which TypeScript reads as node10 ("node"), where package.json `exports` is not
 * consulted (typesVersions is). noEmit is the test's: it checks types and writes no JavaScript.
 */
export const CONSUMER_TSCONFIGS: Readonly<Record<string, { readonly mode: string; readonly typeChecked: boolean; readonly json: object }>> =
  {
    'tsconfig.cdktf-init.json': {
      mode: 'node10 (cdktf init)',
      typeChecked: true,
      json: {
        compilerOptions: {
          alwaysStrict: true,
          declaration: true,
          experimentalDecorators: true,
          inlineSourceMap: true,
          inlineSources: true,
          lib: ['es2018'],
          module: 'CommonJS',
          noEmitOnError: true,
          noFallthroughCasesInSwitch: true,
          noImplicitAny: true,
          noImplicitReturns: true,
          noImplicitThis: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          resolveJsonModule: true,
          strict: true,
          strictNullChecks: true,
          strictPropertyInitialization: true,
          stripInternal: true,
          target: 'ES2018',
          incremental: true,
          skipLibCheck: true,
          noEmit: true,
        },
        files: TS_FILES,
      },
    },
    'tsconfig.node16.json': {
      mode: 'node16',
      typeChecked: true,
      json: {
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
        files: TS_FILES,
      },
    },
    'tsconfig.bundler.json': {
      mode: 'bundler',
      // Resolution only: the same declaration files as node16, whose type check would cost a third tsc
      // run (about 4 s of CPU in a 120 s suite) for no file the other two do not check.
      typeChecked: false,
      json: {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2022'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: TS_FILES,
      },
    },
  };

/**
 * The platform team's own organization, for the packaged app (`cdktf-org-logging synth --config`):
 * the core identifiers, the two settings without a safe default, and the schema from the installed
 * package (its path as a consumer project sees it from a folder below the project root).
 */
export const CONSUMER_ORG_CONFIG = {
  $schema: '../node_modules/cdktf-org-logging/config.schema.json',
  organizationId: CONSUMER.organizationId,
  managementAccountId: CONSUMER.managementAccountId,
  logArchiveAccountId: CONSUMER.accountId,
  auditAccountId: CONSUMER.readerAccountIds[0],
  homeRegion: CONSUMER.region,
  regions: [CONSUMER.region],
  trailName: CONSUMER.trailName,
  archiveBucketName: CONSUMER.bucketName,
  externalAccountIds: [],
  deployment: { managementAccountRoleName: 'platform-terraform' },
  guardrails: { targetIds: ['r-pl4t'] },
};
