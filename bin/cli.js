#!/usr/bin/env node

/**
 * The app's launcher (`npm run synth`, cdktf.json's `app`): runs main.ts through the transpile
 * cache in bin/ts-cache.js, so no TypeScript compiler is loaded when the sources are unchanged and
 * an edited source is transpiled again before it runs, and compiles every module (ours and
 * node_modules) through the V8 code cache in bin/code-cache.js, remembers where installed modules
 * resolve (bin/resolve-cache.js); cdktf's archiver and semver load
 * only if used (bin/lazy-requires.js).
 */
const tsCache = require('./ts-cache');
tsCache.register();
require('./code-cache').install(tsCache.cacheDir(), 'cli');
require('./resolve-cache').install(tsCache.cacheDir(), 'cli', tsCache.ROOT);
require('./lazy-requires').install();
require('../main.ts');
