/**
 * Runs the TypeScript sources with Node directly: a `require` hook for `.ts` files that transpiles
 * each file with @swc/core (types stripped, no type check: that is `npm run typecheck`) and keeps
 * the result in a cache, so a run with a warm cache loads no compiler at all.
 *
 * No stale output can be used: every `require` of a `.ts` file reads the source and looks up the
 * cached JavaScript by a hash of that source, the swc version and the transpile options. An edited
 * file misses and is transpiled again on the spot (about 50 ms for the whole app, @swc/core's load
 * included). Modules run from their own path, so `__dirname`, relative requires and stack trace
 * file names are the real ones.
 *
 *   cache folder: $CDKTF_ORG_LOGGING_CACHE_DIR, else node_modules/.cache/cdktf-org-logging/
 *   entry:        <cache>/<path relative to the repo>.js, first line `// <hash>`
 *   warm it:      `node bin/ts-cache.js warm` (optional: a cold entry costs one transpile, once;
 *                 no install script runs it, so the published package has no install-time script)
 *
 * Entries carry inline source maps, which Node ignores unless asked: `node --enable-source-maps
 * bin/cli.js` shows TypeScript lines in stack traces. Not on by default, because Node would then
 * load cdktf's own source maps too (measured: +0.2 s and +30 MB per run).
 *
 * Plain JavaScript on purpose: it has to run before anything can be transpiled.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE_ENV = 'CDKTF_ORG_LOGGING_CACHE_DIR';
/** Source folders `warm` transpiles (those that exist); main.ts too. Keep in step with tsconfig.json's include. */
const SOURCE_DIRS = ['bin', 'modules', 'stacks', 'tooling'];
/** Bump when the entry format or the way options are derived changes. */
const FORMAT = 1;

function cacheDir() {
  const fromEnv = process.env[CACHE_ENV];
  return fromEnv ? path.resolve(fromEnv) : path.join(ROOT, 'node_modules', '.cache', 'cdktf-org-logging');
}

/**
 * swc options equivalent to tsc's emit for tsconfig.json (CommonJS, esModuleInterop): the target and
 * the class-field and decorator settings are read from it, so changing them there changes the output.
 */
function transpileOptions() {
  let compilerOptions = {};
  try {
    compilerOptions = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions ?? {};
  } catch {
    // Unreadable or commented tsconfig: the defaults below match the committed one.
  }
  const target = String(compilerOptions.target ?? 'es2022').toLowerCase();
  const transform = {};
  if (compilerOptions.useDefineForClassFields !== undefined) transform.useDefineForClassFields = compilerOptions.useDefineForClassFields;
  if (compilerOptions.experimentalDecorators) transform.legacyDecorator = true;
  if (compilerOptions.emitDecoratorMetadata) transform.decoratorMetadata = true;
  return {
    jsc: { parser: { syntax: 'typescript' }, target, transform },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
    inlineSourcesContent: false,
    swcrc: false,
    configFile: false,
  };
}

let state;
/** Options and the hash prefix, computed once per process (two small file reads, no compiler load). */
function getState() {
  if (!state) {
    const options = transpileOptions();
    const swcVersion = JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
    state = { options, fingerprint: `${FORMAT}\0${swcVersion}\0${JSON.stringify(options)}\0`, dir: cacheDir(), swc: undefined };
  }
  return state;
}

function entryFor(dir, filename) {
  const relative = path.relative(ROOT, filename);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return path.join(dir, '_outside', `${crypto.createHash('sha256').update(filename).digest('hex').slice(0, 32)}.js`);
  }
  return path.join(dir, `${relative}.js`);
}

/**
 * The JavaScript for one TypeScript file, from the cache when its hash matches, else transpiled now
 * and stored (atomically: concurrent runs never see half an entry). `hit` says which.
 */
function transpile(filename) {
  const s = getState();
  const source = fs.readFileSync(filename, 'utf8');
  const hash = crypto.createHash('sha256').update(s.fingerprint).update(source).digest('hex');
  const header = `// ${hash}\n`;
  const entry = entryFor(s.dir, filename);
  try {
    const cached = fs.readFileSync(entry, 'utf8');
    if (cached.startsWith(header)) return { code: cached.slice(header.length), hit: true };
  } catch {
    // No entry yet.
  }
  s.swc ??= require('@swc/core');
  const { code } = s.swc.transformSync(source, { ...s.options, filename });
  try {
    fs.mkdirSync(path.dirname(entry), { recursive: true });
    const temp = `${entry}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temp, header + code);
    fs.renameSync(temp, entry);
  } catch {
    // A read-only or full disk only costs the next run a transpile.
  }
  return { code, hit: false };
}

/** Makes `require` (and `node -r ./bin/register.js file.ts`) run `.ts` files through the cache. */
function register() {
  Module._extensions['.ts'] = function loadTypeScript(module, filename) {
    module._compile(transpile(filename).code, filename);
  };
}

function listSources(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/**
 * Transpiles every source the app or the scripts can load (main.ts and the folders in SOURCE_DIRS,
 * whatever files they hold now) and removes entries whose source is gone.
 */
function warm() {
  const files = [path.join(ROOT, 'main.ts'), ...SOURCE_DIRS.flatMap((d) => listSources(path.join(ROOT, d)))];
  let transpiled = 0;
  for (const file of files) if (!transpile(file).hit) transpiled++;
  const dir = getState().dir;
  const keep = new Set(files.map((f) => entryFor(dir, f)));
  let removed = 0;
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }) : []) {
    const full = path.join(dir, entry);
    if (full.endsWith('.js') && !keep.has(full) && fs.statSync(full).isFile()) {
      fs.rmSync(full, { force: true });
      removed++;
    }
  }
  return { files: files.length, transpiled, removed, dir };
}

module.exports = { register, transpile, transpileOptions, warm, cacheDir, CACHE_ENV, ROOT };

if (require.main === module) {
  const command = process.argv[2];
  if (command !== 'warm') {
    process.stderr.write('usage: node bin/ts-cache.js warm\n');
    process.exitCode = 2;
  } else {
    try {
      const result = warm();
      process.stdout.write(
        `ts-cache: ${result.files} sources, ${result.transpiled} transpiled, ${result.removed} stale removed (${path.relative(ROOT, result.dir) || result.dir})\n`,
      );
    } catch (error) {
      // Never fail over the cache (e.g. `npm ci --omit=dev` has no @swc/core): runs transpile on demand.
      process.stderr.write(`ts-cache: not warmed (${error.message.split('\n')[0]}); the first run transpiles instead\n`);
    }
  }
}
