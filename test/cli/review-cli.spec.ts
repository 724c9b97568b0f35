/**
 * `npm run review`, the way a reviewer runs it: on a folder `npm run synth` wrote, it exits 0,
 * writes review.md there and prints the summary; relative paths resolve against the folder npm ran
 * in; with --against and --fail-on dangerous it exits 1 on a dangerous change; a folder without
 * stacks and bad flags fail with their exit codes. The npm script runs once as a process (npm,
 * INIT_CWD, the exit code); every other case runs the same `runCli` in process, as the script does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exampleOutput } from '../support/example-output';
import { cli, cliEnv, REPO_ROOT, run, scratchDir, sharedCache } from './cli-support';

jest.setTimeout(120_000);

let scratch = '';
let out = '';

beforeAll(() => {
  scratch = scratchDir('review-cli');
  out = path.join(scratch, 'out');
  // The example synthesized once for the run (what `npm run synth -- --out out` writes), copied: review writes into it.
  fs.cpSync(exampleOutput(), out, { recursive: true });
  expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(true);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `npm run review -- <args>` as a process, started in `scratch` (npm's INIT_CWD) for the package in the repo. */
function npmReview(args: readonly string[]) {
  return run('npm', ['--prefix', REPO_ROOT, 'run', '--silent', 'review', '--', ...args], scratch, cliEnv(sharedCache()));
}

/** What `npm run review -- <args>` runs, in process, started in `scratch`. */
function review(args: readonly string[]) {
  return cli(['review', ...args], { cwd: scratch });
}

