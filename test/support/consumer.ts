/**
 * A platform repo consuming the packed library: the build and pack (outside the repo), the install
 * into a scratch project, the installed CLI, the type checks. Used by test/packaging/consumer.test.ts
 * (what the consumer writes is in test/packaging/consumer-apps.ts).
 */
import { execFileSync, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The repo's TypeScript compiler (the consumer has no toolchain of its own). */
export const TSC = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');

/**
 * The peer dependencies a construct user installs and the runtime dependencies, installed from the
 * repo's node_modules (no network). The optional peers (DuckDB, the AWS SDK clients) are left out on
 * purpose: nothing but the logs commands may need them.
 */
export const LINKED_PACKAGES = ['cdktf', 'constructs', '@cdktf/provider-aws', 'zod', 'fflate'] as const;

/** The scratch project the packaging tier installs into, filled by consumer.test.ts's beforeAll. */
export interface ConsumerContext {
  /** The test's temp folder: the stage, the tarball, the project. */
  scratch: string;
  /** The consumer project (package.json, node_modules, its apps). */
  project: string;
  /** The installed package, <project>/node_modules/cdktf-org-logging. */
  installed: string;
  /** Wall times of the slow steps, printed at the end (ms). */
  readonly timings: Record<string, number>;
}

export interface PackedFile {
  readonly path: string;
}

export interface PackResult {
  readonly tarball: string;
  readonly files: string[];
  readonly ms: number;
}

/** The chat notifier handler's modules as the package ships them (every `*.mjs` of its folder). */
export const CHAT_NOTIFIER_FILES = fs
  .readdirSync(path.join(REPO_ROOT, 'assets', 'chat-notifier'))
  .filter((name) => name.endsWith('.mjs'))
  .sort()
  .map((name) => `assets/chat-notifier/${name}`);

/** Every Lambda handler module the package ships: the `*.mjs` files of each `assets/<handler>/` folder. */
export const LAMBDA_ASSET_FILES = fs
  .readdirSync(path.join(REPO_ROOT, 'assets'))
  .sort()
  .flatMap((dir) =>
    fs
      .readdirSync(path.join(REPO_ROOT, 'assets', dir))
      .filter((name) => name.endsWith('.mjs'))
      .sort()
      .map((name) => `assets/${dir}/${name}`),
  );

/** The example configs the package ships (the app's default config and a starting point). */
export const EXAMPLE_FILES = fs
  .readdirSync(path.join(REPO_ROOT, 'examples'))
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => `examples/${name}`);

/** The files of the package besides the compiled `dist/` (what `files` in package.json lists). */
export const PACKAGE_FILES = ['package.json', 'README.md', 'config.schema.json', ...LAMBDA_ASSET_FILES, ...EXAMPLE_FILES];

/** What the stage leaves out of the repo's tree: installed packages, git, build and synth output. */
const NOT_STAGED = new Set(['node_modules', '.git', 'dist', 'cdktf.out', '.tmp', 'terraform-state', 'coverage']);

/**
 * Packs the library without touching the repo: copies the repo's tree (sources, tests, examples,
 * everything but NOT_STAGED) into `<scratch>/stage`, builds into its `dist/` with the repo's build
 * (`node bin/build.js --out-dir`) and runs `npm pack --ignore-scripts` there (the repo's `prepack`
 * would rebuild the repo's `dist/`). What the tarball holds is therefore what `files` selects from
 * the whole repo. The tarball lands in `scratch`.
 */
export function packLibrary(scratch: string): PackResult {
  const started = Date.now();
  const stage = path.join(scratch, 'stage');
  fs.cpSync(REPO_ROOT, stage, {
    recursive: true,
    filter: (source) => !NOT_STAGED.has(path.relative(REPO_ROOT, source).split(path.sep)[0]),
  });
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'build.js'), '--out-dir', path.join(stage, 'dist')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = execFileSync('npm', ['pack', '--json', '--offline', '--ignore-scripts', '--pack-destination', scratch], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: npmEnv(),
  });
  const json = parsePackJson(out);
  return { tarball: path.join(scratch, json.filename), files: json.files.map((f) => f.path), ms: Date.now() - started };
}

/** The TypeScript sources of the two typed entries (`modules/` and `stacks/`), relative to the repo. */
export function librarySources(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return walk(relative);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
    });
  return [...walk('modules'), ...walk('stacks')].sort();
}

