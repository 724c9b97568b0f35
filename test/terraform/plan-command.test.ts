/**
 * `npm run plan` with the real terraform CLI and provider, offline, on one small stack of the example
 * (a consumer of log-archive's remote state): one spawned run of the entry point checks the exit code,
 * the summary, the stack's own plan JSON written next to it and nowhere else, and that the offline
 * plan (planOffline) leaves no work directory behind. Then the two ways a plan fails for want of a
 * toolchain or AWS, run in process (runPlanCommand): no provider mirror (the registry is unreachable
 * here), and --online without credentials, which runs terraform in the stack folder itself. The
 * offline plan writes into a copy of the example's output synthesized once per jest run
 * (test/support/example-output.ts); --online synthesizes the delegated-administrator example in
 * process (the synth entry point has its own spawned run in test/cli). The spawned run shares the
 * jest run's transpile cache (sharedCache), so it transpiles nothing another spawn already did.
 * Skipped with a banner without terraform, failed in CI (toolchain-gate.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countResources, synthesizeOrganization } from '../../stacks/synthesize';
import { runPlanCommand } from '../../tooling/terraform/plan-command';
import { cliEnv, DELEGATED, REPO_ROOT, run, sharedCache, stacksIn } from '../cli/cli-support';
import { exampleOutput } from '../support/example-output';
import { requireToolchain, tfIt, warnIfNotRun } from './toolchain-gate';

warnIfNotRun('test/terraform/plan-command.test.ts');

/** A consumer of the log-archive remote state; log-archive itself is not selected. */
const SELECTED = 'external-account-567890123456';
let scratch = '';
let mirror = '';
let resources = new Map<string, number>();

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-command-tf-'));
  mirror = requireToolchain()?.mirror ?? '';
  // The plan writes plan.json next to the stack: a copy of the shared example output, not the output itself.
  const out = path.join(scratch, 'out');
  fs.cpSync(exampleOutput(), out, { recursive: true });
  resources = new Map(stacksIn(out).map((name) => [name, countResources(path.join(out, 'stacks', name, 'cdk.tf.json'))]));
}, 60_000);
afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function npmPlan(args: readonly string[], env: Record<string, string | undefined> = {}) {
  return run(
    'npm',
    ['--prefix', REPO_ROOT, 'run', '--silent', 'plan', '--', ...args],
    scratch,
    cliEnv(sharedCache(), { TF_PROVIDER_MIRROR: mirror, ...env }),
  );
}

/** runPlanCommand in this process with `env` set (undefined removes) for the call only. */
function planInProcess(args: readonly string[], env: Record<string, string | undefined>) {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  const out: string[] = [];
  const err: string[] = [];
  set(env);
  try {
    const status = runPlanCommand(args, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: scratch });
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    set(saved);
  }
}

