/**
 * The review's view of a synthesized output folder: each stack with its providers (account, region,
 * role Terraform assumes), backend, remote-state reads, resources and synth notes, in apply order.
 * Reads synthesized JSON only, so it works for any cdktf AWS app.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { remoteStateSource } from '../terraform/offline-stack';
import { isJsonObject, type JsonObject, type StackJson } from '../terraform/plan-json';
import { readSynthesizedStacks } from '../terraform/synthesized-stacks';
import { type ApplyOrder, applyOrder } from './apply-order';
import { block, blocks, text, texts } from './values';

/** An aws provider block of a stack. */
export interface ProviderInfo {
  /** `aws.<alias>`, or `aws` for the default provider. */
  readonly key: string;
  readonly region?: string;
  /** `allowed_account_ids`, else the account of the assumed role. */
  readonly accountIds: readonly string[];
  /** The role Terraform assumes (`assume_role.role_arn`), if any. */
  readonly roleArn?: string;
  /** Whether `accountIds` are pinned (`allowed_account_ids`) or only read from the role ARN. */
  readonly pinned: boolean;
}

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

/** A resource or data source of a stack. */
export interface ReviewResource {
  readonly stack: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  /** Its logical name in the JSON. */
  readonly name: string;
  /** `type.name`, or `data.type.name` for a data source. */
  readonly address: string;
  /** Its arguments, without cdktf's `//` metadata. */
  readonly config: JsonObject;
  /** The construct path cdktf recorded (`log-archive/Archive/Storage/Bucket`), if any. */
  readonly constructPath?: string;
  readonly provider: ProviderInfo;
}

/** A note cdktf recorded for a construct (synth warnings and info: weakened defaults, opt-outs). */
export interface SynthNote {
  readonly level: string;
  readonly constructPath: string;
  readonly message: string;
}

export interface ReviewStack {
  readonly name: string;
  /** Absolute path of its `cdk.tf.json` ('' for stacks built in memory). */
  readonly file: string;
  readonly json: StackJson;
  readonly providers: readonly ProviderInfo[];
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly roles: readonly string[];
  readonly backend: BackendInfo;
  readonly reads: readonly RemoteStateRead[];
  readonly resources: readonly ReviewResource[];
  readonly dataSources: readonly ReviewResource[];
  readonly notes: readonly SynthNote[];
  /** Stacks the manifest lists as dependencies. */
  readonly dependencies: readonly string[];
}

export interface ReviewApp {
  readonly outDir: string;
  /** Stacks in apply order. */
  readonly stacks: readonly ReviewStack[];
  readonly order: ApplyOrder;
  /** Stack names as the manifest lists them. */
  readonly manifestOrder: readonly string[];
  /** Stack folders the manifest does not list (left from an earlier synth), not reviewed. */
  readonly stale: readonly string[];
}

/** A stack given in memory: its name and JSON, plus what a manifest would say. */
export interface StackSourceJson {
  readonly name: string;
  readonly json: StackJson;
  readonly file?: string;
  readonly notes?: readonly SynthNote[];
  readonly dependencies?: readonly string[];
}

/** Reads a synthesized output folder (see `readSynthesizedStacks`) into the review model. */
export function loadReviewApp(outDir: string): ReviewApp {
  const output = readSynthesizedStacks(outDir);
  const manifest = readManifestExtras(output.outDir);
  const sources = output.stacks.map(
    (s): StackSourceJson => ({ name: s.name, json: s.json, file: s.file, ...(manifest.get(s.name) ?? {}) }),
  );
  return { ...reviewAppFromStacks(sources, output.outDir), stale: output.stale };
}

