/**
 * `npm run plan`'s parts that need no terraform: flags, stack selection, a missing terraform named
 * with the fix, the printed summary (destroys and replacements loud), terraform error summaries.
 * The real plans are in test/terraform/plan-command.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PlanJson } from '../../tooling/terraform';
import { PLAN_USAGE, report, runPlanCommand } from '../../tooling/terraform/plan-command';
import type { StackOutcome } from '../../tooling/terraform/plan-outcome';
import { errorSummary, pinnedAwsVersion } from '../../tooling/terraform/provider-source';
import { monitoringStack } from '../review/fixtures';

let dir = '';
let printed: { out: string[]; err: string[] };
const io = () => ({ out: (t: string) => printed.out.push(t), err: (t: string) => printed.err.push(t), cwd: dir });
const savedBin = process.env.TERRAFORM_BIN;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-command-'));
  fs.mkdirSync(path.join(dir, 'out', 'stacks', 'monitoring'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'out', 'stacks', 'monitoring', 'cdk.tf.json'), JSON.stringify(monitoringStack()));
  printed = { out: [], err: [] };
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (savedBin === undefined) delete process.env.TERRAFORM_BIN;
  else process.env.TERRAFORM_BIN = savedBin;
});

describe('npm run plan > before terraform runs', () => {
  it('prints its usage for --help and refuses unknown flags with exit 2', () => {
    expect(runPlanCommand(['--help'], io())).toBe(0);
    expect(printed.out).toEqual([PLAN_USAGE]);
    expect(runPlanCommand(['--out', 'out', '--apply'], io())).toBe(2);
    expect(printed.err[0]).toMatch(/^--apply: not a flag of this command\. Fix: use one of --out, --stack, --online, --help/);
  });

  it('refuses a stack the folder does not have, listing those it has', () => {
    expect(runPlanCommand(['--out', 'out', '--stack', 'nope'], io())).toBe(2);
    expect(printed.err).toEqual([`"nope": no such stack in ${path.join(dir, 'out')}. Fix: choose from monitoring`]);
  });

  it('exits 2 (usage) for a folder without stacks, saying how to get one', () => {
    expect(runPlanCommand(['--out', 'missing'], io())).toBe(2);
    const missing = path.join(dir, 'missing');
    expect(printed.err[0]).toBe(
      `${missing}: no such folder. Fix: synthesize first (npm run synth -- --out ${missing}) or pass the folder synth wrote`,
    );
  });

  it.each([[[] as string[]], [['--online']]])('names where it looked for terraform and the fix when there is none (%j)', (flags) => {
    process.env.TERRAFORM_BIN = path.join(dir, 'no-terraform');
    expect(runPlanCommand(['--out', 'out', ...flags], io())).toBe(1);
    expect(printed.err).toEqual([
      `terraform: not found (looked at TERRAFORM_BIN=${path.join(dir, 'no-terraform')}). Fix: install terraform 1.10 or later (https://developer.hashicorp.com/terraform/install) and put it on PATH, or set TERRAFORM_BIN to its path`,
    ]);
    expect(fs.existsSync(path.join(dir, 'out', 'stacks', 'monitoring', 'plan.json'))).toBe(false);
  });
});

describe('npm run plan > summary', () => {
  const plan = (actions: string[][]): PlanJson =>
    ({
      format_version: '1.2',
      terraform_version: '1.11.4',
      planned_values: { root_module: {} },
      configuration: { root_module: {} },
      resource_changes: actions.map((a, i) => ({
        address: `aws_s3_bucket.B${i}`,
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: `B${i}`,
        change: { actions: a, before: null, after: {} },
      })),
    }) as PlanJson;

  it('counts adds, changes, destroys and replacements per stack and lists every destroy and replacement', () => {
    const outcomes: StackOutcome[] = [
      {
        stack: 'archive',
        file: '/out/stacks/archive/cdk.tf.json',
        ok: true,
        diagnostics: [],
        plan: plan([['create'], ['delete', 'create'], ['delete'], ['update']]),
      },
      {
        stack: 'trail',
        file: '/out/stacks/trail/cdk.tf.json',
        ok: false,
        diagnostics: [{ severity: 'error', summary: 'Invalid ARN', detail: 'bad value', address: 'aws_cloudtrail.T' }],
      },
    ];
    expect(report('Planned 2 stacks:', outcomes, [], '/out').split('\n')).toEqual([
      'Planned 2 stacks:',
      'stack    add  change  destroy  replace  warnings  errors  result  plan',
      'archive  1    1       1        1        0         0       ok      stacks/archive/plan.json',
      'trail    -    -       -        -        0         1       FAILED  no plan',
      'archive:',
      '  replace aws_s3_bucket.B1',
      '  destroy aws_s3_bucket.B2',
      'trail:',
      '  error: Invalid ARN (aws_cloudtrail.T)',
      '      bad value',
      'FAILED: trail',
    ]);
  });
});

describe('npm run plan > toolchain helpers', () => {
  it('reads the pinned provider version the stacks agree on', () => {
    const pinned = { terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } } };
    expect(pinnedAwsVersion([pinned, pinned])).toBe('5.100.0');
    expect(pinnedAwsVersion([pinned, { terraform: { required_providers: { aws: { version: '6.0.0' } } } }])).toBeUndefined();
  });

  it("summarizes terraform's boxed error in one line", () => {
    const output = ['╷', '│ Error: Provider not available', '│ ', '│ Failed to download hashicorp/aws: no such host.', '╵', ''].join('\n');
    expect(errorSummary(output)).toBe('Error: Provider not available Failed to download hashicorp/aws: no such host.');
  });
});
