import * as path from 'node:path';
import {
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  type IResolvable,
  LocalBackend,
  S3Backend,
  type TerraformStack,
} from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from './config/schema';
import type { SynthContext } from './registry';

/** Where one stack's Terraform state lives. Every backend and every remote-state read comes from here. */
export type StateLocation =
  | { readonly backend: 'local' /** Absolute path of the state file. */; readonly path: string }
  | {
      readonly backend: 's3';
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly kmsKeyId?: string;
      readonly roleArn?: string;
    };

/**
 * The state location of `stackName`. Local state files get an absolute path (a relative
 * `deployment.backend.directory` resolves against the directory synth ran from), so the stacks
 * keep finding their state wherever the output folder is moved, and state never lives inside the
 * output folder, which a re-synth or a clean may replace.
 */
export function stateLocation(config: OrganizationConfig, stackName: string, context: SynthContext): StateLocation {
  const backend = config.deployment.backend;
  if (backend.type === 'local') {
    return { backend: 'local', path: toPosix(path.resolve(context.baseDir, backend.directory, `${stackName}.tfstate`)) };
  }
  return {
    backend: 's3',
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${stackName}.tfstate`,
    region: backend.region,
    ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
    ...(backend.roleArn ? { roleArn: backend.roleArn } : {}),
  };
}

/** Configures the stack's backend: a local file, or S3 with encryption and native locking. */
export function configureBackend(stack: TerraformStack, location: StateLocation): void {
  if (location.backend === 'local') {
    new LocalBackend(stack, { path: location.path });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: location.bucket,
    key: location.key,
    region: location.region,
    encrypt: true,
    kmsKeyId: location.kmsKeyId,
    assumeRole: location.roleArn ? { roleArn: location.roleArn } : undefined,
  });
  // cdktf 0.21's S3 backend has no use_lockfile; terraform >= 1.10 supports S3-native locking.
  s3.addOverride('use_lockfile', true);
}

/** Outputs of another (already applied) stack, read through `terraform_remote_state`. */
export interface StackOutputs {
  getString(output: string): string;
  getList(output: string): string[];
  /** Any output (a map, say), for Terraform functions such as `Fn.lookup`. */
  get(output: string): IResolvable;
}

/**
 * Reads another stack's outputs from its state, at the location its own backend writes to. Use it
 * only for values that cannot be computed from config (a KMS key ARN, say): everything else stays
 * literal in the plan.
 */
export function readStackOutputs(scope: Construct, id: string, location: StateLocation): StackOutputs {
  if (location.backend === 'local') return new DataTerraformRemoteStateLocal(scope, id, { path: location.path });
  return new DataTerraformRemoteStateS3(scope, id, {
    bucket: location.bucket,
    key: location.key,
    region: location.region,
    assumeRole: location.roleArn ? { roleArn: location.roleArn } : undefined,
  });
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
