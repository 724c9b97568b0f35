import * as fs from 'node:fs';
import { skipTokenTraces } from '../stacks/token-traces';

// No test uses cdktf's jest matchers (toHaveResource, ...): tests read the synthesized JSON
// themselves, so cdktf loads only in the files that build stacks (about 0.5 s of CPU per file).

// Tests build stacks as the app does: without cdktf's token creation traces (stacks/token-traces.ts),
// most of the time a build takes. Installed in each test file's realm, for the whole file.
skipTokenTraces();

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
