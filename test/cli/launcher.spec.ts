/**
 * The launcher's transpile cache (bin/ts-cache.js): a run uses cached JavaScript only while the
 * source is unchanged, so an edit is in effect on the next run, whatever the file's size or mtime.
 * Edits happen in a copy of the app, never in the repo.
 */
import type { SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE_ENV, cliEnv, copyApp, filesUnder, run, scratchDir } from './cli-support';

jest.setTimeout(60_000);

let scratch: string;
let app: string;
let cache: string;

function node(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv(cache)) {
  return run(process.execPath, args, app, env);
}

/** A whole second, so file systems store it exactly and an edit can restore it bit for bit. */
const PINNED = new Date('2020-01-01T00:00:00Z');

function pinMtime(file: string): void {
  fs.utimesSync(file, PINNED, PINNED);
}

interface Edit {
  readonly from: string;
  readonly to: string;
  /** The file's text before the edit. */
  readonly text: string;
  /** [size, mtime] before and after: equal, so only the content tells the file changed. */
  readonly before: readonly number[];
  readonly after: readonly number[];
}

/** Rewrites a pinned file keeping its size and modification time, so only its content tells it changed. */
function editInPlace(file: string, from: string, to: string): Edit {
  const before = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(from, to));
  pinMtime(file);
  const after = fs.statSync(file);
  return { from, to, text, before: [before.size, before.mtimeMs], after: [after.size, after.mtimeMs] };
}

/**
 * The launcher's runs, shared by the tests below: `node bin/cli.js --help` on a fresh cache (it
 * transpiles), again (it reuses), after an edit of a file the command loads lazily, after an edit of
 * main.ts, and after main.ts is restored. The sources are pinned first, so an edit keeps size and mtime.
 */
let first: SpawnSyncReturns<string>;
let firstEntries: string[];
let firstMtimes: number[];
let second: SpawnSyncReturns<string>;
let secondEntries: string[];
let secondMtimes: number[];
let lazyEdit: Edit;
let lazyEdited: SpawnSyncReturns<string>;
let mainEdit: Edit;
let mainEdited: SpawnSyncReturns<string>;
let mainRestore: Edit;
let mainRestored: SpawnSyncReturns<string>;

