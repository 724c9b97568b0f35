/**
 * `npm run lint` (after biome): fails on exports nothing imports. The public entries (the package
 * root modules/index.ts, `./stacks` stacks/index.ts, main.ts and the bins) count as using all they
 * export; tests count as importers. Import cycles are a jest test (test/imports).
 */
import { join } from 'node:path';
import { deadExports } from '../tooling/imports/dead-exports';
import { importGraph, sourceFiles } from '../tooling/imports/import-graph';

const root = join(__dirname, '..');
const files = sourceFiles(root, ['modules', 'stacks', 'tooling', 'bin', 'main.ts', 'test']);
const entries = ['modules/index.ts', 'stacks/index.ts', 'main.ts', ...files.filter((f) => f.startsWith('bin/'))];
const dead = deadExports(importGraph(root, files), entries, ['modules', 'stacks', 'tooling', 'bin']);
if (dead.length > 0) {
  console.error(`${dead.length} exports nothing imports (remove the export, or the code if nothing uses it):`);
  for (const d of dead) console.error(`  ${d.file}: ${d.name}`);
  process.exitCode = 1;
} else {
  console.log(`no dead exports in ${files.length} files`);
}
