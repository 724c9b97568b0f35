import { join } from 'node:path';
import { importCycles } from '../../tooling/imports/import-cycles';
import { type ImportGraph, importGraph, sourceFiles } from '../../tooling/imports/import-graph';

const ROOT = join(__dirname, '..', '..');

function graphOf(edges: Record<string, string[]>): ImportGraph {
  return new Map(
    Object.entries(edges).map(([path, to]) => [
      path,
      { path, imports: to.map((t) => ({ to: t, names: [], reexport: false })), exports: [] },
    ]),
  );
}

describe('import cycles', () => {
  it('finds no cycle in modules/, stacks/, tooling/ and bin/', () => {
    const files = sourceFiles(ROOT, ['modules', 'stacks', 'tooling', 'bin', 'main.ts']);
    const graph = importGraph(ROOT, files, { names: false });
    // The graph is the real one: hundreds of files, most of them importing a sibling.
    expect(files.length).toBeGreaterThan(250);
    expect([...graph.values()].filter((f) => f.imports.length > 0).length).toBeGreaterThan(200);
    expect(graph.get('modules/log-encryption-key.ts')?.imports.map((e) => e.to)).toContain('modules/key-grants.ts');

    // The config sections' schemas live in stacks/config/sections/, apart from their cross-field checks,
    // which read ParsedConfig (assembled from the schemas): no cycle left, type-only edges included.
    expect(graph.get('stacks/config/archive.ts')?.imports.map((e) => e.to)).toContain('stacks/config/parsed-config.ts');
    expect(importCycles(graph)).toEqual([]);
  });

  it('reports a cycle through type-only, re-export and lazy require edges alike, and each component once', () => {
    const graph = graphOf({
      'a.ts': ['b.ts'],
      'b.ts': ['c.ts'],
      'c.ts': ['a.ts', 'd.ts'],
      'd.ts': [],
      'e.ts': ['e.ts'],
      'f.ts': ['g.ts'],
      'g.ts': ['f.ts'],
    });
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts'], ['f.ts', 'g.ts']]);
    expect(importCycles(graphOf({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': [] }))).toEqual([]);
  });

  it('resolves type imports, export-from and require to files of the project', () => {
    const graph = importGraph(
      ROOT,
      ['tooling/logs/commands/query.ts', 'tooling/logs/query/index.ts', 'modules/index.ts', 'modules/arns.ts'],
      {
        names: false,
      },
    );
    expect(graph.get('tooling/logs/commands/query.ts')?.imports.map((e) => e.to)).toContain('tooling/logs/query/index.ts');
    expect(graph.get('modules/index.ts')?.imports.map((e) => e.to)).toContain('modules/arns.ts');
  });
});
