/** Jest global teardown: removes the run's TMPDIR (see global-setup.ts), then the repo's `.tmp` if nothing is left in it. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_TMP = path.resolve(__dirname, '..', '.tmp');

export default function globalTeardown(): void {
  const runDir = process.env.JEST_RUN_TMPDIR;
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
  if (process.env.JEST_RUN_TMPDIR_PARENT) process.env.TMPDIR = process.env.JEST_RUN_TMPDIR_PARENT;
  if (fs.existsSync(REPO_TMP) && fs.readdirSync(REPO_TMP).length === 0) fs.rmdirSync(REPO_TMP);
}
