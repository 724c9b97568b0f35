/**
 * The one model of a synthesized app, read once from an output folder (`cdktf.out`): each stack with
 * its providers (account, region, role Terraform assumes), backend, remote-state reads (traced to
 * the stack they read), resources and data sources with their literal config, and the notes cdktf
 * recorded at synth, in apply order. The review and the rule pack both read it; references between
 * resources resolve through `Resolver` (resolver.ts). Reads synthesized JSON only, so it works for
 * any cdktf AWS app.
 */
import * as path from 'node:path';
import { isJsonObject, type JsonObject, type StackJson } from '../terraform/plan-json';
import { readSynthesizedStacks, SynthesizedOutputError } from '../terraform/synthesized-stacks';
import { type ApplyOrder, applyOrder } from './apply-order';
import { type ProviderInfo, providerInfos, providerOf } from './providers';
import { type BackendInfo, backendInfo, type RemoteStateRead, remoteStateReads } from './state';
import { block, blocks, text, texts } from './values';

/** A resource or data source of a stack. */
export interface AppResource {
  readonly stack: string;
  readonly mode: 'managed' | 'data';
  /** Terraform resource type, `aws_s3_bucket`. */
  readonly type: string;
  /** Its logical name in the JSON, `Archive_Storage_Bucket_849FA8FD`. */
  readonly name: string;
  /** `type.name`, or `data.type.name` for a data source: unique in its stack. */
  readonly address: string;
  /** `<stack>/<address>`: unique in the output folder; what findings and suppression files name. */
  readonly id: string;
  /** Its arguments, without cdktf's `//` comment key. */
  readonly config: JsonObject;
  /** cdktf's `//` comment key (`metadata`, and `checkSuppressions` recorded by suppressCheck), which Terraform ignores. */
  readonly comment: JsonObject;
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

export interface AppStack {
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
  readonly resources: readonly AppResource[];
  readonly dataSources: readonly AppResource[];
  readonly notes: readonly SynthNote[];
  /** Stacks the manifest lists as dependencies. */
  readonly dependencies: readonly string[];
}

export interface SynthesizedApp {
  readonly outDir: string;
  /** Stacks in apply order. */
  readonly stacks: readonly AppStack[];
  readonly order: ApplyOrder;
  /** Stack names as the manifest lists them. */
  readonly manifestOrder: readonly string[];
  /** Stack folders the manifest does not list (left from an earlier synth), not read. */
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

/** Reads a synthesized output folder (see `readSynthesizedStacks`, which throws `SynthesizedOutputError`) into the model. */
export function loadApp(outDir: string): SynthesizedApp {
  const output = readSynthesizedStacks(outDir);
  // Terraform applies the cdk.tf.json in a stack's workingDirectory; a synthesizedStackPath elsewhere
  // would have the review read another file than the one applied.
  const misdirected = output.stacks.flatMap((s) => {
    // cdktf writes both as stacks/<stack>; a pipeline that applies stacks/<stack> applies that file.
    const [dir, file] = [text(s.manifest?.workingDirectory), text(s.manifest?.synthesizedStackPath)];
    const expected = path.join('stacks', s.name);
    return (dir !== undefined && path.normalize(dir) !== expected) ||
      (file !== undefined && path.normalize(file) !== path.join(expected, 'cdk.tf.json'))
      ? [
          `${path.join(outDir, 'manifest.json')}: stack ${s.name} has workingDirectory "${dir ?? '—'}" and synthesizedStackPath "${file ?? '—'}", not ${expected} and its cdk.tf.json, where cdktf writes the stack and Terraform applies it, so a review would read another file than the one applied. Fix: synthesize again`,
        ]
      : [];
  });
  if (misdirected.length > 0) throw new SynthesizedOutputError(misdirected);
  const sources = output.stacks.map(
    (s): StackSourceJson => ({ name: s.name, json: s.json, file: s.file, ...(s.manifest ? manifestExtras(s.name, s.manifest) : {}) }),
  );
  return { ...appFromStacks(sources, output.outDir), stale: output.stale };
}

/** Builds the model from stacks in manifest order (for folders and for tests). */
export function appFromStacks(sources: readonly StackSourceJson[], outDir = ''): SynthesizedApp {
  const all = new Map<string, StackJson>(sources.map((s) => [s.name, s.json]));
  const stacks = sources.map((s) => appStack(s, all));
  const order = applyOrder(
    stacks.map((s) => ({ name: s.name, after: [...s.reads.flatMap((r) => (r.stack ? [r.stack] : [])), ...s.dependencies] })),
  );
  const byName = new Map(stacks.map((s) => [s.name, s]));
  return {
    outDir,
    stacks: order.names.map((n) => byName.get(n) as AppStack),
    order,
    manifestOrder: sources.map((s) => s.name),
    stale: [],
  };
}

/** The stacks of a model in manifest order (the rule pack's order; `stacks` is apply order). */
export function stacksInManifestOrder(app: SynthesizedApp): AppStack[] {
  const byName = new Map(app.stacks.map((s) => [s.name, s]));
  return app.manifestOrder.flatMap((name) => byName.get(name) ?? []);
}

/** A model holding only the given resources, stack by stack in the order they come (for rules evaluated on hand-written resources). */
export function appFromResources(resources: readonly AppResource[]): SynthesizedApp {
  const names = [...new Set(resources.map((r) => r.stack))];
  const stacks = names.map((name): AppStack => {
    const own = resources.filter((r) => r.stack === name);
    const providers = [...new Set(own.map((r) => r.provider))];
    return {
      name,
      file: '',
      json: {},
      providers,
      ...where(providers),
      backend: backendInfo({}),
      reads: [],
      resources: own.filter((r) => r.mode === 'managed'),
      dataSources: own.filter((r) => r.mode === 'data'),
      notes: [],
      dependencies: [],
    };
  });
  return { outDir: '', stacks, order: applyOrder(names.map((name) => ({ name, after: [] }))), manifestOrder: names, stale: [] };
}

function appStack(source: StackSourceJson, all: ReadonlyMap<string, StackJson>): AppStack {
  const { name, json } = source;
  const providers = providerInfos(json);
  const collect = (mode: 'managed' | 'data', section: unknown): AppResource[] =>
    Object.entries(isJsonObject(section) ? section : {}).flatMap(([type, named]) =>
      Object.entries(isJsonObject(named) ? named : {})
        .filter(([, config]) => isJsonObject(config))
        .map(([resourceName, raw]) => {
          const { '//': meta, ...config } = raw as JsonObject;
          const constructPath = text(block(block(meta).metadata).path);
          const address = `${mode === 'data' ? 'data.' : ''}${type}.${resourceName}`;
          return {
            stack: name,
            mode,
            type,
            name: resourceName,
            address,
            id: `${name}/${address}`,
            config,
            comment: block(meta),
            ...(constructPath ? { constructPath } : {}),
            provider: providerOf(providers, config),
          };
        }),
    );
  return {
    name,
    file: source.file ?? '',
    json,
    providers,
    ...where(providers),
    backend: backendInfo(json),
    reads: remoteStateReads(json, all),
    resources: collect('managed', json.resource),
    dataSources: collect('data', json.data),
    notes: source.notes ?? [],
    dependencies: source.dependencies ?? [],
  };
}

/** The accounts, regions and roles a stack's providers name. */
function where(providers: readonly ProviderInfo[]): Pick<AppStack, 'accounts' | 'regions' | 'roles'> {
  return {
    accounts: [...new Set(providers.flatMap((p) => p.accountIds))],
    regions: [...new Set(providers.flatMap((p) => (p.region ? [p.region] : [])))],
    roles: [...new Set(providers.flatMap((p) => (p.roleArn ? [p.roleArn] : [])))],
  };
}

/** Annotations and dependencies of a stack from its `manifest.json` entry. */
function manifestExtras(name: string, entry: JsonObject): { notes: SynthNote[]; dependencies: string[] } {
  const notes = blocks(entry.annotations).map((a) => ({
    level: (text(a.level) ?? 'info').replace(/^@cdktf\//, ''),
    constructPath: text(a.constructPath) ?? name,
    message: text(a.message) ?? '',
  }));
  return { notes, dependencies: texts(entry.dependencies) };
}