describe('npm run plan (terraform tier)', () => {
  tfIt(
    'plans one stack offline, prints its counts, saves its plan JSON next to it and leaves no work directory',
    () => {
      // The offline plan's work directory goes to TMPDIR: a folder of its own, to see it removed.
      const tmp = path.join(scratch, 'tmp');
      fs.mkdirSync(tmp);
      const result = npmPlan(['--out', 'out', '--stack', SELECTED], { TMPDIR: tmp });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toMatch(
        /^Planned 1 of \d+ stacks offline \(terraform [\d.]+, hashicorp\/aws from the mirror .+; fake credentials, placeholder remote state, no refresh\):$/,
      );
      // Exactly the selected stack, one create per synthesized resource, no diagnostics or notes.
      expect(resources.get(SELECTED)).toBe(1);
      expect(lines[2].split(/\s+/)).toEqual([
        SELECTED,
        String(resources.get(SELECTED)),
        '0',
        '0',
        '0',
        '0',
        '0',
        'ok',
        `out/stacks/${SELECTED}/plan.json`,
      ]);
      expect(lines.slice(3).filter((line) => line.trim() !== '')).toEqual(['All stacks validated and planned.']);
      const plan = JSON.parse(fs.readFileSync(path.join(scratch, 'out', 'stacks', SELECTED, 'plan.json'), 'utf8'));
      // Its own plan: exactly its synthesized resources, none of the other stacks planned with it.
      expect(plan.planned_values.root_module.resources).toHaveLength(resources.get(SELECTED) as number);
      expect(plan.resource_changes.map((c: { address: string; change: { actions: string[] } }) => [c.address, c.change.actions])).toEqual([
        [expect.stringMatching(/^aws_cloudtrail\./), ['create']],
      ]);
      // The stack's own plan, with the archive key ARN read from log-archive's (placeholder) remote state.
      const trail = plan.planned_values.root_module.resources.find((r: { type: string }) => r.type === 'aws_cloudtrail');
      expect(trail?.values).toMatchObject({
        is_organization_trail: false,
        kms_key_id: expect.stringMatching(/^arn:aws:kms:eu-west-1:345678901234:key\//),
      });
      // Keyed as if planned alone: the combined root's shared provider mapped back to the stack's own.
      // (terraform: the built-in provider of its remote state read.)
      expect(Object.keys(plan.configuration.provider_config).sort()).toEqual(['aws', 'terraform']);
      expect(plan.configuration.provider_config.aws.expressions.region).toEqual({ constant_value: 'eu-west-1' });
      const keys = plan.configuration.root_module.resources.map((r: { type: string; provider_config_key: string }) => [
        r.type,
        r.provider_config_key,
      ]);
      expect(keys.sort()).toEqual([
        ['aws_cloudtrail', 'aws'],
        ['terraform_remote_state', 'terraform'],
      ]);
      expect(fs.existsSync(path.join(scratch, 'out', 'stacks', 'log-archive', 'plan.json'))).toBe(false);
      // Nothing else next to the stack, nothing left in TMPDIR.
      expect(fs.readdirSync(path.join(scratch, 'out', 'stacks', SELECTED)).sort()).toEqual(['cdk.tf.json', 'plan.json']);
      expect(fs.readdirSync(tmp)).toEqual([]);
    },
    240_000,
  );

  tfIt(
    'names the mirror it looked for and the fix when the provider is neither mirrored nor downloadable',
    () => {
      const empty = path.join(scratch, 'empty-mirror');
      fs.mkdirSync(empty, { recursive: true });
      const result = planInProcess(['--out', 'out', '--stack', SELECTED], {
        TF_PROVIDER_MIRROR: empty,
        CDKTF_ORG_LOGGING_PROVIDER_CACHE: path.join(scratch, 'provider-cache'),
      });
      if (result.status === 0) {
        // A machine with network access fills the cache from the registry instead: that is the fallback working.
        expect(result.stdout).toContain('hashicorp/aws from the registry, cached in');
        return;
      }
      expect(result.status).toBe(1);
      // The error only: no table, no plan run.
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `hashicorp/aws 5.100.0: no filesystem mirror for linux_amd64 here (looked at TF_PROVIDER_MIRROR=${empty})`,
      );
      expect(result.stderr).toContain('Fix: set TF_PROVIDER_MIRROR to a mirror holding registry.terraform.io/hashicorp/aws 5.100.0');
    },
    120_000,
  );

  tfIt(
    '--online runs terraform in the stack folder with the user environment and reports the AWS failure per stack',
    () => {
      const out = path.join(scratch, 'delegated');
      synthesizeOrganization({ configFile: DELEGATED, outdir: out, baseDir: scratch });
      // No CLI configuration of the user's (the ambient TF_CLI_CONFIG_FILE names a missing file, no
      // ~/.terraformrc): --online finds the mirror as the offline plan does, so init works air-gapped.
      const home = path.join(scratch, 'home');
      fs.mkdirSync(home, { recursive: true });
      const result = planInProcess(['--out', 'delegated', '--stack', 'organization-guardrails', '--online'], {
        TF_PROVIDER_MIRROR: mirror,
        TF_CLI_CONFIG_FILE: path.join(scratch, 'no-such.rc'),
        HOME: home,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_EC2_METADATA_DISABLED: 'true',
      });
      expect(result.status).toBe(1);
      const folder = path.join(out, 'stacks', 'organization-guardrails');
      expect(result.stdout).toContain(
        `Planned 1 stack against AWS (terraform in each stack folder, your credentials and backend; hashicorp/aws from the mirror ${mirror}):`,
      );
      expect(result.stdout).toMatch(/organization-guardrails\s+-\s+-\s+-\s+-\s+\d+\s+[1-9]\d*\s+FAILED\s+no plan/);
      expect(result.stdout).toContain('FAILED: organization-guardrails');
      expect(fs.existsSync(path.join(folder, '.terraform.lock.hcl'))).toBe(true);
      expect(fs.readdirSync(folder).filter((f) => f.startsWith('plan.'))).toEqual([]);
    },
    240_000,
  );
});
