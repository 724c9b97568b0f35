/**
 * Terraform test harness: checks synthesized stacks with the real terraform CLI and the real AWS
 * provider, offline.
 *
 * - Every stack of every config goes into ONE combined root module (`module "<key>" { source =
 *   "./<folder>" }`), because loading the provider schema dominates each terraform command.
 * - `validate` runs on the synthesized JSON unchanged (`init -backend=false`).
 * - `plan` runs on a separate copy whose stacks are rewritten for offline use (`offlineStack`): no
 *   backend, fake static credentials without `assume_role`, remote state read from an empty local
 *   state with placeholder `defaults` for every output of the source stack.
 *
 * Terraform and the provider come from the machine (PATH and a filesystem mirror); nothing is
 * downloaded. See DESIGN.md, "Terraform, for real".
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// ---------------------------------------------------------------------------------------------
// Types

export type JsonObject = { [key: string]: unknown };

/** A synthesized stack (`cdk.tf.json`), loosely typed: only the parts the harness touches. */
export interface StackJson {
  terraform?: { backend?: Record<string, JsonObject>; required_providers?: JsonObject; [key: string]: unknown };
  provider?: { aws?: JsonObject[] | JsonObject; [key: string]: unknown };
  data?: { terraform_remote_state?: Record<string, JsonObject>; [key: string]: unknown };
  resource?: Record<string, Record<string, JsonObject>>;
  output?: Record<string, { value: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** One stack to check, by its stack name (its remote state key is `<name>.tfstate`). */
export interface StackSource {
  readonly name: string;
  readonly json: StackJson;
}

/** The stacks of one config. `prefix` keeps module keys of different configs apart ('' for none). */
export interface ModuleSet {
  readonly prefix: string;
  readonly stacks: readonly StackSource[];
}

/** Where a stack sits in the combined root. */
export interface RootModule {
  /** `module.<key>` in plan addresses. */
  readonly key: string;
  /** Folder under the root, `<prefix>/<stack>` or `<stack>`. */
  readonly folder: string;
  readonly prefix: string;
  readonly stack: string;
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { filename: string; start: { line: number; column: number } };
  readonly snippet?: { context?: string | null; code?: string };
}

export interface Toolchain {
  readonly terraform: string;
  readonly terraformVersion: string;
  /** Filesystem mirror root: the folder that contains `registry.terraform.io`. */
  readonly mirror: string;
}

export type Availability =
  | { readonly available: true; readonly toolchain: Toolchain }
  | { readonly available: false; readonly reason: string };

// Plan JSON (`terraform show -json`), the parts tests read.
export interface PlannedResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  provider_name: string;
  values: JsonObject;
}
export interface PlannedModule {
  address?: string;
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
}
export interface ResourceChange {
  address: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  change: { actions: string[]; before: unknown; after: JsonObject | null; after_unknown?: JsonObject };
}
export interface ProviderConfig {
  name: string;
  full_name?: string;
  alias?: string;
  module_address?: string;
  expressions?: Record<string, { constant_value?: unknown; references?: string[] }>;
}
export interface PlanJson {
  format_version: string;
  terraform_version: string;
  planned_values: { root_module: PlannedModule };
  resource_changes?: ResourceChange[];
  configuration: { provider_config?: Record<string, ProviderConfig>; root_module: JsonObject };
  errored?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Locating terraform and the provider mirror

/** Summary of the only diagnostic validate may report: a child module's backend block, ignored. */
export const IGNORED_BACKEND_SUMMARY = 'Backend configuration ignored';

/** The terraform platform string of this machine (`linux_amd64`). */
export function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

/** Finds `terraform` on PATH (or `TERRAFORM_BIN`). */
export function findTerraform(): string | undefined {
  const explicit = process.env.TERRAFORM_BIN;
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'terraform');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds a filesystem mirror that holds `hashicorp/aws` for this platform: `TF_PROVIDER_MIRROR`,
 * then `/opt/tf-plugins`, then a search of the whole filesystem. Returns the mirror root.
 */
export function findProviderMirror(): string | undefined {
  const explicit = process.env.TF_PROVIDER_MIRROR;
  if (explicit) return mirrorHoldsAws(explicit) ? path.resolve(explicit) : undefined;
  if (mirrorHoldsAws('/opt/tf-plugins')) return '/opt/tf-plugins';
  const found = spawnSync('find', ['/', '-path', '/proc', '-prune', '-o', '-name', 'terraform-provider-aws_*', '-print'], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const hit of (found.stdout ?? '').split('\n')) {
    const parts = hit.split(path.sep);
    const at = parts.lastIndexOf('registry.terraform.io');
    if (at <= 0) continue;
    const root = parts.slice(0, at).join(path.sep) || path.sep;
    if (mirrorHoldsAws(root)) return root;
  }
  return undefined;
}

/** Whether terraform and the provider mirror are here; never throws. */
export function locateToolchain(): Availability {
  const terraform = findTerraform();
  if (!terraform) {
    return {
      available: false,
      reason: `terraform is not on PATH${process.env.TERRAFORM_BIN ? ` (TERRAFORM_BIN=${process.env.TERRAFORM_BIN} is not executable)` : ''}`,
    };
  }
  const mirror = findProviderMirror();
  if (!mirror) {
    return {
      available: false,
      reason: `no filesystem mirror with registry.terraform.io/hashicorp/aws for ${terraformPlatform()} (looked at ${
        process.env.TF_PROVIDER_MIRROR ? `TF_PROVIDER_MIRROR=${process.env.TF_PROVIDER_MIRROR}` : '/opt/tf-plugins and the whole filesystem'
      })`,
    };
  }
  const version = spawnSync(terraform, ['version', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
    timeout: 60_000,
  });
  if (version.status !== 0) return { available: false, reason: `${terraform} version failed: ${version.stderr || version.error}` };
  const terraformVersion = (JSON.parse(version.stdout) as { terraform_version: string }).terraform_version;
  return { available: true, toolchain: { terraform, terraformVersion, mirror } };
}

function mirrorHoldsAws(root: string): boolean {
  const aws = path.join(root, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!fs.existsSync(aws)) return false;
  const platform = terraformPlatform();
  return fs.readdirSync(aws).some(
    (entry) =>
      // packed layout: terraform-provider-aws_<version>_<platform>.zip
      entry.endsWith(`_${platform}.zip`) ||
      // unpacked layout: <version>/<platform>/terraform-provider-aws_*
      (fs.existsSync(path.join(aws, entry, platform)) &&
        fs.readdirSync(path.join(aws, entry, platform)).some((f) => f.startsWith('terraform-provider-aws_'))),
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Running terraform

/** Wall time of each terraform command, in the order they ran. */
export interface Timing {
  readonly command: string;
  readonly ms: number;
}

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs terraform commands in a hermetic environment: our own CLI config (the filesystem mirror
 * only, and a plugin cache so the provider is linked, not copied), no ambient TF_* or AWS_*
 * settings, no checkpoint calls.
 */
export class Terraform {
  public readonly timings: Timing[] = [];
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    public readonly toolchain: Toolchain,
    /** Persistent folder for the CLI config and plugin cache (reused across runs). */
    cacheDir: string,
  ) {
    const pluginCache = path.join(cacheDir, 'plugin-cache');
    fs.mkdirSync(pluginCache, { recursive: true });
    const cliConfig = path.join(cacheDir, 'terraform.rc');
    fs.writeFileSync(
      cliConfig,
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(toolchain.mirror)}`,
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
        `plugin_cache_dir = ${JSON.stringify(pluginCache)}`,
        '',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (key.startsWith('TF_') || key.startsWith('AWS_')) continue;
      env[key] = value;
    }
    this.env = {
      ...env,
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  /** Runs `terraform <args>` in `cwd`; returns whatever happened (callers decide what a failure is). */
  run(cwd: string, args: readonly string[]): CommandResult {
    const started = Date.now();
    const result = spawnSync(this.toolchain.terraform, [...args], {
      cwd,
      env: this.env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 300_000,
    });
    this.timings.push({ command: `terraform ${args.filter((a) => !a.startsWith('-')).join(' ')}`, ms: Date.now() - started });
    if (result.error) throw new Error(`terraform ${args.join(' ')} in ${cwd} could not run: ${result.error.message}`);
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** Like `run`, but throws with terraform's output when the command fails. */
  runOrThrow(cwd: string, args: readonly string[]): CommandResult {
    const result = this.run(cwd, args);
    if (result.status !== 0) {
      throw new Error(`terraform ${args.join(' ')} failed (exit ${result.status}) in ${cwd}:\n${result.stderr}\n${result.stdout}`.trim());
    }
    return result;
  }
}

// ---------------------------------------------------------------------------------------------
// The combined root module

/** `module.<key>` for a stack: prefix and stack name joined by `_`, every other character `_`. */
export function moduleKey(prefix: string, stack: string): string {
  return [prefix, stack]
    .filter(Boolean)
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_');
}

/** Lays out every stack of every set as a module of one root in `dir`; `transform` rewrites each stack first. */
export function writeCombinedRoot(
  dir: string,
  sets: readonly ModuleSet[],
  transform: (stack: StackSource, set: ModuleSet) => StackJson = (stack) => stack.json,
): RootModule[] {
  const modules: RootModule[] = [];
  const calls: Record<string, { source: string }> = {};
  for (const set of sets) {
    for (const stack of set.stacks) {
      const key = moduleKey(set.prefix, stack.name);
      if (calls[key]) throw new Error(`module key ${key} is used twice (prefix "${set.prefix}", stack "${stack.name}")`);
      const folder = set.prefix ? `${set.prefix}/${stack.name}` : stack.name;
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
      fs.writeFileSync(path.join(dir, folder, 'cdk.tf.json'), `${JSON.stringify(transform(stack, set), null, 2)}\n`);
      calls[key] = { source: `./${folder}` };
      modules.push({ key, folder, prefix: set.prefix, stack: stack.name });
    }
  }
  fs.writeFileSync(path.join(dir, 'main.tf.json'), `${JSON.stringify({ module: calls }, null, 2)}\n`);
  return modules;
}

// ---------------------------------------------------------------------------------------------
// Validate

export interface ValidateResult {
  readonly valid: boolean;
  /** Every diagnostic except the expected "Backend configuration ignored" warnings. */
  readonly unexpected: Diagnostic[];
  /** How many "Backend configuration ignored" warnings were filtered out. */
  readonly ignoredBackends: number;
}

/** `terraform init -backend=false` + `terraform validate -json` in a combined root. */
export function validateRoot(tf: Terraform, dir: string): ValidateResult {
  tf.runOrThrow(dir, ['init', '-backend=false', '-input=false', '-no-color']);
  const result = tf.run(dir, ['validate', '-json', '-no-color']);
  let parsed: { valid: boolean; diagnostics?: Diagnostic[] };
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed;
  } catch {
    throw new Error(`terraform validate -json printed no JSON (exit ${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
  const diagnostics = parsed.diagnostics ?? [];
  const expected = (d: Diagnostic) => d.severity === 'warning' && d.summary === IGNORED_BACKEND_SUMMARY;
  return {
    valid: parsed.valid,
    unexpected: diagnostics.filter((d) => !expected(d)),
    ignoredBackends: diagnostics.filter(expected).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Offline rewrite

/** Fake static credentials: the provider never calls AWS during a `-refresh=false` plan. */
export const OFFLINE_PROVIDER_SETTINGS = {
  access_key: 'AKIAOFFLINETESTONLY00',
  secret_key: 'offline-test-secret-key-not-a-real-credential',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
} as const;

/** A valid state file with nothing in it, for remote state read offline. */
export const EMPTY_STATE = {
  version: 4,
  terraform_version: '1.11.4',
  serial: 1,
  lineage: 'offline-test',
  outputs: {},
  resources: [],
};

/** JSON paths `offlineStack` may change; anything else it changes is a harness bug. */
export const OFFLINE_REWRITE_PATHS: readonly RegExp[] = [
  /^terraform\.backend$/,
  /^provider\.aws(\[\d+\])?\.(assume_role|allowed_account_ids|access_key|secret_key|skip_credentials_validation|skip_requesting_account_id|skip_metadata_api_check)$/,
  /^data\.terraform_remote_state\.[^.]+\.(backend|config|defaults)(\..+|\[\d+\].*)?$/,
];

/**
 * Rewrites a synthesized stack so `terraform plan` runs without AWS: drops the backend, gives every
 * aws provider fake static credentials (no `assume_role`, no `allowed_account_ids`), and points
 * each `terraform_remote_state` at `emptyStateFile` with `defaults` for every output of the stack
 * it reads. `sources` are the stacks of the same config, by stack name. Returns a copy.
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

/** Which stack a `terraform_remote_state` reads: its local `path` or s3 `key` ends with `<stack>.tfstate`. */
export function remoteStateSource(name: string, remote: JsonObject, sources: ReadonlyMap<string, StackJson>): string {
  const config = (remote.config ?? {}) as JsonObject;
  const backend = remote.backend;
  const location = backend === 'local' ? config.path : backend === 's3' ? config.key : undefined;
  if (typeof location !== 'string') {
    throw new Error(
      `data.terraform_remote_state.${name}: cannot tell which stack it reads (backend ${JSON.stringify(backend)}, config ${JSON.stringify(config)}); the harness understands local "path" and s3 "key" ending in <stack>.tfstate`,
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

const PLACEHOLDER_UUID = '00000000-0000-4000-8000-000000000000';
const PLACEHOLDER_ACCOUNT = '123456789012';
const REFERENCE = /\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/**
 * A value for every output of a stack, as its remote state would return after apply: literals as
 * they are, and each `${type.name.attribute}` reference replaced by a realistic placeholder (ARNs
 * in the account and region of the resource's provider, key ids as UUIDs, names from the config).
 */
export function placeholderOutputs(stack: StackJson): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(stack.output ?? {})) {
    values[name] = mapStrings(output.value, (text) => placeholderText(stack, name, text));
  }
  return values;
}

function placeholderText(stack: StackJson, outputName: string, text: string): string {
  if (!text.includes('${')) return text;
  const replaced = text.replace(REFERENCE, (_match, data: string | undefined, type: string, name: string, attribute: string) =>
    data ? dataPlaceholder(stack, type, attribute) : resourcePlaceholder(stack, type, name, attribute),
  );
  if (!replaced.includes('${')) return replaced;
  // An expression the harness does not understand: keep the shape the output name promises.
  const { account, region } = providerContext(stack, undefined);
  return outputName.endsWith('_arn') ? `arn:aws:placeholder:${region}:${account}:${outputName}` : `placeholder-${outputName}`;
}

function resourcePlaceholder(stack: StackJson, type: string, name: string, attribute: string): string {
  const config = stack.resource?.[type]?.[name] ?? {};
  const { account, region } = providerContext(stack, config.provider);
  const literal = (key: string) => {
    const value = config[key];
    return typeof value === 'string' && !value.includes('${') ? value : undefined;
  };
  const label = literal('name') ?? literal('bucket') ?? `placeholder-${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
  if (attribute === 'arn') return arnPlaceholder(type, region, account, label);
  if (type === 'aws_kms_key' && (attribute === 'id' || attribute === 'key_id')) return PLACEHOLDER_UUID;
  if (type === 'aws_s3_bucket' && (attribute === 'id' || attribute === 'bucket')) return label;
  if (attribute === 'region') return region;
  if (attribute === 'account_id') return account;
  return literal(attribute) ?? (attribute === 'name' || attribute === 'id' ? label : `placeholder-${type}-${attribute}`);
}

function dataPlaceholder(stack: StackJson, type: string, attribute: string): string {
  const { account, region } = providerContext(stack, undefined);
  if (type === 'aws_caller_identity' && attribute === 'account_id') return account;
  if (type === 'aws_region' && (attribute === 'name' || attribute === 'id' || attribute === 'region')) return region;
  if (type === 'aws_partition' && attribute === 'partition') return 'aws';
  return `placeholder-${type}-${attribute}`;
}

/** An ARN of the shape AWS gives resources of `type`. */
export function arnPlaceholder(type: string, region: string, account: string, name: string): string {
  switch (type) {
    case 'aws_kms_key':
      return `arn:aws:kms:${region}:${account}:key/${PLACEHOLDER_UUID}`;
    case 'aws_kms_alias':
      return `arn:aws:kms:${region}:${account}:${name.startsWith('alias/') ? name : `alias/${name}`}`;
    case 'aws_s3_bucket':
      return `arn:aws:s3:::${name}`;
    case 'aws_iam_role':
      return `arn:aws:iam::${account}:role/${name}`;
    case 'aws_iam_policy':
      return `arn:aws:iam::${account}:policy/${name}`;
    case 'aws_sns_topic':
      return `arn:aws:sns:${region}:${account}:${name}`;
    case 'aws_sqs_queue':
      return `arn:aws:sqs:${region}:${account}:${name}`;
    case 'aws_cloudtrail':
      return `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
    case 'aws_cloudwatch_log_group':
      return `arn:aws:logs:${region}:${account}:log-group:${name}`;
    case 'aws_cloudwatch_event_rule':
      return `arn:aws:events:${region}:${account}:rule/${name}`;
    case 'aws_lambda_function':
      return `arn:aws:lambda:${region}:${account}:function:${name}`;
    default: {
      // aws_<service>_<resource...>: arn:aws:<service>:<region>:<account>:<resource>/<name>
      const [, service = 'placeholder', ...rest] = type.split('_');
      return `arn:aws:${service}:${region}:${account}:${rest.join('-') || 'resource'}/${name}`;
    }
  }
}

/** Account and region of the aws provider a resource uses (`provider: "aws.<alias>"`, else the default one). */
function providerContext(stack: StackJson, provider: unknown): { account: string; region: string } {
  const aws = stack.provider?.aws;
  const blocks = aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
  const alias = typeof provider === 'string' && provider.startsWith('aws.') ? provider.slice(4) : undefined;
  const block = blocks.find((b) => b.alias === alias) ?? blocks.find((b) => b.alias === undefined) ?? {};
  const allowed = block.allowed_account_ids;
  const roleArn = (block.assume_role as { role_arn?: string }[] | undefined)?.[0]?.role_arn;
  const account =
    (Array.isArray(allowed) && typeof allowed[0] === 'string' ? allowed[0] : undefined) ??
    /^arn:aws:iam::(\d{12}):/.exec(roleArn ?? '')?.[1] ??
    PLACEHOLDER_ACCOUNT;
  return { account, region: typeof block.region === 'string' ? block.region : 'us-east-1' };
}

function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}

/**
 * Paths where two JSON values differ (`a.b[0].c`), stopping at the first difference on each path:
 * an added, removed or changed key is reported once, at its own path.
 */
export function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  if (Object.is(a, b)) return [];
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects = isObject(a) && isObject(b);
  if (bothArrays && a.length === b.length) return a.flatMap((v, i) => changedPaths(v, b[i], `${at}[${i}]`));
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => {
      const child = at ? `${at}.${k}` : k;
      if (!(k in a) || !(k in b)) return [child];
      return changedPaths(a[k], b[k], child);
    });
  }
  return [at || '(root)'];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Plan

export interface PlanResult {
  /** The parsed `terraform show -json` of the saved plan; undefined when the plan failed. */
  readonly plan: PlanJson | undefined;
  /** Every warning and error the plan reported (none is expected). */
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;
  /** Terraform's stderr, for failures that bring no JSON diagnostic. */
  readonly stderr: string;
}

/**
 * `terraform init`, `plan -refresh=false -out`, `show -json` in a combined root of offline stacks.
 * With `initialized` (the root already holds a `.terraform` for the same modules and providers) the
 * init is skipped, unless the plan then asks for one.
 */
export function planRoot(tf: Terraform, dir: string, options: { initialized?: boolean } = {}): PlanResult {
  if (!options.initialized) tf.runOrThrow(dir, ['init', '-input=false', '-no-color']);
  const args = ['plan', '-refresh=false', '-input=false', '-lock=false', '-out=plan.bin', '-json', '-no-color'];
  let result = tf.run(dir, args);
  if (
    options.initialized &&
    result.status !== 0 &&
    /terraform init|not installed|initialization required/i.test(result.stdout + result.stderr)
  ) {
    tf.runOrThrow(dir, ['init', '-input=false', '-no-color']);
    result = tf.run(dir, args);
  }
  const diagnostics: Diagnostic[] = [];
  for (const line of result.stdout.split('\n')) {
    if (!line.trim()) continue;
    let message: { type?: string; diagnostic?: Diagnostic };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      diagnostics.push({ severity: 'error', summary: 'terraform plan printed a line that is not JSON', detail: line });
      continue;
    }
    if (message.type === 'diagnostic' && message.diagnostic) diagnostics.push(message.diagnostic);
  }
  // Plan reports a configuration diagnostic once while validating and again while planning.
  const unique = [...new Map(diagnostics.map((d) => [JSON.stringify(d), d])).values()];
  if (result.status !== 0 && !unique.some((d) => d.severity === 'error')) {
    unique.push({ severity: 'error', summary: `terraform plan exited ${result.status}`, detail: result.stderr });
  }
  if (result.status !== 0) return { plan: undefined, diagnostics: unique, exitCode: result.status, stderr: result.stderr };
  const shown = tf.runOrThrow(dir, ['show', '-json', '-no-color', 'plan.bin']);
  return { plan: JSON.parse(shown.stdout) as PlanJson, diagnostics: unique, exitCode: 0, stderr: result.stderr };
}

// ---------------------------------------------------------------------------------------------
// The whole tier

export interface TierResult {
  readonly modules: RootModule[];
  readonly validate: ValidateResult;
  readonly plan: PlanResult;
  /** The rewritten stacks the plan ran on, by module key (for assertions on the rewrite). */
  readonly offline: ReadonlyMap<string, StackJson>;
  readonly timings: readonly Timing[];
}

/**
 * Validates every set's stacks unchanged in `<workDir>/validate`, then plans the offline rewrite in
 * `<workDir>/plan`: one init, one validate, one plan and one show for everything.
 */
export function runTerraformTier(tf: Terraform, workDir: string, sets: readonly ModuleSet[]): TierResult {
  const validateDir = path.join(workDir, 'validate');
  const planDir = path.join(workDir, 'plan');
  fs.mkdirSync(validateDir, { recursive: true });
  fs.mkdirSync(planDir, { recursive: true });

  const modules = writeCombinedRoot(validateDir, sets);
  const validate = validateRoot(tf, validateDir);

  const emptyState = path.join(planDir, 'offline-empty.tfstate');
  fs.writeFileSync(emptyState, `${JSON.stringify(EMPTY_STATE)}\n`);
  const offline = new Map<string, StackJson>();
  writeCombinedRoot(planDir, sets, (stack, set) => {
    const sources = new Map(set.stacks.map((s) => [s.name, s.json]));
    const rewritten = offlineStack(stack.json, sources, emptyState);
    offline.set(moduleKey(set.prefix, stack.name), rewritten);
    return rewritten;
  });
  // Same modules, same providers: reuse the validate root's installation instead of a second init (~4 s).
  fs.cpSync(path.join(validateDir, '.terraform'), path.join(planDir, '.terraform'), { recursive: true, verbatimSymlinks: true });
  fs.copyFileSync(path.join(validateDir, '.terraform.lock.hcl'), path.join(planDir, '.terraform.lock.hcl'));
  const plan = planRoot(tf, planDir, { initialized: true });
  return { modules, validate, plan, offline, timings: tf.timings };
}

// ---------------------------------------------------------------------------------------------
// Reading the plan

/** `planned_values` resources of `module.<key>` (managed and data). */
export function plannedResources(plan: PlanJson, key: string): PlannedResource[] {
  const module = plan.planned_values.root_module.child_modules?.find((m) => m.address === `module.${key}`);
  return module?.resources ?? [];
}

/** The resource changes of `module.<key>`. */
export function resourceChanges(plan: PlanJson, key: string): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((c) => c.module_address === `module.${key}`);
}

/** The configured provider `aws` (or `aws.<alias>`) of `module.<key>`. */
export function providerConfig(plan: PlanJson, key: string, alias?: string): ProviderConfig | undefined {
  return plan.configuration.provider_config?.[`module.${key}:aws${alias ? `.${alias}` : ''}`];
}

/** A resource as configured (`configuration` section of the plan), with its references. */
export interface ConfigResource {
  /** Address inside the module: `<type>.<name>`. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `module.<key>:aws` or `module.<key>:aws.<alias>`: a key of `configuration.provider_config`. */
  provider_config_key?: string;
  expressions?: JsonObject;
}

/** The configured resources of `module.<key>`. */
export function configResources(plan: PlanJson, key: string): ConfigResource[] {
  const calls = plan.configuration.root_module.module_calls as Record<string, { module?: { resources?: ConfigResource[] } }> | undefined;
  return calls?.[key]?.module?.resources ?? [];
}

/** Every address an expression (or a nested block of expressions) refers to. */
export function collectReferences(expression: unknown): string[] {
  if (Array.isArray(expression)) return expression.flatMap(collectReferences);
  if (!isObject(expression)) return [];
  const own = Array.isArray(expression.references) ? (expression.references as string[]) : [];
  return [
    ...own,
    ...Object.entries(expression)
      .filter(([k]) => k !== 'references')
      .flatMap(([, v]) => collectReferences(v)),
  ];
}

/**
 * A stack that reads every output of `source` through `terraform_remote_state` configured like the
 * source's own backend, as later stacks do, and hands them to a `terraform_data` resource: its
 * planned `input` shows what remote state gave a consumer in the offline plan.
 */
export function remoteStateProbe(sourceName: string, source: StackJson): StackJson {
  const [backend] = Object.entries(source.terraform?.backend ?? {});
  if (!backend) throw new Error(`remoteStateProbe: stack ${sourceName} has no backend to read`);
  const [type, config] = backend;
  const ref = sourceName.replace(/[^A-Za-z0-9_]/g, '_');
  const input = Object.fromEntries(Object.keys(source.output ?? {}).map((o) => [o, `\${data.terraform_remote_state.${ref}.outputs.${o}}`]));
  return {
    data: { terraform_remote_state: { [ref]: { backend: type, config: structuredClone(config) } } },
    resource: { terraform_data: { remote_state_probe: { input } } },
  };
}

/** One line per diagnostic, with where it points: for test failure messages. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : d.address ? ` (${d.address})` : '';
  const code = d.snippet?.code ? `\n    ${d.snippet.context ? `${d.snippet.context}: ` : ''}${d.snippet.code.trim()}` : '';
  return `${d.severity}: ${d.summary}${where}${d.detail ? `\n    ${d.detail.split('\n').join('\n    ')}` : ''}${code}`;
}
