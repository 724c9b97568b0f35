/**
 * App entry: flags, config, builder, synth. `npm run synth [-- --config <file> --out <dir>]`.
 * A bad config prints one line per problem and exits 1 without writing anything.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { SynthError, synthesizeOrganization } from './stacks/synthesize';

const USAGE = `Usage: npm run synth -- [--config <file>] [--out <dir>]

  --config <file>  organization config (default: examples/organization.json)
  --out <dir>      output folder (default: cdktf.out)
  --help           show this help`;

function main(): number {
  let values: { config?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        config: { type: 'string', default: 'examples/organization.json' },
        out: { type: 'string', default: process.env.CDKTF_OUTDIR ?? 'cdktf.out' },
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
  try {
    const result = synthesizeOrganization({
      configFile: path.resolve(values.config as string),
      outdir: path.resolve(values.out as string),
      baseDir: process.cwd(),
    });
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

process.exitCode = main();
