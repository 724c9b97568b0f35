/**
 * `npm run check`: exit 0 on the synthesized example (its exceptions are suppressed next to the
 * constructs), 1 on unsuppressed errors, 2 on bad flags, a missing output or a refused suppression.
 * The npm script runs once as a process (npm, the exit code 1 a CI job reads); every other case runs
 * the same `runCli` in process, as the script does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exampleOutput } from '../support/example-output';
import { cli, cliEnv, REPO_ROOT, run, scratchDir, sharedCache } from './cli-support';

jest.setTimeout(60_000);

let suppressions: string;
let scratch: string;
let example: string;
let insecure: string;

/** `npm run --silent check -- <args>` in the package, as users run it, as a process. */
function npmCheck(args: readonly string[]) {
  return run('npm', ['run', '--silent', 'check', '--', ...args], REPO_ROOT, cliEnv(sharedCache(), { npm_config_update_notifier: 'false' }));
}

/** What `npm run check -- <args>` runs, in process, started in `initCwd` (npm's INIT_CWD; the package by default). */
function check(args: readonly string[], initCwd = REPO_ROOT) {
  return cli(['check', ...args], { cwd: initCwd });
}

beforeAll(() => {
  scratch = scratchDir('check');
  // Read only: the example synthesized once for the run (test/support/example-output.ts).
  example = exampleOutput();
  // A crafted insecure output: a single-region trail without validation or KMS, a bucket anyone may read.
  insecure = path.join(scratch, 'insecure');
  fs.mkdirSync(path.join(insecure, 'stacks', 'app'), { recursive: true });
  const publicRead = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::leaky-logs/*' }],
  };
  fs.writeFileSync(
    path.join(insecure, 'stacks', 'app', 'cdk.tf.json'),
    JSON.stringify({
      provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }] },
      resource: {
        aws_cloudtrail: { Trail: { name: 'trail', s3_bucket_name: 'leaky-logs' } },
        aws_s3_bucket: { Logs: { bucket: 'leaky-logs' } },
        aws_s3_bucket_policy: { Policy: { bucket: 'leaky-logs', policy: JSON.stringify(publicRead) } },
      },
    }),
  );
  // A suppressions file for the insecure output: one finding excused, with a real sentence.
  suppressions = path.join(scratch, 'suppressions.json');
  fs.writeFileSync(
    suppressions,
    JSON.stringify([
      {
        rule: 'CloudTrailMultiRegion',
        resource: 'app/aws_cloudtrail.Trail',
        reason: 'This crafted trail covers one region on purpose, to test a suppression file end to end.',
      },
    ]),
  );
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('npm run check', () => {
  it('exits 0 on the synthesized example, listing the exceptions suppressed next to the constructs with their reasons', async () => {
    const result = await check(['--out', example]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Checked 9 stacks \(\d+ resources\) against \d+ rules: 0 errors, 0 warnings, 9 suppressed\.$/m);
    expect(result.stdout).toContain('SUPPRESSED (9)');
    expect(result.stdout).toContain("    reason: AWS's documented trust policy for the S3 replication role has no condition");
    expect(result.stdout).toContain('where:  next to the construct');
    expect(result.stdout).toMatch(/\nPASS: no unsuppressed errors\.\n$/);
  });

  it('exits 1 on a crafted insecure output and prints address, rule, controls, finding and reason', () => {
    const result = npmCheck(['--out', insecure]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      [
        '  app/aws_cloudtrail.Trail',
        '    CloudTrailLogFileValidationEnabled  [CIS 3.2, CloudTrail.4, CKV_AWS_36]',
        '    finding: The trail does not validate its log files (enable_log_file_validation is not true).',
        '    detail:  enable_log_file_validation is undefined; set it to true',
        '    why:     Without digest files nobody can prove that a log file was not modified, forged or deleted after delivery.',
      ].join('\n'),
    );
    for (const rule of [
      'CloudTrailMultiRegion',
      'CloudTrailEncryptedWithKms',
      'S3BucketPolicyNoWildcardPrincipal',
      'S3BucketPublicAccessBlocked',
      'S3BucketTlsOnly',
    ]) {
      expect(result.stdout).toContain(`    ${rule}`);
    }
  });

  it('prints JSON for the review report with --format json', async () => {
    const result = await check(['--out', insecure, '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      failOn: string;
      failing: number;
      findings: { rule: string; address: string; controls: string[] }[];
    };
    expect(report.failOn).toBe('error');
    expect(report.failing).toBeGreaterThan(5);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'CloudTrailMultiRegion',
        address: 'app/aws_cloudtrail.Trail',
        controls: ['CIS 3.1', 'CloudTrail.1', 'CKV_AWS_67'],
      }),
    );
  });

  it('passes the example with --fail-on warning too: it has no warning left', async () => {
    const result = await check(['--out', example, '--fail-on', 'warning']);
    expect(result.status).toBe(0);
  });

  it('reports a finding excused by a suppressions file as suppressed, with the file as its source', async () => {
    const result = await check(['--out', insecure, '--suppressions', suppressions, '--format', 'json']);
    const report = JSON.parse(result.stdout) as { findings: { rule: string; suppression?: { reason: string; source: string } }[] };
    expect(report.findings.find((f) => f.rule === 'CloudTrailMultiRegion')?.suppression).toMatchObject({
      source: 'file',
      reason: 'This crafted trail covers one region on purpose, to test a suppression file end to end.',
    });
  });

  it('resolves relative --out and --suppressions against the folder npm was started in (INIT_CWD)', async () => {
    const result = await check(['--out', 'insecure', '--suppressions', 'suppressions.json'], scratch);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('1 suppressed');
  });

  it('exits 2 and checks nothing when a suppression reason is shorter than a sentence', async () => {
    const file = path.join(scratch, 'short.json');
    fs.writeFileSync(file, JSON.stringify([{ rule: 'IamRoleTrustHasConfusedDeputyCondition', resource: '**', reason: 'documented' }]));
    const result = await check(['--out', example, '--suppressions', file]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `${file}: suppressions[0].reason: "documented" is not a sentence (at least 4 words and 20 characters, ending with a period). Fix: `,
    );
  });

  it('exits 2 when the output folder does not exist', async () => {
    const result = await check(['--out', path.join(scratch, 'nowhere')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/nowhere: no such folder\. Fix: synthesize first/);
  });

  it('exits 2 on an unknown flag or format, with the usage', async () => {
    for (const args of [['--strict'], ['--out', example, '--format', 'yaml'], ['--out', example, '--fail-on', 'info']]) {
      const result = await check(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Usage: npm run check --');
    }
  });

  it('lists the rules with --list', async () => {
    const result = await check(['--list']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^CloudTrailMultiRegion \(error\) \[CIS 3\.1, CloudTrail\.1, CKV_AWS_67\]\n {2}The trail records only its home region/,
    );
  });
});
