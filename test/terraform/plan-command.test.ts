/**
 * `npm run plan` with the real terraform CLI and provider: offline, one small stack of the example
 * (a consumer of log-archive's remote state), as a process: exit code, the summary, plan.json
 * written next to the stack and nowhere else. Then the two ways a plan fails for want of a
 * toolchain or AWS: no provider mirror (the registry is unreachable here), and --online without
 * credentials, which runs terraform in the stack folder itself. Skipped with a banner without
 * terraform, failed in CI (toolchain-gate.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliEnv, DELEGATED, EXAMPLE, REPO_ROOT, run, runCli } from '../cli/cli-support';
import { requireToolchain, tfIt, warnIfNotRun } from './toolchain-gate';

warnIfNotRun('test/terraform/plan-command.test.ts');

const SELECTED = 'external-account-567890123456';
let scratch = '';
let cache = '';
let mirror = '';

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-command-tf-'));
  cache = path.join(scratch, 'cache');
  mirror = requireToolchain()?.mirror ?? '';
  expect(runCli(['--config', EXAMPLE, '--out', path.join(scratch, 'out')], scratch, cliEnv(cache)).status).toBe(0);
}, 60_000);
afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function npmPlan(args: readonly string[], env: Record<string, string | undefined> = {}) {
  return run(
    'npm',
    ['--prefix', REPO_ROOT, 'run', '--silent', 'plan', '--', ...args],
    scratch,
    cliEnv(cache, { TF_PROVIDER_MIRROR: mirror, ...env }),
  );
}

describe('npm run plan (terraform tier)', () => {
  tfIt(
    'plans one stack offline, prints its counts and saves its plan JSON next to it',
    () => {
      const result = npmPlan(['--out', 'out', '--stack', SELECTED]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toMatch(
        /^Planned 1 of \d+ stacks offline \(terraform [\d.]+, hashicorp\/aws from the mirror .+; fake credentials, placeholder remote state, no refresh\):$/,
      );
      expect(lines[2].split(/\s+/)).toEqual([SELECTED, '1', '0', '0', '0', '0', '0', 'ok', `out/stacks/${SELECTED}/plan.json`]);
      expect(lines.at(-1)).toBe('All stacks validated and planned.');
      const plan = JSON.parse(fs.readFileSync(path.join(scratch, 'out', 'stacks', SELECTED, 'plan.json'), 'utf8'));
      expect(plan.resource_changes.map((c: { address: string; change: { actions: string[] } }) => [c.address, c.change.actions])).toEqual([
        [expect.stringMatching(/^aws_cloudtrail\./), ['create']],
      ]);
      expect(fs.existsSync(path.join(scratch, 'out', 'stacks', 'log-archive', 'plan.json'))).toBe(false);
    },
    240_000,
  );

  tfIt(
    'names the mirror it looked for and the fix when the provider is neither mirrored nor downloadable',
    () => {
      const empty = path.join(scratch, 'empty-mirror');
      fs.mkdirSync(empty, { recursive: true });
      const result = npmPlan(['--out', 'out', '--stack', SELECTED], {
        TF_PROVIDER_MIRROR: empty,
        CDKTF_ORG_LOGGING_PROVIDER_CACHE: path.join(scratch, 'provider-cache'),
      });
      if (result.status === 0) {
        // A machine with network access fills the cache from the registry instead: that is the fallback working.
        expect(result.stdout).toContain('hashicorp/aws from the registry, cached in');
        return;
      }
      expect(result.status).toBe(1);
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
      expect(runCli(['--config', DELEGATED, '--out', out], scratch, cliEnv(cache)).status).toBe(0);
      // No CLI configuration of the user's (the ambient TF_CLI_CONFIG_FILE names a missing file, no
      // ~/.terraformrc): --online finds the mirror as the offline plan does, so init works air-gapped.
      const home = path.join(scratch, 'home');
      fs.mkdirSync(home, { recursive: true });
      const result = npmPlan(['--out', 'delegated', '--stack', 'organization-guardrails', '--online'], {
        TF_CLI_CONFIG_FILE: path.join(scratch, 'no-such.rc'),
        HOME: home,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
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
