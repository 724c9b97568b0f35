/** What every report section reads: the app, the resolver, every policy, and who uses what. */

import { type AppResource, Resolver, type SynthesizedApp } from '../model';
import { isJsonObject } from '../terraform/plan-json';
import { extractPolicies, type ResourcePolicy } from './policy';

export interface ReviewContext {
  readonly app: SynthesizedApp;
  readonly resolver: Resolver;
  readonly policies: readonly ResourcePolicy[];
  /** Resources whose arguments point at a resource (`<stack>/<address>`): by token, remote state or literal ARN. */
  readonly users: ReadonlyMap<string, readonly AppResource[]>;
}

/** Builds the context once per review. */
export function reviewContext(app: SynthesizedApp): ReviewContext {
  const resolver = new Resolver(app);
  const users = new Map<string, AppResource[]>();
  for (const stack of app.stacks) {
    for (const r of stack.resources) {
      for (const value of strings(r.config)) {
        const target = resolver.refersTo(r.stack, value);
        if (!target || target === r) continue;
        const key = `${target.stack}/${target.address}`;
        const list = users.get(key) ?? [];
        if (!list.includes(r)) users.set(key, [...list, r]);
      }
    }
  }
  return { app, resolver, policies: extractPolicies(resolver), users };
}

/** Resources that point at `r` (see `ReviewContext.users`). */
export function usersOf(ctx: ReviewContext, r: AppResource): readonly AppResource[] {
  return ctx.users.get(`${r.stack}/${r.address}`) ?? [];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isJsonObject(value)) return Object.entries(value).flatMap(([k, v]) => (k === 'depends_on' || k === 'lifecycle' ? [] : strings(v)));
  return [];
}
