import type { ImportGraph } from './import-graph';

/*
 * Dead exports: names a file exports that no other file imports. The public entries (the package
 * root, `./stacks`, the bins) count as importing everything they export or re-export; a name used
 * only inside its own file should not be exported. Names flow through `export ... from` and
 * `export * from`, so a construct re-exported by modules/index.ts is alive.
 */

interface DeadExport {
  readonly file: string;
  readonly name: string;
}

/** Exports of files under `scope` that no file of the graph uses, sorted. */
export function deadExports(graph: ImportGraph, entries: readonly string[], scope: readonly string[]): DeadExport[] {
  const used = new Map<string, Set<string>>();
  const all = new Set<string>();

  const markAll = (file: string): void => {
    if (all.has(file)) return;
    all.add(file);
    const info = graph.get(file);
    if (!info) return;
    for (const name of info.exports) mark(file, name);
    for (const edge of info.imports) if (edge.reexport && edge.names.includes('*')) markAll(edge.to);
  };
  const mark = (file: string, name: string): void => {
    if (name === '*') {
      markAll(file);
      return;
    }
    const seen = used.get(file) ?? new Set<string>();
    if (seen.has(name)) return;
    seen.add(name);
    used.set(file, seen);
    for (const edge of graph.get(file)?.imports ?? []) {
      if (!edge.reexport) continue;
      if (edge.names.includes(name) || edge.names.includes('*')) mark(edge.to, name);
    }
  };

  for (const entry of entries) markAll(entry);
  for (const info of graph.values()) {
    for (const edge of info.imports) if (!edge.reexport) for (const name of edge.names) mark(edge.to, name);
  }

  const inScope = (file: string) => scope.some((s) => file === s || file.startsWith(`${s}/`));
  const dead: DeadExport[] = [];
  for (const info of graph.values()) {
    if (!inScope(info.path) || entries.includes(info.path) || all.has(info.path)) continue;
    const alive = used.get(info.path) ?? new Set<string>();
    for (const name of info.exports) if (!alive.has(name)) dead.push({ file: info.path, name });
  }
  return dead.sort((a, b) => (a.file === b.file ? a.name.localeCompare(b.name) : a.file < b.file ? -1 : 1));
}
