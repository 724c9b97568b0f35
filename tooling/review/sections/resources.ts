/** Report section: a stack's resources grouped by type, with counts and names. */

import type { AppStack } from '../../model';
import type { ReviewContext } from '../context';
import { preventsDestroy } from '../facts';
import { blocksOf, cell, code, foldTable, heading, plural } from '../format';

const SHOWN = 6;

/** Types with counts, names (the first few) and how many have `prevent_destroy`. */
export function resourcesSection(ctx: ReviewContext, stack: AppStack): string {
  const byType = new Map<string, string[]>();
  const guarded = new Map<string, number>();
  for (const r of stack.resources) {
    byType.set(r.type, [
      ...(byType.get(r.type) ?? []),
      ctx.resolver.literalName(r) ?? r.constructPath?.split('/').slice(1).join('/') ?? r.name,
    ]);
    if (preventsDestroy(r)) guarded.set(r.type, (guarded.get(r.type) ?? 0) + 1);
  }
  const rows = [...byType]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, names]) => [
      code(type),
      String(names.length),
      cell(names.slice(0, SHOWN).join(', ') + (names.length > SHOWN ? `, and ${names.length - SHOWN} more` : '')),
      guarded.get(type) ? String(guarded.get(type)) : '',
    ]);
  const data = [...new Set(stack.dataSources.map((d) => d.type))].map(
    (t) => `${code(t)} (${stack.dataSources.filter((d) => d.type === t).length})`,
  );
  const total = [...guarded.values()].reduce((a, b) => a + b, 0);
  return blocksOf(
    heading(3, 'Resources'),
    `${plural(stack.resources.length, 'resource')} of ${plural(byType.size, 'type')}; ${total} with \`prevent_destroy\`.${data.length ? ` Data sources: ${data.join(', ')}.` : ''}`,
    foldTable(`${plural(byType.size, 'resource type')} with counts and names`, ['type', 'count', 'names', 'prevent_destroy'], rows),
  );
}
