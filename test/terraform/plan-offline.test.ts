/**
 * planOffline, the API `npm run plan` calls, end to end on the synthesized example: one stack
 * selected (the smallest, to keep this second terraform run cheap; terraform.test.ts covers every
 * stack through the same validateAndPlan and splitByStack), validated and planned by the real
 * terraform CLI and provider, with nothing left behind. Skipped with a banner without terraform,
 * failed in CI (toolchain-gate.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeOrganization } from '../../stacks/synthesize';
import { formatDiagnostic, type OfflinePlanResult, planOffline, type StackPlanResult } from '../../tooling/terraform';
import { requireToolchain, tfIt, warnIfNotRun } from './toolchain-gate';

warnIfNotRun('test/terraform/plan-offline.test.ts');

const EXAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'organization.json');
/** A consumer of the log-archive remote state; log-archive itself is not selected. */
const SELECTED = 'external-account-567890123456';

let scratch = '';
let workParent = '';
let resources = new Map<string, number>();
let result: OfflinePlanResult | undefined;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-offline-test-'));
  workParent = path.join(scratch, 'work');
  fs.mkdirSync(workParent);
  const outDir = path.join(scratch, 'cdktf.out');
  const synth = synthesizeOrganization({ configFile: EXAMPLE, outdir: outDir, baseDir: scratch });
  resources = new Map(synth.stacks.map((s) => [s.name, s.resources]));
  const toolchain = requireToolchain();
  if (!toolchain) return;
  result = planOffline({ outDir, stacks: [SELECTED], toolchain, workDir: workParent });
}, 240_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function getResult(): OfflinePlanResult {
  if (!result) throw new Error('planOffline did not run (see the beforeAll error above)');
  return result;
}

function stack(name: string): StackPlanResult {
  const found = getResult().stacks.find((s) => s.stack === name);
  if (!found) throw new Error(`no result for stack ${name}`);
  return found;
}

describe('planOffline', () => {
  tfIt('reports exactly the selected stack, planned without diagnostics', () => {
    const r = getResult();
    const problems = [...r.diagnostics, ...r.stacks.flatMap((s) => [...s.validateDiagnostics, ...s.planDiagnostics])];
    expect(problems.map(formatDiagnostic)).toEqual([]);
    expect(r.stacks.map((s) => ({ stack: s.stack, ok: s.ok, file: s.file }))).toEqual([
      { stack: SELECTED, ok: true, file: path.join(scratch, 'cdktf.out', 'stacks', SELECTED, 'cdk.tf.json') },
    ]);
    expect(r.ok).toBe(true);
    expect(r.stale).toEqual([]);
  });

  tfIt('counts one create per synthesized resource and nothing else', () => {
    expect(stack(SELECTED).changes).toEqual({ create: resources.get(SELECTED), update: 0, delete: 0, replace: 0, noop: 0, other: 0 });
  });

  tfIt("gives the stack its own plan JSON, with the archive key ARN read from log-archive's remote state", () => {
    const plan = stack(SELECTED).plan;
    expect(plan?.resource_changes?.map((c) => c.address)).toEqual([expect.stringMatching(/^aws_cloudtrail\./)]);
    const trail = plan?.planned_values.root_module.resources?.find((r) => r.type === 'aws_cloudtrail');
    expect(trail?.values).toMatchObject({
      is_organization_trail: false,
      kms_key_id: expect.stringMatching(/^arn:aws:kms:eu-west-1:345678901234:key\//),
    });
  });

  tfIt('ran one init, validate, plan and show, and removed its work directory', () => {
    expect(getResult().timings.map((t) => t.command)).toEqual([
      'terraform init',
      'terraform validate',
      'terraform plan',
      'terraform show plan.bin',
    ]);
    expect(getResult().workDir).toBeUndefined();
    expect(fs.readdirSync(workParent)).toEqual([]);
  });
});
