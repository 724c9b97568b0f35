/**
 * Finding the terraform CLI and a filesystem mirror that holds the `hashicorp/aws` provider, so
 * stacks can be validated and planned with nothing downloaded. See DESIGN.md, "Terraform, for real".
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Toolchain {
  /** Path of the terraform executable. */
  readonly terraform: string;
  readonly terraformVersion: string;
  /** Filesystem mirror root: the folder that contains `registry.terraform.io`. */
  readonly mirror: string;
}

/** Whether terraform and the provider mirror are on this machine, and if not, why not. */
export type Availability =
  | { readonly available: true; readonly toolchain: Toolchain }
  | { readonly available: false; readonly reason: string };

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
  let terraformVersion: string | undefined;
  try {
    terraformVersion = (JSON.parse(version.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    terraformVersion = undefined;
  }
  if (!terraformVersion) return { available: false, reason: `${terraform} version -json printed no version: ${version.stdout.trim()}` };
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
