/**
 * One aws provider configuration per distinct block for a whole combined root.
 *
 * Terraform runs every provider configuration as a plugin process of its own (the aws provider is a
 * 700 MB binary: about 1.5 s of CPU to start and configure, per configuration, per command). The
 * stacks of a config repeat the same few blocks (after the offline rewrite, blocks differ only by
 * region and default tags), so a root whose modules keep their own blocks starts dozens of
 * identical plugins. `shareProviders` moves identical blocks to the root, once each, and passes them
 * to the modules (`providers = { aws = aws.<root alias>, "aws.<alias>" = ... }`, with the aliases
 * declared as `configuration_aliases`); `unshareProviders` maps the plan back, so its JSON reads as
 * if every module had kept its own blocks: resources and `configuration.provider_config` keyed
 * `module.<key>:aws[.<alias>]`, with the same expressions.
 */
import { isJsonObject, type JsonObject, type PlanJson, type ProviderConfig, type StackJson } from './plan-json';

/** A module's providers, by local name (`aws`, `aws.<alias>`): the root configuration it gets (`aws.<root alias>`). */
export type ProviderRouting = Readonly<Record<string, string>>;

interface SharedProviders {
  /** The root's aws provider blocks, each with its root alias. */
  readonly blocks: JsonObject[];
  /** The modules rewritten without their aws blocks, by module key; a module not listed keeps its JSON. */
  readonly modules: ReadonlyMap<string, { json: StackJson; providers: ProviderRouting }>;
  /** `terraform.required_providers.aws` for the root (the modules' own). */
  readonly requiredProvider: JsonObject | undefined;
}

function blocksOf(json: StackJson): JsonObject[] {
  const aws = json.provider?.aws;
  return aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
}

/** Only modules whose providers are all aws blocks are shared (a module with other providers keeps its own). */
function shareable(json: StackJson): boolean {
  return blocksOf(json).length > 0 && Object.keys(json.provider ?? {}).every((name) => name === 'aws');
}

/** JSON with sorted keys, so equal blocks compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Pools the aws blocks of `modules` (in order): identical blocks (alias aside) become one root block,
 * aliased after its region (`eu_west_1`, `eu_west_1_2`, ...). Two blocks of one module never share a
 * root block, so each resource's root provider names its local provider unambiguously.
 */
export function shareProviders(modules: readonly { key: string; json: StackJson }[]): SharedProviders {
  const blocks: JsonObject[] = [];
  /** Root aliases of each distinct content, in order of first use. */
  const byContent = new Map<string, string[]>();
  const perRegion = new Map<string, number>();
  const rewritten = new Map<string, { json: StackJson; providers: ProviderRouting }>();
  let requiredProvider: JsonObject | undefined;
  for (const { key, json } of modules) {
    if (!shareable(json)) continue;
    const providers: Record<string, string> = {};
    const used = new Set<string>();
    const aliases: string[] = [];
    for (const block of blocksOf(json)) {
      const { alias, ...content } = block;
      const text = canonical(content);
      const candidates = byContent.get(text) ?? [];
      let rootAlias = candidates.find((a) => !used.has(a));
      if (!rootAlias) {
        const region = typeof content.region === 'string' ? content.region.replace(/[^A-Za-z0-9]/g, '_') : 'default';
        const n = (perRegion.get(region) ?? 0) + 1;
        perRegion.set(region, n);
        rootAlias = n === 1 ? region : `${region}_${n}`;
        blocks.push({ alias: rootAlias, ...content });
        byContent.set(text, [...candidates, rootAlias]);
      }
      used.add(rootAlias);
      const local = typeof alias === 'string' ? `aws.${alias}` : 'aws';
      if (typeof alias === 'string') aliases.push(local);
      providers[local] = `aws.${rootAlias}`;
    }
    const { aws: _aws, ...otherProviders } = json.provider ?? {};
    const terraform = structuredClone(json.terraform ?? {});
    const required = (terraform.required_providers ?? {}) as JsonObject;
    const awsRequirement = isJsonObject(required.aws) ? required.aws : { source: 'hashicorp/aws' };
    requiredProvider ??= structuredClone(awsRequirement);
    required.aws = { ...awsRequirement, ...(aliases.length > 0 ? { configuration_aliases: aliases } : {}) };
    terraform.required_providers = required;
    const { provider: _provider, ...rest } = json;
    rewritten.set(key, {
      json: { ...structuredClone(rest), terraform, ...(Object.keys(otherProviders).length > 0 ? { provider: otherProviders } : {}) },
      providers,
    });
  }
  return { blocks, modules: rewritten, requiredProvider };
}

/**
 * A plan of a root written with `shareProviders`, keyed as if every module had its own providers:
 * each module resource's `provider_config_key` and `configuration.provider_config` entry becomes
 * `module.<key>:<local name>` (with the module's alias and `module_address`), and the root's shared
 * entries go. `routing` is each shared module's `ProviderRouting`, by module key.
 */
export function unshareProviders(plan: PlanJson, routing: ReadonlyMap<string, ProviderRouting>): PlanJson {
  const out = structuredClone(plan);
  const rootConfigs = out.configuration.provider_config ?? {};
  const providerConfig: Record<string, ProviderConfig> = {};
  for (const [name, config] of Object.entries(rootConfigs)) if (name.includes(':')) providerConfig[name] = config;
  const calls = (out.configuration.root_module.module_calls ?? {}) as Record<string, { module?: { resources?: JsonObject[] } }>;
  for (const [key, providers] of routing) {
    const localOf = new Map(Object.entries(providers).map(([local, root]) => [root, local]));
    for (const [local, root] of Object.entries(providers)) {
      const shared = rootConfigs[root];
      if (!shared) continue;
      const { alias: _rootAlias, ...config } = structuredClone(shared);
      const alias = local.includes('.') ? local.slice(local.indexOf('.') + 1) : undefined;
      providerConfig[`module.${key}:${local}`] = {
        ...config,
        ...(alias ? { alias } : {}),
        module_address: `module.${key}`,
      } as ProviderConfig;
    }
    for (const resource of calls[key]?.module?.resources ?? []) {
      const local = localOf.get(String(resource.provider_config_key));
      if (local) resource.provider_config_key = `module.${key}:${local}`;
    }
  }
  out.configuration.provider_config = providerConfig;
  return out;
}
