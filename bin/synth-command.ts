/**
 * `synth`: validates an organization config and synthesizes every stack into `<out>/stacks/<stack>/
 * cdk.tf.json`. A bad config prints one line per problem (field, value, rule, fix), exits 1 and
 * writes nothing.
 *
 * Paths: relative flags and $CDKTF_ORG_LOGGING_CONFIG resolve against `io.cwd` (where the user ran the
 * command); $CDKTF_OUTDIR is set by cdktf and resolves against the process's working directory, as
 * cdktf itself does; the default config is the package's example, wherever the package is installed.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { flagError } from '../modules/suggest';
import { SynthError, synthesizeOrganization } from '../stacks/synthesize';
import type { CommandIo } from '../tooling/command-io';
import { packageRoot } from './package-root';

/** The config to synthesize when `--config` is not given (`cdktf synth` passes no flags). */
export const CONFIG_ENV = 'CDKTF_ORG_LOGGING_CONFIG';

/** The example organization the package ships, synthesized when no config is named. */
export function exampleConfig(): string {
  return path.join(packageRoot(), 'examples', 'organization.json');
}

export function synthUsage(defaultOut: string): string {
  return `Usage: npm run synth -- [--config <file>] [--out <dir>]

  --config <file>  organization config (default: $${CONFIG_ENV}, else the package's examples/organization.json)
  --out <dir>      output folder (default: $CDKTF_OUTDIR, else ${defaultOut})
  --help           show this help

Relative paths resolve against the folder you ran npm in.`;
}

export interface SynthDefaults {
  /** Where to write when neither --out nor $CDKTF_OUTDIR says. */
  readonly outDir: string;
  /** How `outDir` reads in the usage text. */
  readonly outDirText: string;
  /** The variables synth reads ($CDKTF_ORG_LOGGING_CONFIG, $CDKTF_OUTDIR). */
  readonly env: NodeJS.ProcessEnv;
}

const SYNTH_FLAGS = {
  config: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

/** Runs the command; returns the exit code: 0 written, 1 a bad config (nothing written), 2 bad usage. */
export function runSynthCommand(argv: readonly string[], io: CommandIo, defaults: SynthDefaults): number {
  const usage = synthUsage(defaults.outDirText);
  let values: { config?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: SYNTH_FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err(`${flagError(error, Object.keys(SYNTH_FLAGS), 'npm run synth --')}\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const configFile = resolved(io.cwd, values.config) ?? resolved(io.cwd, defaults.env[CONFIG_ENV]) ?? exampleConfig();
  const outdir = resolved(io.cwd, values.out) ?? resolved(process.cwd(), defaults.env.CDKTF_OUTDIR) ?? defaults.outDir;
  try {
    const result = synthesizeOrganization({ configFile, outdir, baseDir: io.cwd });
    io.out(result.summary);
    return 0;
  } catch (error) {
    if (error instanceof SynthError) {
      io.err(error.problems.join('\n'));
      return 1;
    }
    throw error;
  }
}

/** `value` resolved against `base`, or undefined when not given (unset or empty). */
function resolved(base: string, value: string | undefined): string | undefined {
  return value ? path.resolve(base, value) : undefined;
}