beforeAll(() => {
  scratch = scratchDir('cli-launcher');
  app = path.join(scratch, 'app');
  cache = path.join(scratch, 'cache');
  fs.mkdirSync(app);
  copyApp(app);
  const main = path.join(app, 'main.ts');
  const synthCommand = path.join(app, 'bin', 'synth-command.ts');
  pinMtime(main);
  pinMtime(synthCommand);
  const mtimes = (entries: string[]) => entries.map((e) => fs.statSync(path.join(cache, e)).mtimeMs);

  first = node(['bin/cli.js', '--help'], statsEnv());
  firstEntries = filesUnder(cache);
  firstMtimes = mtimes(firstEntries);
  second = node(['bin/cli.js', '--help'], statsEnv());
  secondEntries = filesUnder(cache);
  secondMtimes = mtimes(firstEntries);

  lazyEdit = editInPlace(synthCommand, 'show this help', 'SHOW THIS HELP');
  lazyEdited = node(['bin/cli.js', '--help'], statsEnv());
  // main.ts names the command it runs: the edit makes `node bin/cli.js` the check command.
  mainEdit = editInPlace(main, "runFromRepo('synth')", "runFromRepo('check')");
  mainEdited = node(['bin/cli.js', '--help']);
  mainRestore = editInPlace(main, "runFromRepo('check')", "runFromRepo('synth')");
  mainRestored = node(['bin/cli.js', '--help']);
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The run's environment, with the launcher's caches printing their counters at exit. */
function statsEnv(): NodeJS.ProcessEnv {
  return cliEnv(cache, { CDKTF_ORG_LOGGING_CODE_CACHE: 'stats' });
}

interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly rejected?: number;
  readonly written: boolean;
}

/** The counters a run printed for one cache (`code-cache` or `resolve-cache`). */
function statsOf(run: SpawnSyncReturns<string>, name: 'code-cache' | 'resolve-cache'): CacheStats {
  const line = new RegExp(`^${name}: (.*)$`, 'm').exec(run.stderr)?.[1];
  if (line === undefined) throw new Error(`no ${name} line in:\n${run.stderr}`);
  return JSON.parse(line) as CacheStats;
}

/** The edit kept the length, found its text and kept the file's size and modification time. */
function expectInPlace(edit: Edit): void {
  expect(edit.to.length).toBe(edit.from.length);
  expect(edit.text).toContain(edit.from);
  expect(edit.after).toEqual(edit.before);
}

describe('the transpile cache', () => {
  it('is filled on the first run and reused, unchanged, on the next', () => {
    expect(first.status).toBe(0);
    expect(firstEntries).toEqual(expect.arrayContaining(['main.ts.js']));
    expect(firstEntries.some((e) => e.startsWith(`stacks${path.sep}`))).toBe(true);

    expect(second.stdout).toBe(first.stdout);
    expect(secondEntries).toEqual(firstEntries);
    expect(secondMtimes).toEqual(firstMtimes);
  });

  it('runs an edited main.ts on the next run, even with the same size and mtime', () => {
    expect(second.stdout).toMatch(/^Usage: npm run synth --/);
    expectInPlace(mainEdit);
    expect(mainEdited.status).toBe(0);
    expect(mainEdited.stdout).toMatch(/^Usage: npm run check --/);
    expectInPlace(mainRestore);
    expect(mainRestored.stdout).toMatch(/^Usage: npm run synth --/);
  });

  it('runs an edited file the command loads lazily (bin/synth-command.ts)', () => {
    expectInPlace(lazyEdit);
    expect(lazyEdited.status).toBe(0);
    expect(lazyEdited.stdout).toContain('SHOW THIS HELP');
  });

  it('runs an edited file anywhere in the source folders (node -r ./bin/register.js)', () => {
    const probe = path.join(app, 'stacks', 'zz-probe', 'probe.ts');
    fs.mkdirSync(path.dirname(probe), { recursive: true });
    fs.writeFileSync(probe, 'const answer: number = 1;\nprocess.stdout.write([answer, __dirname].join(" "));\n');
    pinMtime(probe);
    expect(node(['-r', './bin/register.js', probe]).stdout).toBe(`1 ${path.dirname(probe)}`);
    expectInPlace(editInPlace(probe, 'answer: number = 1', 'answer: number = 2'));
    expect(node(['-r', './bin/register.js', probe]).stdout).toBe(`2 ${path.dirname(probe)}`);
    // One entry per source file: edits replace it, they do not pile up.
    expect(filesUnder(cache).filter((e) => e.includes('zz-probe'))).toEqual([path.join('stacks', 'zz-probe', 'probe.ts.js')]);
    fs.rmSync(path.dirname(probe), { recursive: true });
  });

  it('is warmed for every source under main.ts, bin/, modules/, stacks/ and tooling/, dropping entries of deleted sources', () => {
    const tool = path.join(app, 'tooling', 'review', 'report.ts');
    fs.mkdirSync(path.dirname(tool), { recursive: true });
    fs.writeFileSync(tool, 'export const report = (lines: string[]): string => lines.join("\\n");\n');
    const warmCache = path.join(scratch, 'warm');
    const warmed = node(['bin/ts-cache.js', 'warm'], cliEnv(warmCache));
    expect(warmed.status).toBe(0);

    const sources = [
      'main.ts',
      ...['bin', 'modules', 'stacks', 'tooling'].flatMap((dir) =>
        filesUnder(path.join(app, dir))
          .filter((f) => f.endsWith('.ts'))
          .map((f) => path.join(dir, f)),
      ),
    ];
    expect(sources).toContain(path.join('tooling', 'review', 'report.ts'));
    expect(filesUnder(warmCache).sort()).toEqual(sources.map((s) => `${s}.js`).sort());

    fs.rmSync(path.join(app, 'tooling'), { recursive: true });
    expect(node(['bin/ts-cache.js', 'warm'], cliEnv(warmCache)).status).toBe(0);
    expect(filesUnder(warmCache).filter((e) => e.startsWith('tooling'))).toEqual([]);
  });

  it(`lives in node_modules/.cache unless ${CACHE_ENV} says otherwise`, () => {
    const result = node(['-e', "process.stdout.write(require('./bin/ts-cache').cacheDir())"], cliEnv(cache, { [CACHE_ENV]: undefined }));
    expect(result.stdout).toBe(path.join(app, 'node_modules', '.cache', 'cdktf-org-logging'));
  });
});

describe('the code cache and the resolution cache (bin/code-cache.js, bin/resolve-cache.js)', () => {
  it('compile every module on the first run and none on the next; an edited module alone is compiled again', () => {
    const code = [first, second, lazyEdited].map((r) => statsOf(r, 'code-cache'));
    expect(code[0]).toMatchObject({ hits: 0, rejected: 0, written: true });
    expect(code[0].misses).toBeGreaterThan(20);
    // The first run also loaded @swc/core to transpile; the second needs no compiler.
    expect(code[1]).toMatchObject({ misses: 0, rejected: 0, written: false });
    expect(code[1].hits).toBeGreaterThan(20);
    expect(code[1].hits).toBeLessThanOrEqual(code[0].misses);
    // synth-command.ts was edited (same size and mtime): its new JavaScript misses, the rest hits.
    expect(code[2]).toMatchObject({ misses: 1, rejected: 0, written: true });
    expect(code[2].hits).toBeGreaterThanOrEqual(code[1].hits - 1);
    expect(lazyEdited.stdout).toContain('SHOW THIS HELP');

    const resolved = [first, second].map((r) => statsOf(r, 'resolve-cache'));
    expect(resolved[0].written).toBe(true);
    expect(resolved[0].misses).toBeGreaterThan(0);
    expect(resolved[1]).toMatchObject({ misses: 0, written: false });
    expect(resolved[1].hits).toBeGreaterThan(20);
    expect(resolved[1].hits).toBeLessThanOrEqual(resolved[0].hits + resolved[0].misses);
  });

  it('ignore a corrupted code cache file: the run compiles from source, prints the same and rewrites it', () => {
    const dir = path.join(cache, 'v8');
    const [file] = fs.readdirSync(dir).filter((n) => n.endsWith('.bin'));
    const bytes = fs.readFileSync(path.join(dir, file));
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(path.join(dir, file), bytes);
    const corrupted = node(['bin/cli.js', '--help'], statsEnv());
    expect(corrupted.status).toBe(0);
    expect(corrupted.stdout).toBe(lazyEdited.stdout);
    expect(statsOf(corrupted, 'code-cache')).toMatchObject({ hits: 0, rejected: 0, written: true });
    expect(statsOf(node(['bin/cli.js', '--help'], statsEnv()), 'code-cache')).toMatchObject({ misses: 0, rejected: 0 });
  });

  it('resolve a remembered file only while it exists and npm has not installed since', () => {
    const root = path.join(scratch, 'resolve-root');
    const pkg = path.join(root, 'node_modules', 'pkg');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{"lockfileVersion":3}');
    fs.writeFileSync(path.join(pkg, 'index.js'), 'module.exports = "index";');
    const probe = path.join(root, 'probe.js');
    const launcherCache = path.join(scratch, 'resolve-cache');
    const resolveCache = path.join(app, 'bin', 'resolve-cache.js');
    fs.writeFileSync(
      probe,
      `require(${JSON.stringify(resolveCache)}).install(${JSON.stringify(launcherCache)}, 'probe', ${JSON.stringify(root)});\n` +
        `process.stdout.write(require('pkg'));\n`,
    );
    const probeRun = () => {
      const result = node([probe], statsEnv());
      return { out: result.stdout, ...statsOf(result, 'resolve-cache') };
    };
    expect(probeRun()).toMatchObject({ out: 'index', hits: 0, misses: 1, written: true });
    expect(probeRun()).toMatchObject({ out: 'index', hits: 1, misses: 0, written: false });
    // The remembered file is gone: resolved afresh (package.json's main), not a read of a missing file.
    fs.rmSync(path.join(pkg, 'index.js'));
    fs.writeFileSync(path.join(pkg, 'main.js'), 'module.exports = "main";');
    fs.writeFileSync(path.join(pkg, 'package.json'), '{"main":"main.js"}');
    expect(probeRun()).toMatchObject({ out: 'main', hits: 0, misses: 1, written: true });
    // npm installed something: every remembered resolution is dropped, even one whose file exists.
    fs.writeFileSync(path.join(pkg, 'index.js'), 'module.exports = "index again";');
    fs.writeFileSync(path.join(pkg, 'package.json'), '{"main":"index.js"}');
    fs.writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    expect(probeRun()).toMatchObject({ out: 'index again', hits: 0, misses: 1, written: true });
  });
});

describe('cdktf and zod dependencies loaded on first use (bin/lazy-requires.js)', () => {
  it('leaves archiver and semver unloaded by require("cdktf"), and gives the real modules when used', () => {
    const script = `
      const Module = require('node:module');
      const path = require('node:path');
      require('./bin/lazy-requires').install();
      require('cdktf');
      const loaded = (name) => Object.keys(require.cache).some((f) => f.includes(path.sep + 'node_modules' + path.sep + name + path.sep));
      const before = { archiver: loaded('archiver'), semver: loaded('semver') };
      const { ValidateBinaryVersion } = require('cdktf/lib/validations/validate-binary-version');
      const check = (range) => new ValidateBinaryVersion('node', range, 'node --version').validate();
      const versions = { low: check('>=1.0.0'), high: check('>=999.0.0') };
      const fsFile = require.resolve('cdktf/lib/private/fs');
      const parent = new Module(fsFile);
      parent.filename = fsFile;
      parent.paths = Module._nodeModulePaths(path.dirname(fsFile));
      const standIn = Module._load('archiver', parent, false);
      const stillUnloaded = !loaded('archiver');
      const real = require(require.resolve('archiver', { paths: [path.dirname(fsFile)] }));
      process.stdout.write(JSON.stringify({ before, versions, stillUnloaded, sameCreate: standIn.create === real.create, callable: typeof standIn }));
    `;
    const result = node(['-e', script]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      before: { archiver: false, semver: false },
      versions: { low: [], high: [expect.stringContaining('is lower than the required version >=999.0.0')] },
      stillUnloaded: true,
      sameCreate: true,
      callable: 'function',
    });
  });

  it("leaves zod's translations unloaded by require('zod') (English stays), and loads them on first use", () => {
    const script = `
      const path = require('node:path');
      require('./bin/lazy-requires').install();
      const { z } = require('zod');
      const locales = () => Object.keys(require.cache).filter((f) => f.includes(path.join('zod', 'v4', 'locales') + path.sep)).map((f) => path.basename(f));
      const schema = z.object({ a: z.string() });
      const english = schema.safeParse({ a: 1 }).error.issues[0].message;
      const before = locales();
      z.config(z.locales.de());
      const german = schema.safeParse({ a: 1 }).error.issues[0].message;
      z.config(z.core.locales.en());
      process.stdout.write(JSON.stringify({ before, english, german, after: locales().length, back: schema.safeParse({ a: 1 }).error.issues[0].message }));
    `;
    const result = node(['-e', script]);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout);
    expect(out.before).toEqual(['en.cjs']);
    expect(out.english).toBe('Invalid input: expected string, received number');
    expect(out.german).toMatch(/^Ungültige Eingabe/);
    expect(out.after).toBeGreaterThan(60);
    expect(out.back).toBe(out.english);
  });
});
