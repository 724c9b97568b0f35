/**
 * One synth in a fresh process, for bin/bench.ts: loads the stacks, synthesizes a config and prints
 * `{"loadMs","synthMs","maxRssMb","stacks","resources"}` as the last line of stdout.
 *
 *   node -e "require('./bin/launch').prepare('bench-once'); require('./bin/bench-synth-once.ts')" -- --config <file> --out <dir>
 *
 * (loaded the way bin/cli.js loads the app: bin/launch.js)
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

export interface SynthOnceResult {
  /** Loading stacks/synthesize (cdktf, the provider bindings in use, zod). */
  readonly loadMs: number;
  /** synthesizeOrganization: validation (including the policy size checks), build, synth, install. */
  readonly synthMs: number;
  /** Peak resident memory of this process (node and the transpile cache hook). */
  readonly maxRssMb: number;
  readonly stacks: number;
  readonly resources: number;
}

function main(): void {
  const { values } = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.config || !values.out) throw new Error('usage: bench-synth-once.ts --config <file> --out <dir>');

  const loadStart = performance.now();
  // Required here, not imported at the top, so the load is timed separately from the synth.
  const { synthesizeOrganization } = require('../stacks/synthesize') as typeof import('../stacks/synthesize');
  const loadMs = performance.now() - loadStart;

  const synthStart = performance.now();
  const result = synthesizeOrganization({
    configFile: path.resolve(values.config),
    outdir: path.resolve(values.out),
    baseDir: process.cwd(),
  });
  const synthMs = performance.now() - synthStart;

  const output: SynthOnceResult = {
    loadMs: Math.round(loadMs),
    synthMs: Math.round(synthMs),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    stacks: result.stacks.length,
    resources: result.stacks.reduce((n, s) => n + s.resources, 0),
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main();
