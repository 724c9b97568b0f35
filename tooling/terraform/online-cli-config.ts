/**
 * How `npm run plan -- --online` installs the aws provider: the user's own terraform CLI
 * configuration when there is one, else the same filesystem mirror discovery as the offline plan
 * (`TF_PROVIDER_MIRROR`, `/opt/tf-plugins`, a search of the disk), else the public registry.
 * Terraform reads its CLI configuration from `TF_CLI_CONFIG_FILE`, else `~/.terraformrc`
 * (developer.hashicorp.com/terraform/cli/config/config-file); a `TF_CLI_CONFIG_FILE` that names a
 * missing file counts as none, as terraform itself only warns about it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type OnlineProviderSource =
  /** The user's CLI configuration decides; nothing is overridden. */
  | { readonly kind: 'user-config'; readonly file: string }
  /** A generated CLI configuration: hashicorp/aws from the mirror, every other provider direct. */
  | { readonly kind: 'mirror'; readonly mirror: string; readonly cliConfig: string }
  /** Neither: terraform downloads from the registry (needs network). */
  | { readonly kind: 'registry' };

/** The user's terraform CLI configuration file, if one exists. */
export function userCliConfig(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string | undefined {
  const explicit = env.TF_CLI_CONFIG_FILE;
  if (explicit) return fs.existsSync(explicit) ? explicit : undefined;
  const rc = path.join(home, '.terraformrc');
  return fs.existsSync(rc) ? rc : undefined;
}

/** The CLI configuration text that installs hashicorp/aws from `mirror` and everything else from its registry. */
export function mirrorCliConfig(mirror: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/aws"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/aws"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * Decides where `--online` gets the provider. `findMirror` is the offline plan's discovery; it runs
 * only when the user has no CLI configuration. A generated configuration is written to `scratchDir`.
 */
export function onlineProviderSource(
  findMirror: () => string | undefined,
  scratchDir: string,
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
): OnlineProviderSource {
  const user = userCliConfig(env, home);
  if (user) return { kind: 'user-config', file: user };
  const mirror = findMirror();
  if (!mirror) return { kind: 'registry' };
  fs.mkdirSync(scratchDir, { recursive: true });
  const cliConfig = path.join(scratchDir, 'terraform-online.rc');
  fs.writeFileSync(cliConfig, mirrorCliConfig(mirror));
  return { kind: 'mirror', mirror, cliConfig };
}

/** One line for the plan's header: where the provider comes from. */
export function describeOnlineSource(source: OnlineProviderSource): string {
  if (source.kind === 'user-config') return `providers as your CLI configuration ${source.file} says`;
  if (source.kind === 'mirror') return `hashicorp/aws from the mirror ${source.mirror}`;
  return 'providers from the registry';
}

/** The fix to print when `terraform init` fails online, for the source that was used. */
export function onlineInitFix(source: OnlineProviderSource): string {
  if (source.kind === 'registry')
    return 'Fix: without network access to registry.terraform.io, set TF_PROVIDER_MIRROR to a mirror holding registry.terraform.io/hashicorp/aws (terraform providers mirror <dir> where the registry is reachable), or configure provider_installation in your terraform CLI configuration';
  if (source.kind === 'mirror')
    return `Fix: the mirror ${source.mirror} must hold the hashicorp/aws version the stacks pin, and the S3 backend and AWS must be reachable with your credentials`;
  return `Fix: check provider_installation in ${source.file} (it decides where providers come from), your credentials and access to the backend`;
}
