import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { iamRoleArn } from '../modules/arns';
import type { OrganizationConfig } from './config';

/** Where synth writes, so a local backend can be given a path relative to each stack's folder. */
export interface SynthContext {
  /** Absolute path of the output folder (`cdktf.out`). */
  readonly outdir: string;
  /** Absolute path that relative config paths (the local state folder) resolve against. */
  readonly baseDir: string;
}

export interface ProviderOptions {
  readonly accountId: string;
  readonly region: string;
  /** @default - the default provider */
  readonly alias?: string;
}

/**
 * A provider that assumes the deployment role in the target account and refuses to run against
 * any other account (`allowed_account_ids`), with the organization's default tags.
 */
export function accountProvider(scope: Construct, id: string, config: OrganizationConfig, options: ProviderOptions): AwsProvider {
  return new AwsProvider(scope, id, {
    alias: options.alias,
    region: options.region,
    allowedAccountIds: [options.accountId],
    assumeRole: [
      {
        roleArn: iamRoleArn(options.accountId, config.deployment.roleName),
        sessionName: 'cdktf-org-logging',
      },
    ],
    defaultTags: [{ tags: { ...config.deployment.defaultTags, ManagedBy: 'cdktf-org-logging' } }],
  });
}

/** Local state files outside the output folder (a re-synth never touches them), or S3 with native locking. */
export function configureBackend(stack: TerraformStack, stackName: string, config: OrganizationConfig, context: SynthContext): void {
  const backend = config.deployment.backend;
  if (backend.type === 'local') {
    new LocalBackend(stack, { path: localStatePath(stackName, config, context) });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${stackName}.tfstate`,
    region: backend.region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyId,
    assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
  });
  // cdktf 0.21's S3 backend has no use_lockfile; terraform >= 1.10 supports S3-native locking.
  s3.addOverride('use_lockfile', true);
}

/** Path of a stack's local state file, relative to that stack's synthesized folder. */
export function localStatePath(stackName: string, config: OrganizationConfig, context: SynthContext): string {
  const backend = config.deployment.backend;
  if (backend.type !== 'local') throw new Error('localStatePath: backend is not local');
  const stateFile = path.resolve(context.baseDir, backend.directory, `${stackName}.tfstate`);
  return path
    .relative(path.join(context.outdir, 'stacks', stackName), stateFile)
    .split(path.sep)
    .join('/');
}
