import * as path from 'node:path';
import { DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, type TerraformStack } from 'cdktf';
import type { OrganizationConfig } from './config';
import type { SynthContext } from './deployment';
import { LOG_ARCHIVE_OUTPUTS, LOG_ARCHIVE_STACK } from './log-archive-stack';

/** Values a stack reads from the applied log-archive stack. */
export interface LogArchiveState {
  /** ARN of the archive KMS key (random key id: only known once the log-archive stack is applied). */
  readonly keyArn: string;
}

/**
 * Reads the log-archive stack's outputs through `terraform_remote_state`, from the same backend
 * the config gives every stack. Everything else the other stacks need is computed from config,
 * so this is the only value copied between stacks, and nobody copies it by hand.
 */
export function logArchiveState(
  stack: TerraformStack,
  stackName: string,
  config: OrganizationConfig,
  context: SynthContext,
): LogArchiveState {
  const backend = config.deployment.backend;
  if (backend.type === 'local') {
    const stateFile = path.resolve(context.baseDir, backend.directory, `${LOG_ARCHIVE_STACK}.tfstate`);
    const fromStackDir = path.join(context.outdir, 'stacks', stackName);
    const state = new DataTerraformRemoteStateLocal(stack, 'LogArchiveState', {
      path: path.relative(fromStackDir, stateFile).split(path.sep).join('/'),
    });
    return { keyArn: state.getString(LOG_ARCHIVE_OUTPUTS.keyArn) };
  }
  const state = new DataTerraformRemoteStateS3(stack, 'LogArchiveState', {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${LOG_ARCHIVE_STACK}.tfstate`,
    region: backend.region,
    assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
  });
  return { keyArn: state.getString(LOG_ARCHIVE_OUTPUTS.keyArn) };
}
