/**
 * The combined root module: every stack becomes `module "<key>" { source = "./<folder>" }` of one
 * root, so a single `init`, `validate` and `plan` covers them all (loading the provider schema
 * dominates each terraform command, so one run for N stacks costs little more than one for one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackJson } from './plan-json';

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
}

/** `module.<key>` for a stack: prefix and stack name joined by `_`, every other character `_`. */
export function moduleKey(prefix: string, stack: string): string {
  return [prefix, stack]
    .filter(Boolean)
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Lays out every stack of every set as a module of one root in `dir` (`<folder>/cdk.tf.json` plus
 * `main.tf.json` calling them); `transform` rewrites each stack first. Throws when two stacks
 * would share a module key.
 */
export function writeCombinedRoot(
  dir: string,
  sets: readonly ModuleSet[],
  transform: (stack: StackSource, set: ModuleSet) => StackJson = (stack) => stack.json,
): RootModule[] {
  const modules: RootModule[] = [];
  const calls: Record<string, { source: string }> = {};
  for (const set of sets) {
    for (const stack of set.stacks) {
      const key = moduleKey(set.prefix, stack.name);
      if (calls[key]) throw new Error(`module key ${key} is used twice (prefix "${set.prefix}", stack "${stack.name}")`);
      const folder = set.prefix ? `${set.prefix}/${stack.name}` : stack.name;
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
      fs.writeFileSync(path.join(dir, folder, 'cdk.tf.json'), `${JSON.stringify(transform(stack, set), null, 2)}\n`);
      calls[key] = { source: `./${folder}` };
      modules.push({ key, folder, prefix: set.prefix, stack: stack.name });
    }
  }
  fs.writeFileSync(path.join(dir, 'main.tf.json'), `${JSON.stringify({ module: calls }, null, 2)}\n`);
  return modules;
}
