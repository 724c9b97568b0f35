#!/usr/bin/env node

/**
 * The app's launcher (`npm run synth`, cdktf.json's `app`): runs main.ts through the transpile
 * cache in bin/ts-cache.js, so no TypeScript compiler is loaded when the sources are unchanged and
 * an edited source is transpiled again before it runs, with the V8 code cache, the resolution cache
 * and cdktf's unused dependencies deferred (bin/launch.js).
 *
 * It exits as soon as the command is done and its output is flushed. Left to itself, Node first
 * finishes whatever garbage collection V8 has scheduled (incremental marking of a heap near its
 * limit: measured 60-100 ms after a synth, before 'beforeExit').
 */
require('./launch').prepare('cli');
const { finished } = require('../main.ts');

if (finished && typeof finished.then === 'function') {
  finished.then((code) => {
    let streams = 2;
    const flushed = () => {
      if (--streams === 0) process.exit(code);
    };
    // A write's callback runs once everything written before it is flushed (pipes may be asynchronous).
    process.stdout.write('', flushed);
    process.stderr.write('', flushed);
  });
}
