import * as fs from 'node:fs';
import * as path from 'node:path';
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []);
}
for (const f of walk(__dirname)) describe(path.relative(__dirname, f), () => { require(f); });
