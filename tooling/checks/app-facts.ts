/**
 * The facts rules read about a resource's neighbours (`ResourceFacts`), answered by the one model
 * and its resolver (tooling/model): the resources in the order the pack evaluates them (manifest
 * order), and which of them point at which.
 */
import { type AppResource, type Resolver, valuesAt } from '../model';
import type { ResourceFacts } from './types';

export class AppFacts implements ResourceFacts {
  private readonly byType = new Map<string, AppResource[]>();

  constructor(
    private readonly resolver: Resolver,
    public readonly all: readonly AppResource[],
  ) {
    for (const r of all) this.byType.set(r.type, [...(this.byType.get(r.type) ?? []), r]);
  }

  ofType(type: string): readonly AppResource[] {
    return this.byType.get(type) ?? [];
  }

  referencing(target: AppResource, type: string, attribute: string): readonly AppResource[] {
    return this.ofType(type).filter((r) => valuesAt(r.config, attribute).some((v) => this.resolver.resolve(r, v).includes(target)));
  }

  resolve(from: AppResource, value: unknown): readonly AppResource[] {
    return this.resolver.resolve(from, value);
  }

  identifiers(resource: AppResource): readonly string[] {
    return this.resolver.identifiers(resource);
  }

  substitute(from: AppResource, value: string): string {
    return this.resolver.substitute(from, value);
  }
}
