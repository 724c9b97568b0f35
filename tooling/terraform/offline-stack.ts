/**
 * The offline rewrite: a copy of a synthesized stack that `terraform plan -refresh=false` can plan
 * without AWS. Only the backend, the aws provider credentials and `terraform_remote_state` change;
 * every resource, output and provider region/alias/tag stays exactly as synthesized.
 */

import { placeholderOutputs } from './placeholders';
import type { JsonObject, StackJson } from './plan-json';

/**
 * Fake static credentials and the switches that keep the provider from checking them: it never
 * calls AWS during a `-refresh=false` plan. No `assume_role` (that calls STS when configuring).
 */
export const OFFLINE_PROVIDER_SETTINGS = {
  access_key: 'AKIAOFFLINEPLANONLY0',
  secret_key: 'offline-plan-secret-key-not-a-real-credential',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
} as const;

/** A valid state file with nothing in it, for remote state read offline. */
export const EMPTY_STATE = {
  version: 4,
  terraform_version: '1.11.4',
  serial: 1,
  lineage: 'offline-plan',
  outputs: {},
  resources: [],
};

/** JSON paths (as `changedPaths` prints them) that `offlineStack` may change; any other change is a bug. */
export const OFFLINE_REWRITE_PATHS: readonly RegExp[] = [
  /^terraform\.backend$/,
  /^provider\.aws(\[\d+\])?\.(assume_role|allowed_account_ids|access_key|secret_key|skip_credentials_validation|skip_requesting_account_id|skip_metadata_api_check)$/,
  /^data\.terraform_remote_state\.[^.]+\.(backend|config|defaults)(\..+|\[\d+\].*)?$/,
];

/**
 * Rewrites a synthesized stack so `terraform plan` runs without AWS: drops the backend, gives every
 * aws provider fake static credentials (no `assume_role`, no `allowed_account_ids`), and points
 * each `terraform_remote_state` at `emptyStateFile` with `defaults` for every output of the stack
 * it reads (see `placeholderOutputs`). `sources` are the stacks of the same config, by stack name.
 * Returns a copy; throws when a remote state cannot be traced to one of `sources`.
 */
export function offlineStack(stack: StackJson, sources: ReadonlyMap<string, StackJson>, emptyStateFile: string): StackJson {
  const out = structuredClone(stack);
  if (out.terraform?.backend) delete out.terraform.backend;
  const aws = out.provider?.aws;
  for (const block of aws === undefined ? [] : Array.isArray(aws) ? aws : [aws]) {
    delete block.assume_role;
    delete block.allowed_account_ids;
    Object.assign(block, OFFLINE_PROVIDER_SETTINGS);
  }
  for (const [name, remote] of Object.entries(out.data?.terraform_remote_state ?? {})) {
    const sourceName = remoteStateSource(name, remote, sources);
    remote.backend = 'local';
    remote.config = { path: emptyStateFile };
    remote.defaults = placeholderOutputs(sources.get(sourceName) as StackJson);
  }
  return out;
}

/**
 * The parts of a synthesized stack that `offlineStack` rewrites, exactly as synthesized: the
 * `terraform` block, the providers and the `terraform_remote_state` reads. Everything else the
 * rewrite leaves unchanged (`OFFLINE_REWRITE_PATHS`, tested), and `terraform plan` validates the
 * configuration before it plans ("the terraform plan command ... includes an implied validation
 * check", developer.hashicorp.com/terraform/cli/commands/validate; an invalid argument fails the
 * plan with validate's diagnostic), so
 * `terraform validate` of these parts plus the plan of the rewrite validate the whole stack as
 * synthesized, and terraform checks each resource once instead of twice.
 */
export function rewrittenParts(stack: StackJson): StackJson {
  const remoteState = stack.data?.terraform_remote_state;
  return {
    ...(stack.terraform ? { terraform: structuredClone(stack.terraform) } : {}),
    ...(stack.provider ? { provider: structuredClone(stack.provider) } : {}),
    ...(remoteState ? { data: { terraform_remote_state: structuredClone(remoteState) } } : {}),
  };
}

/**
 * Which stack `data.terraform_remote_state.<name>` reads: the one whose `<stack>.tfstate` ends its
 * local `path` or s3 `key`. Throws, naming the data source, when that is not one of `sources`.
 */
export function remoteStateSource(name: string, remote: JsonObject, sources: ReadonlyMap<string, StackJson>): string {
  const config = (remote.config ?? {}) as JsonObject;
  const backend = remote.backend;
  const location = backend === 'local' ? config.path : backend === 's3' ? config.key : undefined;
  if (typeof location !== 'string') {
    throw new Error(
      `data.terraform_remote_state.${name}: cannot tell which stack it reads (backend ${JSON.stringify(backend)}, config ${JSON.stringify(config)}); offline planning understands a local "path" or an s3 "key" ending in <stack>.tfstate`,
    );
  }
  const file = location.split('/').pop() ?? '';
  const stack = [...sources.keys()].find((s) => file === `${s}.tfstate`);
  if (!stack) {
    throw new Error(
      `data.terraform_remote_state.${name}: ${JSON.stringify(location)} is not the state of any stack of this config (${[...sources.keys()].join(', ')})`,
    );
  }
  return stack;
}
