/**
 * Types of the JSON terraform reads and writes (a synthesized stack, `terraform show -json` of a
 * plan, diagnostics), loosely typed to the parts this tooling touches, and readers for the plan of
 * a combined root (`module.<key>` per stack).
 */

export type JsonObject = { [key: string]: unknown };

/** Whether a JSON value is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A synthesized stack (`cdk.tf.json`), loosely typed: only the parts the tooling touches. */
export interface StackJson {
  terraform?: { backend?: Record<string, JsonObject>; required_providers?: JsonObject; [key: string]: unknown };
  provider?: { aws?: JsonObject[] | JsonObject; [key: string]: unknown };
  data?: { terraform_remote_state?: Record<string, JsonObject>; [key: string]: unknown };
  resource?: Record<string, Record<string, JsonObject>>;
  output?: Record<string, { value: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** A terraform diagnostic, as `validate -json` and `plan -json` report it. */
export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { filename: string; start: { line: number; column: number } };
  readonly snippet?: { context?: string | null; code?: string };
}

// Plan JSON (`terraform show -json`), the parts the tooling reads.

export interface PlannedResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  provider_name: string;
  values: JsonObject;
  [key: string]: unknown;
}

export interface PlannedModule {
  address?: string;
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
}

export interface ResourceChange {
  address: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  change: { actions: string[]; before: unknown; after: JsonObject | null; after_unknown?: JsonObject; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ProviderConfig {
  name: string;
  full_name?: string;
  alias?: string;
  module_address?: string;
  expressions?: Record<string, { constant_value?: unknown; references?: string[] }>;
  [key: string]: unknown;
}

/** A resource as configured (`configuration` section of the plan), with its references. */
export interface ConfigResource {
  /** Address inside the module: `<type>.<name>`. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `module.<key>:aws` or `module.<key>:aws.<alias>`: a key of `configuration.provider_config`. */
  provider_config_key?: string;
  expressions?: JsonObject;
  [key: string]: unknown;
}

export interface PlanJson {
  format_version: string;
  terraform_version: string;
  planned_values: { root_module: PlannedModule; [key: string]: unknown };
  resource_changes?: ResourceChange[];
  prior_state?: { values?: { root_module: PlannedModule; [key: string]: unknown }; [key: string]: unknown };
  configuration: { provider_config?: Record<string, ProviderConfig>; root_module: JsonObject };
  relevant_attributes?: { resource: string; attribute: unknown[] }[];
  errored?: boolean;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Readers of a combined root's plan

/** `planned_values` resources of `module.<key>` (managed and data). */
export function plannedResources(plan: PlanJson, key: string): PlannedResource[] {
  const module = plan.planned_values.root_module.child_modules?.find((m) => m.address === `module.${key}`);
  return module?.resources ?? [];
}

/** The resource changes of `module.<key>`. */
export function resourceChanges(plan: PlanJson, key: string): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((c) => c.module_address === `module.${key}`);
}

/** The configured provider `aws` (or `aws.<alias>`) of `module.<key>`. */
export function providerConfig(plan: PlanJson, key: string, alias?: string): ProviderConfig | undefined {
  return plan.configuration.provider_config?.[`module.${key}:aws${alias ? `.${alias}` : ''}`];
}

/** The configured resources of `module.<key>`. */
export function configResources(plan: PlanJson, key: string): ConfigResource[] {
  const calls = plan.configuration.root_module.module_calls as Record<string, { module?: { resources?: ConfigResource[] } }> | undefined;
  return calls?.[key]?.module?.resources ?? [];
}

/** Every address an expression (or a nested block of expressions) refers to. */
export function collectReferences(expression: unknown): string[] {
  if (Array.isArray(expression)) return expression.flatMap(collectReferences);
  if (!isJsonObject(expression)) return [];
  const own = Array.isArray(expression.references) ? (expression.references as string[]) : [];
  return [
    ...own,
    ...Object.entries(expression)
      .filter(([k]) => k !== 'references')
      .flatMap(([, v]) => collectReferences(v)),
  ];
}

/** One line per diagnostic (plus indented detail and code), with where it points. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : d.address ? ` (${d.address})` : '';
  const code = d.snippet?.code ? `\n    ${d.snippet.context ? `${d.snippet.context}: ` : ''}${d.snippet.code.trim()}` : '';
  return `${d.severity}: ${d.summary}${where}${d.detail ? `\n    ${d.detail.split('\n').join('\n    ')}` : ''}${code}`;
}
