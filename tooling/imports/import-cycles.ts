import type { ImportGraph } from './import-graph';

/*
 * Import cycles of the graph (import-graph.ts): its strongly connected components of more than one
 * file, or a file importing itself (Tarjan's algorithm, iterative so deep chains cannot overflow).
 * Every edge counts, type-only and lazy `require` too: a cycle of types still ties two files'
 * designs together, and a lazy require is one refactor away from a load-order bug.
 */

/** Each cycle as its files, sorted; cycles sorted by their first file. */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const targets = (file: string): string[] => [...new Set((graph.get(file)?.imports ?? []).map((e) => e.to))];

  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { file: string; edges: string[]; i: number }[] = [];
    const open = (file: string): void => {
      index.set(file, next);
      low.set(file, next);
      next += 1;
      stack.push(file);
      onStack.add(file);
      work.push({ file, edges: targets(file), i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i] as string;
        frame.i += 1;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.file, Math.min(low.get(frame.file) as number, index.get(to) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.file, Math.min(low.get(parent.file) as number, low.get(frame.file) as number));
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.file);
      if (component.length > 1 || targets(frame.file).includes(frame.file)) cycles.push(component.sort());
    }
  }
  return cycles.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
}
