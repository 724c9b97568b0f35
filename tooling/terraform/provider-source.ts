/**
 * Where `npm run plan` gets terraform and the aws provider for an offline plan: the filesystem
 * mirror `locateToolchain` finds, else (with network) a mirror filled from the registry once and
 * cached. Each failure names what was looked for and the fix.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { block, text } from '../model';
import type { StackJson } from './plan-json';
import { findTerraform, locateToolchain, type Toolchain, terraformPlatform } from './toolchain';

/** Where the registry fallback keeps its mirror: `$CDKTF_ORG_LOGGING_PROVIDER_CACHE`, else node_modules/.cache. */
export const PROVIDER_CACHE_ENV = 'CDKTF_ORG_LOGGING_PROVIDER_CACHE';
const DEFAULT_CACHE = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'cdktf-org-logging', 'provider-mirror');

/** A toolchain, or every reason there is none (one line each, with the fix). */
export type ToolchainOutcome = { readonly toolchain: Toolchain; readonly note: string } | { readonly problems: readonly string[] };

/** The `hashicorp/aws` version the stacks pin (`required_providers.aws.version`), if they agree on one. */
export function pinnedAwsVersion(stacks: readonly StackJson[]): string | undefined {
  const versions = new Set(stacks.map((s) => text(block(block(s.terraform?.required_providers).aws).version)));
  return versions.size === 1 ? [...versions][0] : undefined;
}

/** What locating terraform looks at, for messages. */
export function terraformSearch(): string {
  return process.env.TERRAFORM_BIN ? `TERRAFORM_BIN=${process.env.TERRAFORM_BIN}` : `"terraform" on PATH (${process.env.PATH ?? ''})`;
}

export const TERRAFORM_FIX =
  'Fix: install terraform 1.10 or later (https://developer.hashicorp.com/terraform/install) and put it on PATH, or set TERRAFORM_BIN to its path';

/** terraform for `--online`: only the CLI is needed (the user's own configuration installs providers). */
export function onlineTerraform(): { terraform: string } | { problems: string[] } {
  const terraform = findTerraform();
  return terraform ? { terraform } : { problems: [`terraform: not found (looked at ${terraformSearch()}). ${TERRAFORM_FIX}`] };
}

/**
 * terraform and a provider mirror for an offline plan: the mirror on this machine, else one filled
 * from the registry (`terraform providers mirror`, cached in `$CDKTF_ORG_LOGGING_PROVIDER_CACHE`).
 */
export function offlineToolchain(awsVersion: string | undefined): ToolchainOutcome {
  const found = locateToolchain();
  if (found.available) return { toolchain: found.toolchain, note: `hashicorp/aws from the mirror ${found.toolchain.mirror}` };
  const terraform = findTerraform();
  if (!terraform) return { problems: [`terraform: not found (looked at ${terraformSearch()}). ${TERRAFORM_FIX}`] };
  const version = terraformVersion(terraform);
  if (!version) return { problems: [`${terraform}: "terraform version -json" failed. ${TERRAFORM_FIX}`] };
  const mirror = path.resolve(process.env[PROVIDER_CACHE_ENV] || DEFAULT_CACHE);
  const looked = process.env.TF_PROVIDER_MIRROR
    ? `TF_PROVIDER_MIRROR=${process.env.TF_PROVIDER_MIRROR}`
    : '/opt/tf-plugins and the whole filesystem';
  const download = fillMirror(terraform, mirror, awsVersion);
  if (download.ok)
    return { toolchain: { terraform, terraformVersion: version, mirror }, note: `hashicorp/aws from the registry, cached in ${mirror}` };
  const pinned = awsVersion ? ` ${awsVersion}` : '';
  return {
    problems: [
      `hashicorp/aws${pinned}: no filesystem mirror for ${terraformPlatform()} here (looked at ${looked}), and downloading it from the registry failed (${download.reason}). Fix: set TF_PROVIDER_MIRROR to a mirror holding registry.terraform.io/hashicorp/aws${pinned} (make one where the registry is reachable: terraform providers mirror -platform=${terraformPlatform()} <dir>), or run where registry.terraform.io is reachable`,
    ],
  };
}

function terraformVersion(terraform: string): string | undefined {
  const result = spawnSync(terraform, ['version', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    timeout: 60_000,
  });
  try {
    return (JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/** `terraform providers mirror` of hashicorp/aws into `mirror` (a no-op when it is there already). */
function fillMirror(terraform: string, mirror: string, version: string | undefined): { ok: true } | { ok: false; reason: string } {
  fs.mkdirSync(mirror, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(path.dirname(mirror), '.mirror-config-'));
  try {
    const required = { aws: { source: 'hashicorp/aws', ...(version ? { version } : {}) } };
    fs.writeFileSync(path.join(scratch, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: required } }));
    const result = spawnSync(terraform, ['providers', 'mirror', '-no-color', `-platform=${terraformPlatform()}`, mirror], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      timeout: 300_000,
    });
    if (result.status === 0) return { ok: true };
    return { ok: false, reason: errorSummary(`${result.stderr}\n${result.stdout}`) || `exit ${result.status}` };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** terraform's "Error: ..." block in one line (box-drawing borders removed), else its first lines. */
export function errorSummary(output: string): string {
  const lines = output.split('\n').map((l) => l.replace(/[│╷╵]/g, '').trim());
  const at = lines.findIndex((l) => l.startsWith('Error:'));
  if (at < 0) return lines.filter(Boolean).slice(0, 3).join(' ');
  const rest = lines.slice(at + 1);
  const summary = rest.findIndex((l, i) => i > 0 && l === '' && rest[i - 1] !== '');
  return [lines[at], ...rest.slice(0, summary < 0 ? 6 : summary)].filter(Boolean).join(' ');
}
