#!/usr/bin/env node

/**
 * The app's launcher (`npm run synth`, cdktf.json's `app`): runs main.ts through the transpile
 * cache in bin/ts-cache.js, so no TypeScript compiler is loaded when the sources are unchanged and
 * an edited source is transpiled again before it runs, with the V8 code cache, the resolution cache
 * and cdktf's unused dependencies deferred (bin/launch.js).
 */
require('./launch').prepare('cli');
require('../main.ts');
