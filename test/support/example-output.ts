/**
 * The example (examples/organization.json) synthesized once per jest run and shared, read-only, by
 * the test files that only read its output (review, checks): the first file to ask synthesizes it
 * into the run's TMPDIR (global-setup.ts; removed by global-teardown.ts), the others reuse it, and
 * none of them loads cdktf or the provider bindings for it. The folder is keyed by the sources'
 * modification times, so a watch-mode rerun after an edit synthesizes again. Its backend is S3, so
 * the output does not depend on where it is written. A test that writes into an output folder
 * synthesizes its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
export const EXAMPLE_FILE = path.join(REPO, 'examples', 'organization.json');
const SOURCES = ['modules', 'stacks', 'assets'].map((d) => path.join(REPO, d));

/** Latest modification time and count of the files the synth reads (cheap: no file is read). */
function sourcesKey(): string {
  let latest = fs.statSync(EXAMPLE_FILE).mtimeMs;
  let files = 1;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        latest = Math.max(latest, fs.statSync(full).mtimeMs);
        files++;
      }
    }
  };
  for (const dir of SOURCES) if (fs.existsSync(dir)) walk(dir);
  return `${Math.floor(latest)}-${files}`;
}

/** The synthesized example's output folder (`<dir>/stacks/<stack>/cdk.tf.json`, manifest.json). Do not write into it. */
export function exampleOutput(): string {
  const root = path.join(process.env.JEST_RUN_TMPDIR ?? os.tmpdir(), 'shared-example-synth');
  const done = path.join(root, sourcesKey());
  if (fs.existsSync(done)) return done;
  fs.mkdirSync(root, { recursive: true });
  const mine = fs.mkdtempSync(path.join(root, 'building-'));
  // Loaded only on a miss: a file that reuses the output never loads the stacks (cdktf, provider bindings).
  const { synthesizeOrganization } = require('../../stacks/synthesize') as typeof import('../../stacks/synthesize');
  synthesizeOrganization({ configFile: EXAMPLE_FILE, outdir: path.join(mine, 'out'), baseDir: mine });
  try {
    // Atomic: another worker either sees no folder or the whole output.
    fs.renameSync(path.join(mine, 'out'), done);
  } catch (error) {
    // Another worker finished first: its output is the same.
    if (!fs.existsSync(done)) throw error;
  } finally {
    fs.rmSync(mine, { recursive: true, force: true });
  }
  return done;
}
