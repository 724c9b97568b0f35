/**
 * The packaging tier's TypeScript consumer (test/packaging/consumer.test.ts packs and installs): both
 * entries resolved by TypeScript's own resolver under each module resolution mode, and the typed app
 * type-checked against the installed declarations under node10 (the tsconfig `cdktf init` writes)
 * and node16; bundler resolves to the same files as node16.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ConsumerContext, resolveWithTypeScript, type TypeCheck, typeCheck } from '../support/consumer';
import { CONSUMER_MAIN_TS, CONSUMER_TSCONFIGS, CONSUMER_WRONG_TS, CONSUMER_WRONG_TS_LINE } from './consumer-apps';

const ENTRIES = ['cdktf-org-logging', 'cdktf-org-logging/stacks'];

export function describeTypeScriptConsumer(ctx: ConsumerContext): void {
  describe('a TypeScript consumer, in each module resolution mode', () => {
    const configs = Object.entries(CONSUMER_TSCONFIGS).map(([file, config]) => ({ file, ...config }));
    const checked = configs.filter((c) => c.typeChecked).map((c) => [c.mode, c.file] as const);
    const checks = new Map<string, TypeCheck>();
    let resolved: Record<string, Record<string, string | null>>;

    beforeAll(async () => {
      fs.writeFileSync(path.join(ctx.project, 'consumer.ts'), CONSUMER_MAIN_TS);
      fs.writeFileSync(path.join(ctx.project, 'wrong.ts'), CONSUMER_WRONG_TS);
      for (const { file, json } of configs) fs.writeFileSync(path.join(ctx.project, file), JSON.stringify(json, null, 2));
      const started = Date.now();
      // One tsc per type-checked mode and the resolver for all, at once; --listFiles shows what resolved where.
      const [resolution, ...results] = await Promise.all([
        resolveWithTypeScript(
          ctx.project,
          configs.map((c) => c.file),
          ENTRIES,
        ),
        ...checked.map(([, file]) => typeCheck(ctx.project, file)),
      ]);
      resolved = resolution as typeof resolved;
      for (const [i, [mode]] of checked.entries()) checks.set(mode, results[i] as TypeCheck);
      ctx.timings.typecheck = Date.now() - started;
    });

    test('covers the tsconfig cdktf init writes (node10), node16 and bundler, and imports both entries', () => {
      expect(configs.map((c) => c.mode)).toEqual(['node10 (cdktf init)', 'node16', 'bundler']);
      expect(checked.map(([mode]) => mode)).toEqual(['node10 (cdktf init)', 'node16']);
      expect(CONSUMER_MAIN_TS).toContain("from 'cdktf-org-logging'");
      expect(CONSUMER_MAIN_TS).toContain("from 'cdktf-org-logging/stacks'");
    });

    test.each(configs.map((c) => [c.mode, c.file]))(
      '%s: TypeScript resolves both entries to the declarations in the tarball',
      (_mode, file) => {
        expect(resolved[file]).toEqual({
          'cdktf-org-logging': path.join(ctx.installed, 'dist', 'modules', 'index.d.ts'),
          'cdktf-org-logging/stacks': path.join(ctx.installed, 'dist', 'stacks', 'index.d.ts'),
        });
      },
    );

    test.each(checked)('%s: the consumer type-checks against them', (mode) => {
      const check = checks.get(mode) as TypeCheck;
      expect(check.files).toEqual(
        expect.arrayContaining([
          path.join(ctx.installed, 'dist', 'modules', 'index.d.ts'),
          path.join(ctx.installed, 'dist', 'stacks', 'index.d.ts'),
        ]),
      );
      // The only error is the deliberate one: a prop of the wrong type (the declarations are not any).
      expect(check.diagnostics).toEqual([
        expect.stringMatching(
          new RegExp(`^wrong\\.ts\\(${CONSUMER_WRONG_TS_LINE},\\d+\\): error TS2322: Type 'number' is not assignable to type 'string'`),
        ),
      ]);
    });
  });
}