/** Builds the review model from stacks in manifest order (for folders and for tests). */
export function reviewAppFromStacks(sources: readonly StackSourceJson[], outDir = ''): ReviewApp {
  const all = new Map<string, StackJson>(sources.map((s) => [s.name, s.json]));
  const stacks = sources.map((s) => reviewStack(s, all));
  const order = applyOrder(
    stacks.map((s) => ({ name: s.name, after: [...s.reads.flatMap((r) => (r.stack ? [r.stack] : [])), ...s.dependencies] })),
  );
  const byName = new Map(stacks.map((s) => [s.name, s]));
  return {
    outDir,
    stacks: order.names.map((n) => byName.get(n) as ReviewStack),
    order,
    manifestOrder: sources.map((s) => s.name),
    stale: [],
  };
}

function reviewStack(source: StackSourceJson, all: ReadonlyMap<string, StackJson>): ReviewStack {
  const { name, json } = source;
  const providers = providerInfos(json);
  const byKey = new Map(providers.map((p) => [p.key, p]));
  const fallback: ProviderInfo = byKey.get('aws') ?? providers[0] ?? { key: 'aws', accountIds: [], pinned: false };
  const collect = (mode: 'managed' | 'data', section: unknown): ReviewResource[] =>
    Object.entries(isJsonObject(section) ? section : {}).flatMap(([type, named]) =>
      Object.entries(isJsonObject(named) ? named : {})
        .filter(([, config]) => isJsonObject(config))
        .map(([resourceName, raw]) => {
          const { '//': meta, ...config } = raw as JsonObject;
          const constructPath = text(block(block(meta).metadata).path);
          const providerKey = text(config.provider) ?? 'aws';
          return {
            stack: name,
            mode,
            type,
            name: resourceName,
            address: `${mode === 'data' ? 'data.' : ''}${type}.${resourceName}`,
            config,
            ...(constructPath ? { constructPath } : {}),
            provider: byKey.get(providerKey) ?? fallback,
          };
        }),
    );
  return {
    name,
    file: source.file ?? '',
    json,
    providers,
    accounts: [...new Set(providers.flatMap((p) => p.accountIds))],
    regions: [...new Set(providers.flatMap((p) => (p.region ? [p.region] : [])))],
    roles: [...new Set(providers.flatMap((p) => (p.roleArn ? [p.roleArn] : [])))],
    backend: backendInfo(json),
    reads: remoteStateReads(json, all),
    resources: collect('managed', json.resource),
    dataSources: collect('data', json.data),
    notes: source.notes ?? [],
    dependencies: source.dependencies ?? [],
  };
}

function providerInfos(json: StackJson): ProviderInfo[] {
  return blocks(json.provider?.aws).map((p) => {
    const roleArn = text(block(p.assume_role).role_arn);
    const roleAccount = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(roleArn ?? '')?.[1];
    const allowed = texts(p.allowed_account_ids);
    const alias = text(p.alias);
    return {
      key: alias ? `aws.${alias}` : 'aws',
      ...(text(p.region) ? { region: text(p.region) } : {}),
      accountIds: allowed.length > 0 ? allowed : roleAccount ? [roleAccount] : [],
      ...(roleArn ? { roleArn } : {}),
      pinned: allowed.length > 0,
    };
  });
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

function remoteStateReads(json: StackJson, all: ReadonlyMap<string, StackJson>): RemoteStateRead[] {
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

/** Annotations and dependencies per stack from `manifest.json`, when there is one. */
function readManifestExtras(outDir: string): Map<string, { notes: SynthNote[]; dependencies: string[] }> {
  const extras = new Map<string, { notes: SynthNote[]; dependencies: string[] }>();
  const file = path.join(outDir, 'manifest.json');
  if (!fs.existsSync(file)) return extras;
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return extras;
  }
  const stacks = isJsonObject(manifest) && isJsonObject(manifest.stacks) ? manifest.stacks : {};
  for (const [name, entry] of Object.entries(stacks)) {
    if (!isJsonObject(entry)) continue;
    const notes = blocks(entry.annotations).map((a) => ({
      level: (text(a.level) ?? 'info').replace(/^@cdktf\//, ''),
      constructPath: text(a.constructPath) ?? name,
      message: text(a.message) ?? '',
    }));
    extras.set(name, { notes, dependencies: texts(entry.dependencies) });
  }
  return extras;
}
