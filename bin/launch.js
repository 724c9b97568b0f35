/**
 * What the launcher (bin/cli.js) sets up before it loads the app, in one place so the benchmark's
 * in-process timings (bin/bench-synth-once.ts) load modules the same way:
 *   - `.ts` files through the transpile cache (bin/ts-cache.js);
 *   - every module compiled through the V8 code cache (bin/code-cache.js);
 *   - where installed modules resolve remembered (bin/resolve-cache.js);
 *   - cdktf's archiver and semver loaded only if used (bin/lazy-requires.js).
 * `name` names the cache files (one set per entry point, as each loads other modules).
 */
const tsCache = require('./ts-cache');

function prepare(name) {
  tsCache.register();
  const dir = tsCache.cacheDir();
  require('./code-cache').install(dir, name);
  require('./resolve-cache').install(dir, name, tsCache.ROOT);
  require('./lazy-requires').install();
}

module.exports = { prepare };
