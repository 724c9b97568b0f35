/**
 * The order to apply stacks in, from what the synthesized stacks say about each other. cdktf's
 * manifest lists stacks alphabetically, which says nothing about order; a stack that reads another
 * stack's state (`terraform_remote_state`) or that cdktf records as depending on it must come after
 * it. Stacks with no such relation keep manifest order.
 */

/** One stack and the stacks it must follow. */
export interface OrderInput {
  readonly name: string;
  /** Stacks whose state this one reads, or that the manifest lists as its dependencies. */
  readonly after: readonly string[];
}

export interface ApplyOrder {
  /** Stack names, first to apply first. */
  readonly names: readonly string[];
  /** Whether any dependency moved a stack (false: manifest order as is). */
  readonly derived: boolean;
  /** Stacks caught in a dependency cycle (kept in manifest order after the rest); empty normally. */
  readonly cycle: readonly string[];
}

/**
 * A topological order (Kahn's algorithm) that picks, among the stacks ready to apply, the one listed
 * first in the input: the manifest order breaks every tie. Dependencies on stacks not in the input
 * are ignored; a cycle is reported, not thrown.
 */
export function applyOrder(stacks: readonly OrderInput[]): ApplyOrder {
  const names = stacks.map((s) => s.name);
  const known = new Set(names);
  const pending = new Map(stacks.map((s) => [s.name, new Set(s.after.filter((d) => known.has(d) && d !== s.name))]));
  const order: string[] = [];
  while (pending.size > 0) {
    const next = names.find((n) => pending.get(n)?.size === 0);
    if (next === undefined) break;
    order.push(next);
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
  }
  const cycle = names.filter((n) => pending.has(n));
  const result = [...order, ...cycle];
  return { names: result, derived: result.some((n, i) => n !== names[i]), cycle };
}
