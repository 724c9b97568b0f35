/**
 * Jest global setup: every test process gets a fresh TMPDIR of its own for this run, which
 * global-teardown.ts removes, so nothing a test or a library writes to os.tmpdir() (cdktf's
 * Testing outdirs, scratch folders) outlives the run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export default function globalSetup(): void {
  const parent = os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(parent, 'jest-run-'));
  process.env.JEST_RUN_TMPDIR = runDir;
  process.env.JEST_RUN_TMPDIR_PARENT = parent;
  // Workers start after global setup and inherit this environment.
  process.env.TMPDIR = runDir;
}
