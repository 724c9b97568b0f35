import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from './config/schema';

/*
 * The stack registry's types. Each stack file declares a StackKind: which stacks a config asks for
 * (name, account, region, role in the summary) and how to build one. `stack-registry.ts` lists
 * the kinds in apply order; the organization builder iterates it. A new capability adds its kind
 * there and nothing else changes.
 */

/** Where synth writes, so a local backend can be given a path that survives moving the output. */
export interface SynthContext {
  /** Absolute path of the output folder (`cdktf.out`). */
  readonly outdir: string;
  /** Absolute path that relative config paths (the local state folder) resolve against. */
  readonly baseDir: string;
}

/** One stack a config asks for: where it applies and how to build it. */
export interface StackDefinition {
  /** Stack name: its folder under `<out>/stacks/` and its state key. Stable: renaming it moves state. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** What the account does, for the synth summary and the review. */
  readonly role: string;
  /** Apply order: stacks of a lower order are applied first; equal orders do not depend on each other. */
  readonly order: number;
  readonly build: (scope: Construct, context: StackContext) => TerraformStack;
}

/** Everything a stack needs to build itself. */
export interface StackContext extends SynthContext {
  readonly config: OrganizationConfig;
  readonly definition: StackDefinition;
}

/** A kind of stack: the instances a config asks for (none, one, or one per account). */
export interface StackKind {
  readonly kind: string;
  readonly order: number;
  readonly definitions: (config: OrganizationConfig) => readonly Omit<StackDefinition, 'order'>[];
}
