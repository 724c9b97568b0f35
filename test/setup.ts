import * as fs from 'node:fs';
import type { setupJest } from 'cdktf/lib/testing/adapters/jest';
import { skipTokenTraces } from '../stacks/token-traces';

/**
 * cdktf's jest matchers (toHaveResource, ...), and their types from the import above. The archive
 * tooling's tests (test/logs) synthesize nothing: they skip loading cdktf, about 0.4 s of CPU per file.
 */
if (!/[\\/]test[\\/]logs[\\/]/.test(expect.getState().testPath ?? '')) {
  (require('cdktf') as { Testing: { setupJest: typeof setupJest } }).Testing.setupJest();
  // Tests build stacks as the app does: without cdktf's token creation traces (stacks/token-traces.ts),
  // most of the time a build takes. Installed in each test file's realm, for the whole file.
  skipTokenTraces();
}

// `npm run bench -- tests` counts the `expect` calls each test file executes (bin/bench-tests.ts).
const assertionsFile = process.env.BENCH_ASSERTIONS_FILE;
if (assertionsFile) {
  let calls = 0;
  afterEach(() => {
    calls += expect.getState().assertionCalls;
  });
  afterAll(() => {
    fs.appendFileSync(assertionsFile, `${expect.getState().testPath}\t${calls}\n`);
  });
}
