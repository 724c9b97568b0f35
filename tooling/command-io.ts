/** What the commands (plan, review) print to and where relative paths start, injectable for tests. */
import * as path from 'node:path';

export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Where relative flags resolve: the folder `npm run` was started in (npm's INIT_CWD), else the working directory. */
  readonly cwd: string;
}

/** Process streams, relative paths from INIT_CWD (as `npm run synth` resolves them). */
export function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    cwd: path.resolve(process.env.INIT_CWD || process.cwd()),
  };
}

/** The package's own `cdktf.out`, where `npm run synth` writes without `--out`. */
export const DEFAULT_OUT_DIR = path.resolve(__dirname, '..', 'cdktf.out');

/** Pads columns to equal width, like the synth summary. */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
