/**
 * Helpers for the CLI tests: run the CLI in process (`runCli` of bin/run-cli.ts with captured
 * streams, as the npm scripts and the installed bin do), or, once per entry point where the process
 * itself matters, the launcher (bin/cli.js) or an npm script as a child process with a controlled
 * environment and the run's one transpile cache outside the repo, so the tests leave nothing behind.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliIo, type CliMode, runCli as runCliInProcess } from '../../bin/run-cli';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'bin', 'cli.js');
export const EXAMPLE = path.join(REPO_ROOT, 'examples', 'organization.json');
export const DELEGATED = path.join(REPO_ROOT, 'examples', 'delegated-administrator.json');
export const CACHE_ENV = 'CDKTF_ORG_LOGGING_CACHE_DIR';
export const CONFIG_ENV = 'CDKTF_ORG_LOGGING_CONFIG';

/**
 * The transpile cache every spawned run of this jest run shares (under the run's TMPDIR, see
 * test/global-setup.ts, removed by global-teardown.ts): only the first spawn transpiles.
 */
export function sharedCache(): string {
  return path.join(process.env.JEST_RUN_TMPDIR ?? os.tmpdir(), 'ts-cache');
}

/** What a command printed and its exit code, from a spawned process or from `cli` in process. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `runCli(argv, io)` in this process with captured streams: `cwd` is where relative paths resolve
 * (the folder npm was started in, INIT_CWD, for `repo`, the npm scripts' mode, the default) and
 * `env` the variables synth reads (none unless given); `run` another copy of `runCli` (a fresh module registry).
 */
export async function cli(
  argv: readonly string[],
  options: { cwd: string; mode?: CliMode; env?: NodeJS.ProcessEnv; run?: typeof runCliInProcess },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: options.cwd,
    mode: options.mode ?? 'repo',
    env: options.env ?? {},
  };
  const status = await (options.run ?? runCliInProcess)(argv, io);
  return { status, stdout, stderr };
}

export function scratchDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdktf-org-logging-${name}-`));
}

/**
 * The test process's environment without the variables the CLI reads (npm sets INIT_CWD for
 * `npm test` too), the cache pointed at `cacheDir`, then `overrides` (undefined removes).
 */
export function cliEnv(cacheDir: string, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, [CACHE_ENV]: cacheDir };
  for (const name of ['INIT_CWD', 'CDKTF_OUTDIR', CONFIG_ENV]) delete env[name];
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const result = spawnSync(command, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

/** `node bin/cli.js <args>` as a process (what `npm run synth` and cdktf.json run). */
export function runLauncher(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return run(process.execPath, [CLI, ...args], cwd, env);
}

/** Stack folders holding a cdk.tf.json under `<outdir>/stacks`, sorted; [] when there is none. */
export function stacksIn(outdir: string): string[] {
  const dir = path.join(outdir, 'stacks');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'cdk.tf.json')))
    .sort();
}

/** Every file under `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/**
 * A copy of the app (sources, launcher, examples, configs) in `dest`, with node_modules linked to
 * the repo's, so a test can edit sources without touching the repo. Folders are copied whole, so
 * the copy follows the layout whatever files it holds.
 */
export function copyApp(dest: string): void {
  for (const entry of ['main.ts', 'package.json', 'tsconfig.json', 'cdktf.json', 'bin', 'modules', 'stacks', 'tooling', 'examples']) {
    const from = path.join(REPO_ROOT, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dest, 'node_modules'), 'dir');
}
