#!/usr/bin/env node
/**
 * Builds the published package into dist/ (`npm run build`, run by `prepack`):
 *
 * - JavaScript: every source the package entries load, found by following relative `require`s from
 *   modules/index.ts (the constructs), stacks/index.ts (`<package>/stacks`) and
 *   bin/cdktf-org-logging.ts (the CLI), transpiled by @swc/core with the options bin/ts-cache.js
 *   derives from tsconfig.json: the same transform the app, the npm scripts and the tests run, so
 *   what ships is what was tested. Nothing else ships (no benchmarks, no test corpora).
 * - Declarations: `tsc -p tsconfig.build.json` (modules/ and stacks/, the two typed entries),
 *   declarations only and without a second type check: `npm run typecheck` checks the whole repo.
 *
 *   node bin/build.js [--out-dir <dir>]   (default: dist; the packaging test builds elsewhere)
 *
 * Plain JavaScript, like the launcher: it runs before anything is transpiled.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { ROOT, transpileOptions } = require('./ts-cache');

/** What the package's entries are: package.json "exports" and "bin" point at their builds. */
const ENTRIES = ['modules/index.ts', 'stacks/index.ts', 'bin/cdktf-org-logging.ts'];
/** The CLI entry: executable, with its `#!/usr/bin/env node` line kept. */
const BIN = 'bin/cdktf-org-logging.ts';

/** The `.ts` file a relative require from `from` names, or undefined when it names none. */
function resolveSource(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  return undefined;
}

/** Transpiles the entries and everything they require, relative to the repo, into `outDir`; returns the sources. */
function buildJavaScript(outDir) {
  const swc = require('@swc/core');
  const options = { ...transpileOptions(), sourceMaps: false };
  const queue = ENTRIES.map((e) => path.join(ROOT, e));
  const seen = new Set(queue);
  const problems = [];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i];
    const { code } = swc.transformSync(fs.readFileSync(file, 'utf8'), { ...options, filename: file });
    for (const match of code.matchAll(/\brequire\((["'])(\.{1,2}\/[^"']*)\1\)/g)) {
      const source = resolveSource(file, match[2]);
      if (!source) problems.push(`${path.relative(ROOT, file)}: require("${match[2]}") names no .ts source`);
      else if (!seen.has(source)) {
        seen.add(source);
        queue.push(source);
      }
    }
    const target = path.join(outDir, path.relative(ROOT, file).replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, code, { mode: path.relative(ROOT, file) === BIN ? 0o755 : 0o644 });
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return queue.map((f) => path.relative(ROOT, f));
}

/** `tsc -p tsconfig.build.json` into `outDir`, started now; resolves when it succeeded. */
function buildDeclarations(outDir) {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const child = spawn(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tsc -p tsconfig.build.json failed:\n${output}`))));
  });
}

async function main() {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } }, strict: true });
  const outDir = path.resolve(values['out-dir']);
  fs.rmSync(outDir, { recursive: true, force: true });
  const started = Date.now();
  // tsc runs in its own process while this one transpiles: the two take the machine's two cores.
  const declarations = buildDeclarations(outDir);
  let sources;
  try {
    sources = buildJavaScript(outDir);
  } catch (error) {
    await declarations.catch(() => undefined);
    throw error;
  }
  await declarations;
  process.stdout.write(
    `build: ${sources.length} sources and the declarations of modules/ and stacks/ in ${path.relative(process.cwd(), outDir) || outDir} (${Date.now() - started} ms)\n`,
  );
}

module.exports = { ENTRIES, buildJavaScript };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`build: ${error.message}\n`);
    process.exitCode = 1;
  });
}
