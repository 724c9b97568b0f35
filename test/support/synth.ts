/**
 * The one synth helper of the test suite: builds stacks the way the app does and reads the
 * synthesized Terraform JSON. Every construct, stack and simulation test goes through it.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type App, TerraformStack, Testing } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { OrganizationConfig } from '../../stacks/config';
import { buildOrganization, type OrganizationStacks } from '../../stacks/organization-builder';

export type Resource = Record<string, unknown>;

/** A synthesized stack (`cdk.tf.json`), the parts tests read. */
export interface SynthesizedJson {
  resource: Record<string, Record<string, Resource>>;
  data?: Record<string, Record<string, Resource>>;
  output?: Record<string, { value: unknown; description?: string }>;
  provider: { aws: Resource[] };
  terraform: { backend?: Record<string, Resource>; required_providers?: Record<string, Resource> };
}

/**
 * Synthesizes one stack (cdktf's Testing.synth) and parses it. Runs the constructs' validations as
 * `app.synth()` does (policy sizes, coherence), so a test that builds something synth would refuse
 * fails; only a test about such a refused setup passes `{ validate: false }`.
 */
export function synthJson(stack: TerraformStack, options: { validate?: boolean } = {}): SynthesizedJson {
  return JSON.parse(Testing.synth(stack, options.validate ?? true)) as SynthesizedJson;
}

/**
 * What synth's validation reports for a stack or a whole app, as cdktf's `runAllValidations` collects
 * it: every construct's `node.validate()` messages, in construct order.
 */
export function validationErrors(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((construct) => construct.node.validate());
}

/** An empty stack with a default AWS provider, for testing one construct. */
export function testStack(region = 'us-east-1', name = 'test', app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region });
  return stack;
}

/** Synth context as the app would give it, with fixed folders so paths in assertions are stable. */
export const TEST_CONTEXT = { outdir: '/work/out', baseDir: '/work' } as const;

export interface BuiltOrganization {
  readonly stacks: OrganizationStacks;
  readonly app: App;
  /** The synthesized JSON of a stack, by name (synthesized once, then cached). */
  synth(name: string): SynthesizedJson;
}

/** Builds every stack of a config, as the app does. */
export function buildExample(config: OrganizationConfig): BuiltOrganization {
  const app = Testing.app();
  const stacks = buildOrganization(app, config, TEST_CONTEXT);
  const cache = new Map<string, SynthesizedJson>();
  return {
    stacks,
    app,
    synth: (name) => {
      if (!cache.has(name)) cache.set(name, synthJson(stacks.get(name)));
      return cache.get(name) as SynthesizedJson;
    },
  };
}

/** All resources of a type, by logical id. */
export function resourcesOf(json: SynthesizedJson, type: string): Record<string, Resource> {
  const found = json.resource[type];
  if (found === undefined || Object.keys(found).length === 0) {
    throw new Error(
      `no ${type} in the synthesized stack (it has ${Object.keys(json.resource).sort().join(', ') || 'no resources'}); use resourceCount to assert absence`,
    );
  }
  return found;
}

/** How many resources of `type` the stack holds (0 when none): for asserting that something is absent. */
export function resourceCount(json: SynthesizedJson, type: string): number {
  return Object.keys(json.resource[type] ?? {}).length;
}

/**
 * The one resource of `type` whose construct path contains `pathPart` (logical ids are the
 * construct path joined with underscores, plus a hash). Throws unless exactly one matches.
 */
export function onlyResource(json: SynthesizedJson, type: string, pathPart = ''): Resource {
  const prefix = pathPart.replace(/\//g, '_');
  const found = Object.entries(resourcesOf(json, type))
    .filter(([id]) => id.includes(prefix))
    .map(([, r]) => r);
  if (found.length !== 1) throw new Error(`expected one ${type} matching "${pathPart}", found ${found.length}`);
  return found[0];
}

/** A resource's JSON policy attribute (`policy`, `assume_role_policy`), parsed. */
export function policyOf(resource: Resource, attribute = 'policy'): { Version: string; Statement: Record<string, unknown>[] } {
  const text = resource[attribute];
  if (typeof text !== 'string') throw new Error(`resource has no ${attribute} string`);
  return JSON.parse(text);
}