/** A fingerprint of the repo's `dist/` (absent, or every entry with its mtime), to prove a test left it alone. */
export function distFingerprint(): string[] {
  const dist = path.join(REPO_ROOT, 'dist');
  if (!fs.existsSync(dist)) return ['(absent)'];
  const entries = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).sort();
  return ['.', ...entries].map((entry) => `${entry} ${fs.statSync(path.join(dist, entry)).mtimeMs}`);
}

function parsePackJson(out: string): { filename: string; files: PackedFile[] } {
  // Anything a script printed would precede the JSON on stdout.
  return (JSON.parse(out.slice(out.indexOf('[\n'))) as { filename: string; files: PackedFile[] }[])[0];
}

/** Creates the scratch project and installs the tarball plus linked local packages, offline. */
export function installConsumer(project: string, tarball: string): number {
  const started = Date.now();
  fs.writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'platform-logging', version: '0.0.0', private: true, license: 'UNLICENSED' }, null, 2)}\n`,
  );
  const specs = LINKED_PACKAGES.map((name) => `file:${path.join(REPO_ROOT, 'node_modules', name)}`);
  execFileSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', path.relative(project, tarball), ...specs],
    { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: npmEnv() },
  );
  return Date.now() - started;
}

/** npm with nothing that reaches the network: no update check, funding or audit requests. */
function npmEnv(): NodeJS.ProcessEnv {
  return { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** Every file under `dir` with its size and modification time, to prove a run wrote nothing there. */
export function treeFingerprint(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort().map((entry) => {
    const stat = fs.statSync(path.join(dir, entry));
    return `${entry} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`;
  });
}

/** `node_modules/.bin/cdktf-org-logging <args>` of the project, run as a shell would (its `#!` line), in `cwd`. */
export function runInstalledCli(
  project: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  const bin = path.join(project, 'node_modules', '.bin', 'cdktf-org-logging');
  // Nothing from the test run's npm (INIT_CWD) or the repo's CLI settings leaks into the consumer's run.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'INIT_CWD' && !name.startsWith('CDKTF_') && !name.startsWith('npm_')),
  );
  const result = spawnSync(bin, [...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

export interface TypeCheck {
  /** tsc's error lines (file(line,col): error ...), in order. */
  readonly diagnostics: string[];
  /** Every file the program loaded, absolute. */
  readonly files: string[];
}

/** A child process's combined output once it exits (several run at once). */
function output(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd });
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.stderr.on('data', (chunk) => {
      text += chunk;
    });
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
}

/** `tsc -p <tsconfig> --listFiles` in the project. */
export async function typeCheck(project: string, tsconfig: string): Promise<TypeCheck> {
  const lines = (await output(TSC, ['-p', tsconfig, '--listFiles'], project)).trim().split('\n');
  return { files: lines.filter((l) => path.isAbsolute(l)), diagnostics: lines.filter((l) => !path.isAbsolute(l)) };
}

/**
 * Where TypeScript's own module resolver (`ts.resolveModuleName`, what tsc runs) finds each of
 * `specifiers` from the project's consumer.ts under each tsconfig's compiler options: the resolved
 * file, or null. One node process for all of them; no file is parsed.
 */
export async function resolveWithTypeScript(
  project: string,
  tsconfigs: readonly string[],
  specifiers: readonly string[],
): Promise<Record<string, Record<string, string | null>>> {
  const script = `
    const ts = require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'typescript'))});
    const path = require('node:path');
    const [tsconfigs, specifiers] = JSON.parse(process.argv[1]);
    const result = {};
    for (const tsconfig of tsconfigs) {
      const file = path.resolve(tsconfig);
      const { options } = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, path.dirname(file), undefined, file);
      const host = ts.createCompilerHost(options);
      result[tsconfig] = Object.fromEntries(specifiers.map((s) => [s, ts.resolveModuleName(s, path.resolve('consumer.ts'), options, host).resolvedModule?.resolvedFileName ?? null]));
    }
    console.log(JSON.stringify(result));`;
  return JSON.parse(await output(process.execPath, ['-e', script, JSON.stringify([tsconfigs, specifiers])], project));
}

/** Every `require("<specifier>")` in the JavaScript files under `dir`, by file relative to `dir`. */
export function requiresIn(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]) {
    if (!entry.endsWith('.js')) continue;
    const code = fs.readFileSync(path.join(dir, entry), 'utf8');
    found.set(
      entry,
      [...code.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]),
    );
  }
  return found;
}
