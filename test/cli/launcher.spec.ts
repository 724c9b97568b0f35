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

  first = node(['bin/cli.js', '--help']);
  firstEntries = filesUnder(cache);
  firstMtimes = mtimes(firstEntries);
  second = node(['bin/cli.js', '--help']);
  secondEntries = filesUnder(cache);
  secondMtimes = mtimes(firstEntries);

  lazyEdit = editInPlace(synthCommand, 'show this help', 'SHOW THIS HELP');
  lazyEdited = node(['bin/cli.js', '--help']);
  // main.ts names the command it runs: the edit makes `node bin/cli.js` the check command.
  mainEdit = editInPlace(main, "runFromRepo('synth')", "runFromRepo('check')");
  mainEdited = node(['bin/cli.js', '--help']);
  mainRestore = editInPlace(main, "runFromRepo('check')", "runFromRepo('synth')");
  mainRestored = node(['bin/cli.js', '--help']);
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

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
