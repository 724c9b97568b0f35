/**
 * One jest file per tier: `test/<tier>/<tier>.test.ts` calls `runSpecs(__dirname)`, which runs every
 * `*.spec.ts` under that folder, each in a `describe` named after its path (so its hooks stay its
 * own, and `npx jest test/<tier> -t <name>.spec` runs one). Jest gives each test file a fresh module
 * registry: one file per tier loads cdktf, the provider bindings and zod once per tier instead of
 * once per spec (about 0.5 s of CPU each). Files that must stay alone (the terraform tier, the
 * packaging test) keep their own `*.test.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every `*.spec.ts` under `dir`, relative to it, sorted. */
export function specFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.spec.ts'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** Registers every spec under `dir`; throws when there is none (a tier that tests nothing fails). */
export function runSpecs(dir: string): void {
  const files = specFiles(dir);
  if (files.length === 0) throw new Error(`${dir}: no *.spec.ts files to run`);
  for (const file of files) {
    describe(file, () => {
      require(path.join(dir, file));
    });
  }
}
