/**
 * Fixtures for rule tests: hand-written synthesized resources (the shape cdktf writes into
 * cdk.tf.json) and `describeRule`, which gives every rule its compliant, non-compliant and
 * not-applicable cases, evaluated the way the engine evaluates them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { AppFacts } from '../../tooling/checks/app-facts';
import { evaluateRule } from '../../tooling/checks/run-checks';
import type { Outcome, Rule } from '../../tooling/checks/types';
import { type AppResource, appFromResources, loadApp, Resolver } from '../../tooling/model';
import type { JsonObject } from '../../tooling/terraform';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const REGION = 'eu-west-1';

export interface ResourceOptions {
  readonly stack?: string;
  readonly account?: string | null;
  readonly region?: string;
}

/**
 * A synthesized resource of `type` named `name` (logical id) in stack `test`, account ACCOUNT,
 * region REGION, as the model reads it (the `//` comment key apart from its config).
 */
export function res(type: string, name: string, attributes: JsonObject, options: ResourceOptions = {}): AppResource {
  const stack = options.stack ?? 'test';
  const account = options.account === null ? undefined : (options.account ?? ACCOUNT);
  const { '//': comment, ...config } = attributes;
  return {
    stack,
    mode: 'managed',
    type,
    name,
    address: `${type}.${name}`,
    id: `${stack}/${type}.${name}`,
    constructPath: `${stack}/${name}`,
    config,
    comment: (comment as JsonObject | undefined) ?? {},
    provider: {
      key: 'aws',
      region: options.region ?? REGION,
      accountIds: account ? [account] : [],
      ...(account ? { account } : {}),
      pinned: account !== undefined,
    },
  };
}

/** The facts rules see among `resources`, answered by the model's resolver. */
export function factsOf(resources: readonly AppResource[]): AppFacts {
  return new AppFacts(new Resolver(appFromResources(resources)), resources);
}

/** A Terraform reference as synthesized, `${aws_kms_key.Key.arn}`. */
export function ref(address: string): string {
  return `\${${address}}`;
}

/** A policy document as synthesized: a JSON string. */
export function policy(...statements: JsonObject[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export interface Case {
  /** Completes "is <outcome> when ...". */
  readonly when: string;
  readonly resource: AppResource;
  /** Neighbours the rule may look at. */
  readonly with?: readonly AppResource[];
  /** What the detail must say. */
  readonly detail?: RegExp;
}

export interface RuleCases {
  readonly compliant: readonly Case[];
  readonly nonCompliant: readonly Case[];
  readonly notApplicable: readonly Case[];
}

/** The outcome the engine gets for `resource` among `others`. */
export function outcome(rule: Rule, resource: AppResource, others: readonly AppResource[] = []) {
  return evaluateRule(rule, resource, factsOf([resource, ...others]));
}

/** `<rule id> > is compliant when ...`, one test per case; every rule needs all three kinds. */
export function describeRule(rule: Rule, cases: RuleCases): void {
  const kinds: [Outcome, readonly Case[]][] = [
    ['compliant', cases.compliant],
    ['non-compliant', cases.nonCompliant],
    ['not-applicable', cases.notApplicable],
  ];
  describe(rule.id, () => {
    for (const [kind, list] of kinds) {
      if (list.length === 0) throw new Error(`${rule.id}: give at least one ${kind} case`);
      for (const c of list) {
        it(`is ${kind} when ${c.when}`, () => {
          const result = outcome(rule, c.resource, c.with);
          expect({ outcome: result.outcome, detail: result.detail }).toEqual({ outcome: kind, detail: expect.any(String) });
          if (c.detail) expect(result.detail).toMatch(c.detail);
        });
      }
    }
  });
}

/** Test files of the rule groups, for the check that every rule of the pack has its cases. */
export function ruleTestSources(): string {
  const dir = path.join(__dirname, 'rules');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.spec.ts'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

/**
 * Synthesizes one stack (`trail`, account 210987654321, eu-west-1) with a real `App` into a new
 * folder under the test run's TMPDIR, as `npm run synth` writes it: unlike `Testing.synth`, which
 * strips every `//` key, the `cdk.tf.json` keeps the comment keys suppressions live in.
 */
export function synthesizeStack(build: (stack: TerraformStack) => void): { outDir: string; resources: AppResource[] } {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-synth-'));
  const app = new App({ outdir: outDir, stackTraces: false });
  const stack = new TerraformStack(app, 'trail');
  new AwsProvider(stack, 'aws', { region: REGION, allowedAccountIds: ['210987654321'] });
  build(stack);
  app.synth();
  return { outDir, resources: loadApp(outDir).stacks.flatMap((s) => s.resources) };
}
