/**
 * `npm run plan` as a process on a machine without terraform: it says where it looked and how to
 * fix it, exits 1 and writes no plan. (Planning with terraform is in test/terraform/plan-command.test.ts.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exampleOutput } from '../support/example-output';
import { cli, cliEnv, REPO_ROOT, run, scratchDir, sharedCache } from './cli-support';

jest.setTimeout(120_000);

let scratch = '';

beforeAll(() => {
  scratch = scratchDir('plan-cli');
  // The example synthesized once for the run (what `npm run synth -- --out out` writes), copied: the test checks nothing is added.
  fs.cpSync(exampleOutput(), path.join(scratch, 'out'), { recursive: true });
  expect(fs.readdirSync(path.join(scratch, 'out', 'stacks', 'log-archive'))).toEqual(['cdk.tf.json']);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('npm run plan without terraform', () => {
  it('names what it looked for and the fix, exits 1 and writes no plan', () => {
    const missing = path.join(scratch, 'no-terraform-here');
    const result = run(
      'npm',
      ['--prefix', REPO_ROOT, 'run', '--silent', 'plan', '--', '--out', 'out'],
      scratch,
      cliEnv(sharedCache(), { TERRAFORM_BIN: missing }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`terraform: not found (looked at TERRAFORM_BIN=${missing}). Fix: install terraform 1.10 or later`);
    expect(fs.readdirSync(path.join(scratch, 'out', 'stacks', 'log-archive'))).toEqual(['cdk.tf.json']);
  });
});

describe('plan before terraform runs (in process)', () => {
  it('orders the stacks as the synth summary does: after their state reads and their manifest dependencies', async () => {
    // An unknown --stack lists the stacks in the order plan runs and prints them, before terraform starts.
    const result = await cli(['plan', '--out', 'out', '--stack', 'no-such-stack'], { cwd: scratch });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `"no-such-stack": no such stack in ${path.join(scratch, 'out')}. Fix: choose from ` +
        'log-archive, organization-trail, external-account-567890123456, external-account-678901234567, deployment-events, ' +
        'deployment-management-account, deployment-rollout, audit-queries, organization-guardrails\n',
    );
  });

  it('exits 2 (usage, nothing done) when --out holds no synthesized stacks', async () => {
    const result = await cli(['plan', '--out', 'nowhere'], { cwd: scratch });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/nowhere: no such folder\. Fix: synthesize first/);
    expect(fs.existsSync(path.join(scratch, 'nowhere'))).toBe(false);
  });
});
