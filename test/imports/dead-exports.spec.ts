import { deadExports } from '../../tooling/imports/dead-exports';
import type { ImportEdge, ImportGraph } from '../../tooling/imports/import-graph';

type Spec = { exports: string[]; imports?: [string, string[], boolean?][] };

function graphOf(files: Record<string, Spec>): ImportGraph {
  return new Map(
    Object.entries(files).map(([path, spec]) => {
      const imports: ImportEdge[] = (spec.imports ?? []).map(([to, names, reexport]) => ({ to, names, reexport: reexport ?? false }));
      return [path, { path, exports: spec.exports, imports }];
    }),
  );
}

describe('dead exports', () => {
  it('keeps what an entry re-exports (named or *), what is imported, and what a namespace import takes', () => {
    const graph = graphOf({
      'modules/index.ts': { exports: [], imports: [['modules/a.ts', ['*'], true]] },
      'modules/a.ts': { exports: ['A', 'B'] },
      'tooling/x.ts': { exports: ['used', 'unused', 'local'] },
      'tooling/y.ts': { exports: ['all1', 'all2'] },
      'tooling/barrel.ts': { exports: ['viaBarrel'], imports: [['tooling/z.ts', ['viaBarrel'], true]] },
      'tooling/z.ts': { exports: ['viaBarrel', 'notReexported'] },
      'test/t.test.ts': {
        exports: [],
        imports: [
          ['tooling/x.ts', ['used']],
          ['tooling/y.ts', ['*']],
          ['tooling/barrel.ts', ['viaBarrel']],
        ],
      },
    });
    expect(deadExports(graph, ['modules/index.ts'], ['modules', 'tooling'])).toEqual([
      { file: 'tooling/x.ts', name: 'local' },
      { file: 'tooling/x.ts', name: 'unused' },
      { file: 'tooling/z.ts', name: 'notReexported' },
    ]);
  });

  it('follows export * chains from a non-entry barrel only for the names used through it', () => {
    const graph = graphOf({
      'tooling/index.ts': { exports: [], imports: [['tooling/inner.ts', ['*'], true]] },
      'tooling/inner.ts': { exports: ['taken', 'left'] },
      'bin/run.ts': { exports: [], imports: [['tooling/index.ts', ['taken']]] },
    });
    expect(deadExports(graph, ['bin/run.ts'], ['tooling'])).toEqual([{ file: 'tooling/inner.ts', name: 'left' }]);
  });
});
