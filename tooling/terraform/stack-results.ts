/**
 * Per-stack views of a combined root's results: the plan JSON of one `module.<key>` as if the stack
 * had been planned alone, its change counts, and the diagnostics that point into it.
 */
import type { RootModule } from './combined-root';
import type { CombinedResult } from './plan';
import type { ConfigResource, Diagnostic, JsonObject, PlanJson, PlannedModule, ProviderConfig, ResourceChange } from './plan-json';

/** How many managed resources a plan creates, updates, deletes, replaces, or leaves alone. */
export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  /** Delete and create in either order (`["delete","create"]` or `["create","delete"]`). */
  readonly replace: number;
  readonly noop: number;
  /** Any other action, such as `forget` (a `removed` block). */
  readonly other: number;
}

/** One stack's share of a combined run. */
export interface StackResult {
  /** Where the stack sat in the combined root: its module key, prefix and stack name. */
  readonly module: RootModule;
  /** No error from `terraform validate` or `plan` points into this stack, and the plan ran. */
  readonly ok: boolean;
  /** What `terraform validate` reported for the synthesized JSON unchanged (backend warnings left out). */
  readonly validateDiagnostics: readonly Diagnostic[];
  /** What `terraform plan` reported for the offline rewrite. */
  readonly planDiagnostics: readonly Diagnostic[];
  /** `terraform show -json` of this stack's part of the plan (see `stackPlan`); undefined when the plan failed. */
  readonly plan: PlanJson | undefined;
  /** Managed resource changes by action; undefined when the plan failed. */
  readonly changes: ChangeCounts | undefined;
}

/**
 * Splits a combined run into one result per module, in root order. Terraform plans all modules
 * together, so when the plan fails no stack has a plan; the diagnostics say which stack is at
 * fault. Diagnostics that point into no stack are returned as `unattributed`.
 */
export function splitByStack(run: Pick<CombinedResult, 'modules' | 'validate' | 'plan'>): {
  stacks: StackResult[];
  unattributed: Diagnostic[];
} {
  const byModule = (diagnostics: readonly Diagnostic[]) => {
    const grouped = new Map<string | undefined, Diagnostic[]>();
    for (const d of diagnostics) {
      const key = diagnosticModule(d, run.modules)?.key;
      grouped.set(key, [...(grouped.get(key) ?? []), d]);
    }
    return grouped;
  };
  const validate = byModule(run.validate.unexpected);
  const planned = byModule(run.plan.diagnostics);
  const combined = run.plan.plan;
  const stacks = run.modules.map((module): StackResult => {
    const validateDiagnostics = validate.get(module.key) ?? [];
    const planDiagnostics = planned.get(module.key) ?? [];
    const plan = combined ? stackPlan(combined, module.key) : undefined;
    const errors = [...validateDiagnostics, ...planDiagnostics].some((d) => d.severity === 'error');
    return {
      module,
      ok: !errors && plan !== undefined,
      validateDiagnostics,
      planDiagnostics,
      plan,
      changes: plan ? countChanges(plan.resource_changes ?? []) : undefined,
    };
  });
  return { stacks, unattributed: [...(validate.get(undefined) ?? []), ...(planned.get(undefined) ?? [])] };
}

/** Counts the actions of managed resource changes (data source reads are not counted). */
export function countChanges(changes: readonly ResourceChange[]): ChangeCounts {
  const counts = { create: 0, update: 0, delete: 0, replace: 0, noop: 0, other: 0 };
  for (const { mode, change } of changes) {
    if (mode !== 'managed') continue;
    const actions = [...change.actions].sort().join(',');
    if (actions === 'create,delete') counts.replace++;
    else if (actions === 'create') counts.create++;
    else if (actions === 'update') counts.update++;
    else if (actions === 'delete') counts.delete++;
    else if (actions === 'no-op') counts.noop++;
    else counts.other++;
  }
  return counts;
}

/**
 * The part of a combined plan that belongs to `module.<key>`, shaped like `terraform show -json`
 * of that stack alone: addresses without `module.<key>.`, provider config keys `aws` and
 * `aws.<alias>`, the module's configuration as the root module. Root outputs are not included
 * (a stack's outputs are module outputs in the combined root, which plans do not report).
 */
export function stackPlan(plan: PlanJson, key: string): PlanJson {
  const prefix = `module.${key}`;
  const local = (address: string) => (address.startsWith(`${prefix}.`) ? address.slice(prefix.length + 1) : address);
  const inModule = (address: string | undefined) => address === prefix || Boolean(address?.startsWith(`${prefix}.`));
  const calls = plan.configuration.root_module.module_calls as Record<string, { module?: JsonObject }> | undefined;
  const config = structuredClone(calls?.[key]?.module ?? {});
  for (const resource of (config.resources ?? []) as ConfigResource[]) {
    if (resource.provider_config_key?.startsWith(`${prefix}:`))
      resource.provider_config_key = resource.provider_config_key.slice(prefix.length + 1);
  }
  const providers: Record<string, ProviderConfig> = {};
  for (const [name, provider] of Object.entries(plan.configuration.provider_config ?? {})) {
    if (!name.startsWith(`${prefix}:`)) continue;
    const { module_address: _module, ...rest } = structuredClone(provider);
    providers[name.slice(prefix.length + 1)] = rest as ProviderConfig;
  }
  const { planned_values, resource_changes, prior_state, configuration, relevant_attributes, ...rest } = plan;
  return {
    ...rest,
    planned_values: { root_module: moduleOf(planned_values.root_module, prefix, local) },
    resource_changes: (resource_changes ?? [])
      .filter((c) => inModule(c.module_address))
      .map(({ module_address, ...change }) => ({
        ...structuredClone(change),
        address: local(change.address),
        ...(module_address && module_address !== prefix ? { module_address: local(module_address) } : {}),
      })),
    ...(prior_state?.values
      ? {
          prior_state: {
            ...prior_state,
            values: { ...prior_state.values, root_module: moduleOf(prior_state.values.root_module, prefix, local) },
          },
        }
      : {}),
    configuration: { provider_config: providers, root_module: config },
    ...(relevant_attributes
      ? { relevant_attributes: relevant_attributes.filter((a) => inModule(a.resource)).map((a) => ({ ...a, resource: local(a.resource) })) }
      : {}),
  };
}

/** Which stack a diagnostic points into: by its file (`<folder>/…`) or its address (`module.<key>…`). */
export function diagnosticModule(diagnostic: Diagnostic, modules: readonly RootModule[]): RootModule | undefined {
  const file = diagnostic.range?.filename.replace(/\\/g, '/').replace(/^\.\//, '');
  const address = diagnostic.address;
  const within = (m: RootModule) =>
    Boolean(file?.startsWith(`${m.folder}/`)) ||
    address === `module.${m.key}` ||
    Boolean(address?.startsWith(`module.${m.key}.`) || address?.startsWith(`module.${m.key}[`));
  return modules.find(within);
}

/** `module.<key>` of a planned module tree, re-rooted: its resources and child modules with local addresses. */
function moduleOf(root: PlannedModule, prefix: string, local: (address: string) => string): PlannedModule {
  const found = root.child_modules?.find((m) => m.address === prefix);
  const relocate = (m: PlannedModule): PlannedModule => ({
    ...(m.address && m.address !== prefix ? { address: local(m.address) } : {}),
    resources: (m.resources ?? []).map((r) => ({ ...structuredClone(r), address: local(r.address) })),
    ...(m.child_modules ? { child_modules: m.child_modules.map(relocate) } : {}),
  });
  return found ? relocate(found) : { resources: [] };
}
