/**
 * The combined root module: every stack becomes `module "<key>" { source = "./<folder>" }` of one
 * root, so a single `init`, `validate` and `plan` covers them all (loading the provider schema
 * dominates each terraform command, so one run for N stacks costs little more than one for one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackJson } from './plan-json';
import { type ProviderRouting, shareProviders } from './shared-providers';

/** One stack to check, by its stack name (its remote state key is `<name>.tfstate`). */
interface StackSource {
  readonly name: string;
  readonly json: StackJson;
}

/** The stacks of one config. `prefix` keeps module keys of different configs apart ('' for none). */
export interface ModuleSet {
  readonly prefix: string;
  readonly stacks: readonly StackSource[];
  /**
   * Every stack of the config by name, for tracing `terraform_remote_state` when `stacks` is a
   * selection. @default - `stacks`
   */
  readonly remoteStateSources?: ReadonlyMap<string, StackJson>;
}

/** Where a stack sits in the combined root. */
export interface RootModule {
  /** `module.<key>` in plan addresses. */
  readonly key: string;
  /** Folder under the root, `<prefix>/<stack>` or `<stack>`. */
  readonly folder: string;
  readonly prefix: string;
  readonly stack: string;
  /** With shared providers: the root provider each of its own aws providers became (see shareProviders). */
  readonly providers?: ProviderRouting;
}

/** `module.<key>` for a stack: prefix and stack name joined by `_`, every other character `_`. */
export function moduleKey(prefix: string, stack: string): string {
  return [prefix, stack]
    .filter(Boolean)
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_');
}

interface CombinedRootOptions {
  /** Rewrites each stack before it is written. @default - the stack as it is */
  readonly transform?: (stack: StackSource, set: ModuleSet) => StackJson;
  /**
   * Identical aws provider blocks become one root provider passed to the modules (see
   * shareProviders): one plugin process per distinct block instead of one per block. @default false
   */
  readonly shareProviders?: boolean;
}

/**
 * Lays out every stack of every set as a module of one root in `dir` (`<folder>/cdk.tf.json` plus
 * `main.tf.json` calling them). Throws when two stacks would share a module key.
 */
export function writeCombinedRoot(dir: string, sets: readonly ModuleSet[], options: CombinedRootOptions = {}): RootModule[] {
  const transform = options.transform ?? ((stack: StackSource) => stack.json);
  const laid: { key: string; folder: string; prefix: string; stack: string; json: StackJson }[] = [];
  for (const set of sets) {
    for (const stack of set.stacks) {
      const key = moduleKey(set.prefix, stack.name);
      if (laid.some((m) => m.key === key))
        throw new Error(`module key ${key} is used twice (prefix "${set.prefix}", stack "${stack.name}")`);
      const folder = set.prefix ? `${set.prefix}/${stack.name}` : stack.name;
      laid.push({ key, folder, prefix: set.prefix, stack: stack.name, json: transform(stack, set) });
    }
  }
  const shared = options.shareProviders ? shareProviders(laid) : undefined;
  const calls: Record<string, { source: string; providers?: ProviderRouting }> = {};
  const modules = laid.map(({ json, ...module }): RootModule => {
    const own = shared?.modules.get(module.key);
    fs.mkdirSync(path.join(dir, module.folder), { recursive: true });
    fs.writeFileSync(path.join(dir, module.folder, 'cdk.tf.json'), `${JSON.stringify(own?.json ?? json, null, 2)}\n`);
    calls[module.key] = { source: `./${module.folder}`, ...(own ? { providers: own.providers } : {}) };
    return own ? { ...module, providers: own.providers } : module;
  });
  const root =
    shared && shared.blocks.length > 0
      ? {
          terraform: { required_providers: { aws: shared.requiredProvider } },
          provider: { aws: shared.blocks },
          module: calls,
        }
      : { module: calls };
  fs.writeFileSync(path.join(dir, 'main.tf.json'), `${JSON.stringify(root, null, 2)}\n`);
  return modules;
}
