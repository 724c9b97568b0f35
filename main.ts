/**
 * App entry: flags, config, builder, synth. `npm run synth [-- --config <file> --out <dir>]`, or
 * `node bin/cli.js` (what npm and cdktf.json run). A bad config prints one line per problem and
 * exits 1 without writing anything.
 *
 * Paths: relative flags resolve against the folder `npm run` was started in (npm's INIT_CWD, else
 * the working directory); the defaults resolve against this package; CDKTF_OUTDIR is set by cdktf
 * and resolves against the working directory, as cdktf itself does.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { SynthError, synthesizeOrganization } from './stacks/synthesize';

/** The config to synthesize when `--config` is not given (`cdktf synth` passes no flags). */
const CONFIG_ENV = 'CDKTF_ORG_LOGGING_CONFIG';

const USAGE = `Usage: npm run synth -- [--config <file>] [--out <dir>]

  --config <file>  organization config (default: $${CONFIG_ENV}, else examples/organization.json)
  --out <dir>      output folder (default: $CDKTF_OUTDIR, else cdktf.out in this package)
  --help           show this help

Relative paths resolve against the folder you ran npm in.`;

function main(): number {
  let values: { config?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        config: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const invokedIn = path.resolve(process.env.INIT_CWD || process.cwd());
  const configFile =
    resolved(invokedIn, values.config) ??
    resolved(invokedIn, process.env[CONFIG_ENV]) ??
    path.join(__dirname, 'examples', 'organization.json');
  const outdir = resolved(invokedIn, values.out) ?? resolved(process.cwd(), process.env.CDKTF_OUTDIR) ?? path.join(__dirname, 'cdktf.out');
  try {
    const result = synthesizeOrganization({ configFile, outdir, baseDir: invokedIn });
    process.stdout.write(`${result.summary}\n`);
    return 0;
  } catch (error) {
    if (error instanceof SynthError) {
      process.stderr.write(`${error.problems.join('\n')}\n`);
      return 1;
    }
    throw error;
  }
}

/** `value` resolved against `base`, or undefined when not given (unset or empty). */
function resolved(base: string, value: string | undefined): string | undefined {
  return value ? path.resolve(base, value) : undefined;
}

process.exitCode = main();