describe('npm run review', () => {
  it('writes review.md into the synthesized folder and prints the summary', () => {
    fs.rmSync(path.join(out, 'review.md'), { force: true });
    const result = npmReview(['--out', 'out']);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'Wrote out/review.md:',
      // The apply order the README documents, recorded by the app as stack dependencies in the manifest.
      expect.stringMatching(
        /^ {2}\d+ stacks in \d+ accounts, \d+ resources; apply order log-archive → organization-trail → external-account-567890123456 → external-account-678901234567 → deployment-events → deployment-management-account → deployment-rollout → audit-queries → organization-guardrails$/,
      ),
      expect.stringMatching(/^ {2}\d+ policies with \d+ statements \(\d+ Deny\)$/),
    ]);
    const markdown = fs.readFileSync(path.join(out, 'review.md'), 'utf8');
    expect(markdown.startsWith(`# Review of ${out}\n`)).toBe(true);
    expect(markdown).toContain('## Stacks, accounts and apply order');
  });

  it('exits 2 (usage, nothing done) for a folder without stacks and writes nothing', async () => {
    fs.mkdirSync(path.join(scratch, 'empty'), { recursive: true });
    const result = await review(['--out', 'empty']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('holds no synthesized stacks');
    expect(fs.readdirSync(path.join(scratch, 'empty'))).toEqual([]);
  });

  it('exits 2 for an unknown --fail-on level', async () => {
    const result = await review(['--out', 'out', '--fail-on', 'everything']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fail-on: "everything" is not a level; the only one is "dangerous"');
  });

  it('compares with --against and exits 1 under --fail-on dangerous when a Deny is removed', async () => {
    const proposed = path.join(scratch, 'proposed');
    fs.cpSync(out, proposed, { recursive: true });
    const same = await review(['--out', 'proposed', '--against', 'out', '--fail-on', 'dangerous']);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain(`security diff against ${out}: 0 dangerous, 0 notable, 0 info`);

    const file = path.join(proposed, 'stacks', 'log-archive', 'cdk.tf.json');
    const stack = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const policy of Object.values(stack.resource.aws_s3_bucket_policy) as { policy: string }[]) {
      const doc = JSON.parse(policy.policy);
      doc.Statement = doc.Statement.filter((s: { Sid: string }) => s.Sid !== 'DenyLogDeletion');
      policy.policy = JSON.stringify(doc);
    }
    fs.writeFileSync(file, JSON.stringify(stack));
    const changed = await review(['--out', 'proposed', '--against', 'out', '--fail-on', 'dangerous']);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain(
      'dangerous: log-archive: S3 bucket policy on bucket acme-cloudtrail-archive-345678901234: Deny statement `DenyLogDeletion` removed',
    );
    expect(changed.stderr).toContain('--fail-on dangerous: 1 dangerous changes against out');
    expect(fs.readFileSync(path.join(proposed, 'review.md'), 'utf8')).toContain('## Security diff');
  });

  /** A copy of the synthesized folder with the organization trail edited. */
  function withTrail(name: string, edit: (trail: Record<string, unknown>) => void): string {
    const copy = path.join(scratch, name);
    fs.cpSync(out, copy, { recursive: true });
    fs.rmSync(path.join(copy, 'review.md'), { force: true });
    const file = path.join(copy, 'stacks', 'organization-trail', 'cdk.tf.json');
    const stack = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const trail of Object.values(stack.resource.aws_cloudtrail) as Record<string, unknown>[]) edit(trail);
    fs.writeFileSync(file, JSON.stringify(stack));
    return copy;
  }

  it('exits 1 under --fail-on dangerous when the trail records less, saying what in a sentence', async () => {
    withTrail('write-only', (trail) => {
      const selectors = trail.advanced_event_selector as { name: string; field_selector: object[] }[];
      selectors.find((s) => s.name.startsWith('Management'))?.field_selector.push({ field: 'readOnly', equals: ['false'] });
    });
    const result = await review(['--out', 'write-only', '--against', 'out', '--fail-on', 'dangerous']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'dangerous: organization-trail: trail acme-organization-trail: management events narrowed from read and write to write only',
    );
    expect(result.stderr).toContain('--fail-on dangerous: 1 dangerous changes against out');
  });

  it('exits 1 under --fail-on dangerous for an open error finding of the security checks, even with no change at all', async () => {
    withTrail('unvalidated', (trail) => {
      trail.enable_log_file_validation = false;
    });
    fs.cpSync(path.join(scratch, 'unvalidated'), path.join(scratch, 'unvalidated-main'), { recursive: true });
    const gated = await review(['--out', 'unvalidated', '--against', 'unvalidated-main', '--fail-on', 'dangerous']);
    expect(gated.status).toBe(1);
    expect(gated.stdout).toContain('0 dangerous, 0 notable, 0 info');
    expect(gated.stdout).toContain('security checks: 1 error, 0 warnings open');
    expect(gated.stderr).toContain(
      '--fail-on dangerous: 1 open error findings of the security checks: CloudTrailLogFileValidationEnabled on organization-trail/aws_cloudtrail.Trail_8987F129',
    );
    expect(gated.stderr).not.toContain('dangerous changes');
    const ungated = await review(['--out', 'unvalidated', '--against', 'unvalidated-main']);
    expect(ungated.status).toBe(0);
  });

  it('refuses --fail-on without --against (exit 2)', async () => {
    const result = await review(['--out', 'out', '--fail-on', 'dangerous']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fail-on dangerous needs --against <dir>');
  });

  it('prices another volume with --cost flags, over what the app recorded, and prints the cost', async () => {
    const recorded = await review(['--out', 'out']);
    const result = await review(['--out', 'out', '--cost', 'memberAccounts=200', '--cost', 'dataEventsPerAccountMonth=0']);
    expect(result.status).toBe(0);
    const line = (stdout: string) => stdout.split('\n').find((l) => l.startsWith('  cost: about $')) ?? '';
    expect(line(result.stdout)).toMatch(
      /^ {2}cost: about \$[\d,]+ a month \(\$[\d,]+ a year\) in steady state, \$[\d,]+ in the first 12 months \(see Cost\)$/,
    );
    expect(line(result.stdout)).not.toBe(line(recorded.stdout));
    const markdown = fs.readFileSync(path.join(out, 'review.md'), 'utf8');
    expect(markdown).toContain('| `memberAccounts` | 200 | --cost flag |');
    expect(markdown).toContain('| `dataEventsPerAccountMonth` | 0 | --cost flag |');
    expect(markdown).toContain('| `managementEventsPerAccountMonth` | 1,500,000 | recorded at synth |');
    // 203 accounts (200 members, the management account, 2 external) x 3 regions x 12 an hour x 730 hours.
    expect(markdown).toContain(`= **${(203 * 3 * 12 * 730).toLocaleString('en-US')} a month**`);
  });

  it('refuses a --cost flag that names no input or holds no number (exit 2), naming the inputs', async () => {
    const result = await review(['--out', 'out', '--cost', 'accounts=200', '--cost', 'eventBytes=lots']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '--cost accounts: is not a cost input. Fix: use one of memberAccounts, managementEventsPerAccountMonth',
    );
    expect(result.stderr).toContain(
      '--cost eventBytes="lots": is not a number of 0 or more. Fix: write a plain number, e.g. eventBytes=1500',
    );
  });
});
