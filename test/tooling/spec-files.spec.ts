/**
 * Every spec runs: jest runs only `*.test.ts`, so a `*.spec.ts` counts only when a tier's
 * `test/<tier>/<tier>.test.ts` registers it through `runSpecs` (test/support/specs.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { specFiles } from '../support/specs';

const TEST = path.resolve(__dirname, '..');
const AGGREGATE = /^\/\/[^\n]*\nimport \{ runSpecs \} from '\.\.\/support\/specs';\n\nrunSpecs\(__dirname\);\n$/;

/** The tier folders with an aggregate `<tier>.test.ts` that runs its specs. */
function aggregateTiers(): string[] {
  return fs
    .readdirSync(TEST, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .filter((tier) => {
      const file = path.join(TEST, tier, `${tier}.test.ts`);
      return fs.existsSync(file) && AGGREGATE.test(fs.readFileSync(file, 'utf8'));
    });
}

describe('spec files', () => {
  it('every *.spec.ts under test/ is in a tier folder whose aggregate test runs it', () => {
    const tiers = aggregateTiers();
    expect(tiers).toEqual(expect.arrayContaining(['modules', 'stacks', 'config', 'logs', 'cli', 'tooling']));
    const all = specFiles(TEST);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((file) => !tiers.includes(file.split('/')[0]))).toEqual([]);
  });

  it('every aggregate runs at least one spec, and no other *.test.ts sits beside the aggregates', () => {
    for (const tier of aggregateTiers()) {
      expect({ tier, specs: specFiles(path.join(TEST, tier)).length > 0 }).toEqual({ tier, specs: true });
      const others = fs
        .readdirSync(path.join(TEST, tier), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.test.ts') && file !== `${tier}.test.ts`);
      expect({ tier, others }).toEqual({ tier, others: [] });
    }
  });
});
