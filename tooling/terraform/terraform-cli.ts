/** Running the terraform CLI hermetically: our own CLI config, the provider mirror only, no ambient settings. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Toolchain } from './toolchain';

/** Wall time of one terraform command. */
export interface Timing {
  readonly command: string;
  readonly ms: number;
}

interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs terraform commands in a hermetic environment: our own CLI config (`TF_CLI_CONFIG_FILE`:
 * the filesystem mirror only, and a plugin cache so the provider is linked, not copied), no ambient
 * `TF_*` or `AWS_*` settings, no checkpoint calls, no instance metadata lookups.
 */
export class Terraform {
  /** Wall time of each command, in the order they ran. */
  public readonly timings: Timing[] = [];
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    public readonly toolchain: Toolchain,
    /** Folder for the CLI config file and the plugin cache (created if missing; may be reused across runs). */
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
