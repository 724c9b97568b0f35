/**
 * The type check as a tier of `npm test`: `npm run typecheck` (tsc --noEmit, incremental, every
 * source and test file) run by jest, so tsc's single thread overlaps the other tiers on the second
 * core instead of running before them. Fails with tsc's diagnostics.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

test('npm run typecheck: tsc reports no error in the sources and tests', () => {
  const result = spawnSync('npm', ['run', '--silent', 'typecheck'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
  expect(result.status).toBe(0);
}, 300_000);
