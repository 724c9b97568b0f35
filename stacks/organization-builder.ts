import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from './config/schema';
import type { StackDefinition, StackKind, SynthContext } from './registry';
import { STACK_KINDS, stackDefinitions } from './stack-registry';

/** One built stack, with where it applies. */
export interface StackSummary {
  readonly name: string;
  readonly stack: TerraformStack;
  readonly accountId: string;
  readonly region: string;
  /** Human description of the account's role. */
  readonly role: string;
  /** Apply order group (lower first). */
  readonly order: number;
}

export interface OrganizationStacks {
  /** Every stack, in apply order. */
  readonly all: readonly StackSummary[];
  /** The stack of that name; throws when the config asks for no such stack. */
  get<T extends TerraformStack = TerraformStack>(name: string): T;
  /** Whether the config asks for a stack of that name. */
  has(name: string): boolean;
}

/** Builds every stack a validated config asks for, from the registry, in apply order. */
export function buildOrganization(
  scope: Construct,
  config: OrganizationConfig,
  context: SynthContext,
  kinds: readonly StackKind[] = STACK_KINDS,
): OrganizationStacks {
  const all: StackSummary[] = stackDefinitions(config, kinds).map((definition: StackDefinition) => ({
    name: definition.name,
    accountId: definition.accountId,
    region: definition.region,
    role: definition.role,
    order: definition.order,
    stack: definition.build(scope, { ...context, config, definition }),
  }));
  recordApplyOrder(all);
  const byName = new Map(all.map((s) => [s.name, s]));
  return {
    all,
    has: (name) => byName.has(name),
    get: <T extends TerraformStack>(name: string): T => {
      const found = byName.get(name);
      if (!found) throw new Error(`no stack "${name}" in this organization (stacks: ${[...byName.keys()].join(', ')})`);
      return found.stack as T;
    },
  };
}

/**
 * Records the apply order as stack dependencies: each stack depends on every stack of the nearest
 * lower order group. cdktf writes them to the manifest (`dependencies`), so `cdktf deploy`, the
 * review (tooling/review/apply-order.ts) and any other reader of the synthesized output see the
 * order the README documents instead of the manifest's alphabetical order. Output is unchanged.
 */
function recordApplyOrder(all: readonly StackSummary[]): void {
  const groups = [...new Set(all.map((s) => s.order))].sort((a, b) => a - b);
  for (const [i, order] of groups.entries()) {
    if (i === 0) continue;
    const previous = all.filter((s) => s.order === groups[i - 1]);
    for (const s of all.filter((x) => x.order === order)) for (const p of previous) s.stack.addDependency(p.stack);
  }
}
