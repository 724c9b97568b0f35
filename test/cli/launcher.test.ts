/**
 * The launcher's transpile cache (bin/ts-cache.js): a run uses cached JavaScript only while the
 * source is unchanged, so an edit is in effect on the next run, whatever the file's size or mtime.
 * Edits happen in a copy of the app, never in the repo.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE_ENV, cliEnv, copyApp, filesUnder, run, scratchDir } from './cli-support';

jest.setTimeout(60_000);

let scratch: string;
let app: string;
let cache: string;

beforeAll(() => {
  scratch = scratchDir('cli-launcher');
  app = path.join(scratch, 'app');
  cache = path.join(scratch, 'cache');
  fs.mkdirSync(app);
  copyApp(app);
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function node(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv(cache)) {
  return run(process.execPath, args, app, env);
}

/** A whole second, so file systems store it exactly and an edit can restore it bit for bit. */
const PINNED = new Date('2020-01-01T00:00:00Z');

function pinMtime(file: string): void {
  fs.utimesSync(file, PINNED, PINNED);
}

/** Rewrites a pinned file keeping its size and modification time, so only its content tells it changed. */
function editInPlace(file: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const before = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  pinMtime(file);
  const after = fs.statSync(file);
  expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
}

describe('the transpile cache', () => {
  it('is filled on the first run and reused, unchanged, on the next', () => {
    const first = node(['bin/cli.js', '--help']);
    expect(first.status).toBe(0);
    const entries = filesUnder(cache);
    expect(entries).toEqual(expect.arrayContaining(['main.ts.js']));
    expect(entries.some((e) => e.startsWith(`stacks${path.sep}`))).toBe(true);
    const mtimes = entries.map((e) => fs.statSync(path.join(cache, e)).mtimeMs);

    const second = node(['bin/cli.js', '--help']);
    expect(second.stdout).toBe(first.stdout);
    expect(filesUnder(cache)).toEqual(entries);
    expect(entries.map((e) => fs.statSync(path.join(cache, e)).mtimeMs)).toEqual(mtimes);
  });

  it('runs an edited main.ts on the next run, even with the same size and mtime', () => {
    pinMtime(path.join(app, 'main.ts'));
    expect(node(['bin/cli.js', '--help']).stdout).toMatch(/^Usage: npm run synth --/);
    // main.ts names the command it runs: the edit makes `node bin/cli.js` the check command.
    editInPlace(path.join(app, 'main.ts'), "runFromRepo('synth')", "runFromRepo('check')");
    const edited = node(['bin/cli.js', '--help']);
    expect(edited.status).toBe(0);
    expect(edited.stdout).toMatch(/^Usage: npm run check --/);
    editInPlace(path.join(app, 'main.ts'), "runFromRepo('check')", "runFromRepo('synth')");
    expect(node(['bin/cli.js', '--help']).stdout).toMatch(/^Usage: npm run synth --/);
  });

  it('runs an edited file the command loads lazily (bin/synth-command.ts)', () => {
    const file = path.join(app, 'bin', 'synth-command.ts');
    pinMtime(file);
    node(['bin/cli.js', '--help']);
    editInPlace(file, 'show this help', 'SHOW THIS HELP');
    const edited = node(['bin/cli.js', '--help']);
    expect(edited.status).toBe(0);
    expect(edited.stdout).toContain('SHOW THIS HELP');
  });

  it('runs an edited file anywhere in the source folders (node -r ./bin/register.js)', () => {
    const probe = path.join(app, 'stacks', 'zz-probe', 'probe.ts');
    fs.mkdirSync(path.dirname(probe), { recursive: true });
    fs.writeFileSync(probe, 'const answer: number = 1;\nprocess.stdout.write([answer, __dirname].join(" "));\n');
    pinMtime(probe);
    expect(node(['-r', './bin/register.js', probe]).stdout).toBe(`1 ${path.dirname(probe)}`);
    editInPlace(probe, 'answer: number = 1', 'answer: number = 2');
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
