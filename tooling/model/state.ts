/**
 * Where a stack keeps its state (its backend), and whose state it reads: each
 * `terraform_remote_state` data source traced to the stack of this app that writes it.
 */
import { remoteStateSource } from '../terraform/offline-stack';
import type { StackJson } from '../terraform/plan-json';
import { block, text } from './values';

export interface BackendInfo {
  /** `s3`, `local`, `remote`, `cloud`, ... or `local (default)` when the stack declares none. */
  readonly type: string;
  /** Where the state lives, one line. */
  readonly location: string;
}

/** A `terraform_remote_state` data source and the stack of this app it reads, when traceable. */
export interface RemoteStateRead {
  readonly name: string;
  readonly location: string;
  readonly stack?: string;
}

/** Where a stack keeps its state, in one line. */
export function backendInfo(json: StackJson): BackendInfo {
  const declared = Object.entries(json.terraform?.backend ?? {})[0];
  const cloud = block(json.terraform?.cloud);
  if (!declared && Object.keys(cloud).length > 0) {
    return {
      type: 'cloud',
      location: `HCP Terraform organization ${text(cloud.organization) ?? '?'}, workspace ${text(block(cloud.workspaces).name) ?? '?'}`,
    };
  }
  if (!declared) return { type: 'local (default)', location: 'terraform.tfstate in the stack folder' };
  const [type, config] = declared;
  if (type === 's3') {
    const extras = [
      text(config.region) && `region ${config.region}`,
      config.use_lockfile === true && 'S3 lockfile',
      text(config.dynamodb_table) && `DynamoDB lock table ${config.dynamodb_table}`,
      config.encrypt === true && 'encrypted',
      text(config.kms_key_id) && `key ${config.kms_key_id}`,
      (text(block(config.assume_role).role_arn) ?? text(config.role_arn)) &&
        `as ${text(block(config.assume_role).role_arn) ?? text(config.role_arn)}`,
    ].filter(Boolean);
    return {
      type,
      location: `s3://${text(config.bucket) ?? '?'}/${text(config.key) ?? '?'}${extras.length ? ` (${extras.join(', ')})` : ''}`,
    };
  }
  if (type === 'local') return { type, location: text(config.path) ?? 'terraform.tfstate' };
  if (type === 'remote') {
    return {
      type,
      location: `organization ${text(config.organization) ?? '?'}, workspace ${text(block(config.workspaces).name) ?? text(block(config.workspaces).prefix) ?? '?'}`,
    };
  }
  return { type, location: JSON.stringify(config) };
}

/** The remote-state reads of a stack, each traced to the stack of `all` it reads when it can be. */
export function remoteStateReads(json: StackJson, all: ReadonlyMap<string, StackJson>): RemoteStateRead[] {
  return Object.entries(json.data?.terraform_remote_state ?? {}).map(([name, remote]) => {
    const config = block(remote.config);
    const location =
      remote.backend === 's3'
        ? `s3://${text(config.bucket) ?? '?'}/${text(config.key) ?? '?'}`
        : remote.backend === 'local'
          ? (text(config.path) ?? '?')
          : `${String(remote.backend)} ${JSON.stringify(config)}`;
    let stack: string | undefined;
    try {
      stack = remoteStateSource(name, remote, all);
    } catch {
      stack = undefined;
    }
    return { name, location, ...(stack ? { stack } : {}) };
  });
}
