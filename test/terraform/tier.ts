/**
 * The terraform tier's one combined root and its one run (init, validate, plan, show): the example,
 * a variant config, and stacks of single constructs whose provider checks matter on their own (the
 * chat notifier, the deployment-monitoring rollout). Every assertion file of the tier reads the
 * same run through these getters; terraform.test.ts is the only jest file, so the run happens once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrganizationConfig } from '../../stacks/config';
import { providerDefaultTags } from '../../stacks/providers';
import { type SynthesizedStack, synthesizeOrganization } from '../../stacks/synthesize';
import {
  type CombinedResult,
  formatDiagnostic,
  type ModuleSet,
  type PlanJson,
  type StackJson,
  Terraform,
  validateAndPlan,
} from '../../tooling/terraform';
import { remoteStateProbe } from './remote-state-probe';
import { requireToolchain } from './toolchain-gate';

const PROJECT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(PROJECT, 'examples', 'organization.json');
export const LOG_ARCHIVE = 'log-archive';
export const PROBE = 'remote-state-probe';

/** One config, synthesized: its stacks go into the combined root as `module.<prefix>_<stack>`. */
export interface Case {
  readonly prefix: string;
  readonly config: OrganizationConfig;
  readonly stacks: readonly SynthesizedStack[];
  readonly json: ReadonlyMap<string, StackJson>;
}

/** Both configs, by module prefix. The labels are for test names; configs load in `synthesize`. */
export const CASES = [
  { prefix: '', label: 'examples/organization.json' },
  {
    prefix: 'variant',
    label: 'a variant config (delegated administrator, local backend, no replication, no external accounts, no object lock)',
  },
] as const;

/** A stack of constructs planned in the same root, under its own prefix. */
export interface ConstructStack {
  readonly prefix: string;
  readonly name: string;
  readonly json: StackJson;
}

let scratch = '';
export const cases = new Map<string, Case>();
const constructStacks: ConstructStack[] = [];
let tier: CombinedResult | undefined;

/** The scratch folder of this run (created by `synthesize`). */
export function scratchDir(): string {
  if (!scratch) throw new Error('the terraform tier has no scratch folder yet (see beforeAll)');
  return scratch;
}

/**
 * Synthesizes both configs into a scratch folder, then adds the construct stacks `constructs` builds
 * there (no terraform needed).
 */
export function synthesize(constructs: (scratch: string) => ConstructStack[]): void {
  fs.mkdirSync(path.join(PROJECT, '.tmp'), { recursive: true });
  scratch = fs.mkdtempSync(path.join(PROJECT, '.tmp', 'terraform-tier-'));
  const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  const variantFile = path.join(scratch, 'variant.json');
  fs.writeFileSync(variantFile, JSON.stringify(variantConfig(example), null, 2));
  for (const [prefix, configFile] of [
    ['', EXAMPLE],
    ['variant', variantFile],
  ] as const) {
    const baseDir = path.join(scratch, prefix || 'example');
    const result = synthesizeOrganization({ configFile, outdir: path.join(baseDir, 'cdktf.out'), baseDir });
    const json = new Map(result.stacks.map((s) => [s.name, JSON.parse(fs.readFileSync(s.file, 'utf8')) as StackJson]));
    cases.set(prefix, { prefix, config: result.config, stacks: result.stacks, json });
  }
  constructStacks.push(...constructs(scratch));
}

/** Runs terraform on everything `synthesize` produced: one init, validate, plan and show. */
export function runTerraform(): void {
  const toolchain = requireToolchain();
  if (!toolchain) return;
  const tf = new Terraform(toolchain, path.join(scratch, 'terraform-cli'));
  tier = validateAndPlan(tf, path.join(scratch, 'terraform'), moduleSets());
  if (process.env.TERRAFORM_TIER_VERBOSE) {
    console.info(`terraform ${toolchain.terraformVersion}: ${tier.timings.map((t) => `${t.command} ${t.ms} ms`).join(', ')}`);
  }
}

export function removeScratch(): void {
  if (process.env.KEEP_TERRAFORM_SCRATCH) console.warn(`terraform tier scratch kept in ${scratch}`);
  else if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}

/** The example without its optional features (replication, external accounts, object lock, key prefix, readers), on a local backend, in another region, with the trail created by a delegated administrator. */
function variantConfig(example: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = example;
  return {
    ...rest,
    homeRegion: 'us-east-2',
    regions: ['us-east-2', 'us-west-2'],
    archiveBucketName: 'variant-cloudtrail-archive-345678901234',
    externalAccountIds: [],
    // Delegated administrator mode: adds the organization-management stack and moves the trail.
    trail: { ...(rest.trail as Record<string, unknown>), delegatedAdministratorAccountId: rest.auditAccountId },
    archive: {
      keyAlias: 'alias/variant-cloudtrail-archive',
      lifecycle: { transitionSmallObjects: false },
      objectLock: { enabled: false },
      accessLogs: { expirationDays: 90 },
    },
    deployment: { managementAccountRoleName: 'platform-terraform', backend: { type: 'local', directory: 'terraform-state' } },
    // Deployment monitoring rolled out by a StackSets delegated administrator, every governed region,
    // no function target (the example's function lives in the example's home region).
    deploymentMonitoring: ((m) => ({
      ...m,
      regions: undefined,
      routes: (m.routes as { targets: { type: string }[] }[]).filter((r) => !r.targets.some((t) => t.type === 'lambda')),
      stackSets: { callAs: 'DELEGATED_ADMIN', delegatedAdministratorAccountId: rest.auditAccountId },
    }))(rest.deploymentMonitoring as Record<string, unknown> & { routes: unknown[] }),
  };
}

/**
 * The example's provider default tags. The construct stacks use them too, so after the offline
 * rewrite their provider blocks equal the example's and share its root blocks: two provider plugins
 * fewer in the plan (each costs a start and a configure of the 700 MB binary).
 */
export function exampleDefaultTags(): { tags: Record<string, string> }[] {
  return providerDefaultTags(getCase('').config);
}

export function getCase(prefix: string): Case {
  const found = cases.get(prefix);
  if (!found) throw new Error(`config "${prefix}" was not synthesized (see beforeAll)`);
  return found;
}

/** Every config's stacks, plus a remote-state probe per config that reads the log-archive outputs, then the construct stacks. */
export function moduleSets(): ModuleSet[] {
  return [
    ...[...cases.values()].map((c) => ({
      prefix: c.prefix,
      stacks: [
        ...c.stacks.map((s) => ({ name: s.name, json: c.json.get(s.name) as StackJson })),
        { name: PROBE, json: remoteStateProbe(LOG_ARCHIVE, c.json.get(LOG_ARCHIVE) as StackJson) },
      ],
    })),
    ...constructStacks.map((s) => ({ prefix: s.prefix, stacks: [{ name: s.name, json: s.json }] })),
  ];
}

export function getTier(): CombinedResult {
  if (!tier) throw new Error('the terraform tier did not run (see the beforeAll error above)');
  return tier;
}

export function getPlan(): PlanJson {
  const { plan } = getTier();
  if (!plan.plan) throw new Error(`terraform plan failed:\n${plan.diagnostics.map(formatDiagnostic).join('\n')}\n${plan.stderr}`);
  return plan.plan;
}
