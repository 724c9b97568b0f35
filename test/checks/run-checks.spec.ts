/** The engine: the cross-resource index, evaluation, ordering, verdicts and reports. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkResources, failingFindings, formatJson, formatText, PACK, type Rule, runChecks } from '../../tooling/checks';
import { S3BucketVersioningEnabled } from '../../tooling/checks/rules/s3-bucket-versioning-enabled';
import { compliant, nonCompliant } from '../../tooling/checks/types';
import { appFromStacks } from '../../tooling/model';
import { type JsonObject, type StackJson, SynthesizedOutputError } from '../../tooling/terraform';
import { factsOf, policy, ref, res } from './support';

/** A synthesized stack with these resources and aws provider blocks. */
function stackJson(
  resources: Record<string, Record<string, JsonObject>>,
  providers: JsonObject[] = [{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }],
): StackJson {
  return { provider: { aws: providers }, resource: resources };
}

describe('the facts rules see (the model and its resolver)', () => {
  const bucket = res('aws_s3_bucket', 'Bucket', { bucket: 'acme-archive' }, { stack: 'log-archive' });
  const byReference = res('aws_s3_bucket_versioning', 'ByRef', { bucket: ref('aws_s3_bucket.Bucket.id') }, { stack: 'log-archive' });
  const byName = res('aws_s3_bucket_versioning', 'ByName', { bucket: 'acme-archive' }, { stack: 'log-archive' });
  // Same logical id in another stack: a reference there means that stack's bucket, not ours.
  const elsewhere = res('aws_s3_bucket_versioning', 'Elsewhere', { bucket: ref('aws_s3_bucket.Bucket.id') }, { stack: 'other' });
  const trail = res(
    'aws_cloudtrail',
    'Trail',
    { s3_bucket_name: 'acme-archive', cloud_watch_logs_group_arn: 'arn:aws:logs:eu-west-1:333333333333:log-group:events:*' },
    { stack: 'trail', account: '333333333333' },
  );
  const group = res('aws_cloudwatch_log_group', 'Group', { name: 'events' }, { stack: 'trail', account: '333333333333' });
  const queue = res('aws_sqs_queue', 'Queue', { name: 'alerts' }, { stack: 'monitoring' });
  const index = factsOf([bucket, byReference, byName, elsewhere, trail, group, queue]);

  it('finds the settings resources of a bucket by reference and by literal name, in its own stack only for references', () => {
    expect(index.referencing(bucket, 'aws_s3_bucket_versioning', 'bucket').map((r) => r.name)).toEqual(['ByRef', 'ByName']);
  });

  it('joins a trail to the bucket it writes to across stacks by the global bucket name', () => {
    expect(index.referencing(bucket, 'aws_cloudtrail', 's3_bucket_name')).toEqual([trail]);
  });

  it('joins a trail to its log group by ARN, the `:*` form included', () => {
    expect(index.referencing(group, 'aws_cloudtrail', 'cloud_watch_logs_group_arn')).toEqual([trail]);
  });

  it('matches bare names of other resources only inside their stack, ARNs everywhere', () => {
    const sameName = res('aws_cloudwatch_event_target', 'T', { arn: 'alerts' }, { stack: 'other' });
    const byArn = res('aws_cloudwatch_event_target', 'T', { arn: 'arn:aws:sqs:eu-west-1:111111111111:alerts' }, { stack: 'other' });
    expect(index.resolve(sameName, 'alerts')).toEqual([]);
    expect(index.resolve(byArn, byArn.config.arn)).toEqual([queue]);
  });

  it('replaces references with literal names and ARNs where it knows them, and keeps the others', () => {
    expect(index.substitute(byReference, `${ref('aws_s3_bucket.Bucket.arn')}/*`)).toBe('arn:aws:s3:::acme-archive/*');
    expect(index.substitute(byReference, ref('aws_s3_bucket.Bucket.id'))).toBe('acme-archive');
    expect(index.substitute(byReference, ref('aws_kms_key.Key.arn'))).toBe(ref('aws_kms_key.Key.arn'));
  });

  it("takes each resource's account and region from the provider it uses, aliases included", () => {
    const resources = appFromStacks([
      {
        name: 'log-archive',
        file: '/x/cdk.tf.json',
        json: stackJson(
          {
            aws_s3_bucket: {
              Home: { bucket: 'home', '//': { metadata: { path: 'log-archive/Home/Bucket' } } },
              Replica: { bucket: 'replica', provider: 'aws.replica' },
            },
          },
          [
            { region: 'eu-west-1', assume_role: [{ role_arn: 'arn:aws:iam::345678901234:role/Deploy' }] },
            { alias: 'replica', region: 'eu-central-1', allowed_account_ids: ['345678901234'] },
          ],
        ),
      },
    ]).stacks.flatMap((s) => s.resources);
    expect(resources).toEqual([
      expect.objectContaining({
        id: 'log-archive/aws_s3_bucket.Home',
        constructPath: 'log-archive/Home/Bucket',
        provider: expect.objectContaining({ account: '345678901234', region: 'eu-west-1' }),
      }),
      expect.objectContaining({
        id: 'log-archive/aws_s3_bucket.Replica',
        provider: expect.objectContaining({ account: '345678901234', region: 'eu-central-1' }),
      }),
    ]);
    expect(resources[1]!.constructPath).toBeUndefined();
  });
});

describe('the engine', () => {
  const unversioned = res('aws_s3_bucket', 'Unversioned', { bucket: 'a' });
  const versioned = res('aws_s3_bucket', 'Versioned', { bucket: 'b' });
  const versioning = res('aws_s3_bucket_versioning', 'V', {
    bucket: ref('aws_s3_bucket.Versioned.id'),
    versioning_configuration: { status: 'Enabled' },
  });
  const openTopic = res('aws_sns_topic', 'Topic', { name: 't' });

  it('evaluates a rule only on its resource types and counts every outcome', () => {
    const report = checkResources([unversioned, versioned, versioning, openTopic], [S3BucketVersioningEnabled]);
    expect(report.findings.map((f) => f.address)).toEqual(['test/aws_s3_bucket.Unversioned']);
    expect(report.counts).toEqual({ error: 1, warning: 0, suppressed: 0, compliant: 1, notApplicable: 0 });
  });

  it("reports the rule's id, level, controls, finding and reason with the resource's detail", () => {
    const [finding] = checkResources([unversioned], [S3BucketVersioningEnabled]).findings;
    expect(finding).toEqual({
      rule: 'S3BucketVersioningEnabled',
      level: 'error',
      controls: ['S3.14', 'CKV_AWS_21'],
      finding: S3BucketVersioningEnabled.finding,
      reason: S3BucketVersioningEnabled.reason,
      detail: 'no aws_s3_bucket_versioning names this bucket',
      stack: 'test',
      address: 'test/aws_s3_bucket.Unversioned',
      resourceType: 'aws_s3_bucket',
      constructPath: 'test/Unversioned',
    });
  });

  it('lists open errors, then open warnings, then suppressed findings', () => {
    const report = checkResources(
      [
        openTopic,
        unversioned,
        res('aws_cloudtrail', 'Trail', { name: 't', enable_log_file_validation: true, is_multi_region_trail: true, kms_key_id: 'k' }),
      ],
      PACK,
      [
        {
          rule: 'SnsTopicEncrypted',
          resource: 'test/aws_sns_topic.Topic',
          reason: 'This topic carries only public release announcements.',
          source: 'file',
          where: 'f: suppressions[0]',
        },
      ],
    );
    const order = report.findings.map((f) => `${f.suppression ? 'suppressed' : f.level} ${f.rule}`);
    const firstWarning = order.findIndex((o) => o.startsWith('warning'));
    const firstSuppressed = order.findIndex((o) => o.startsWith('suppressed'));
    expect(order.slice(0, firstWarning).every((o) => o.startsWith('error'))).toBe(true);
    expect(order.slice(firstWarning, firstSuppressed).every((o) => o.startsWith('warning'))).toBe(true);
    expect(order.slice(firstSuppressed)).toEqual(['suppressed SnsTopicEncrypted']);
  });

  it('fails on open errors, and on open warnings only with --fail-on warning', () => {
    const warnOnly: Rule = { ...S3BucketVersioningEnabled, id: 'WarnOnly', level: 'warning' };
    const report = checkResources([unversioned], [warnOnly]);
    expect(failingFindings(report, 'error')).toEqual([]);
    expect(failingFindings(report, 'warning').map((f) => f.rule)).toEqual(['WarnOnly']);
  });

  it('names the rule and the resource when a rule throws', () => {
    const broken: Rule = {
      ...S3BucketVersioningEnabled,
      id: 'Broken',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    expect(() => checkResources([unversioned], [broken])).toThrow('rule Broken failed on test/aws_s3_bucket.Unversioned: boom');
  });

  it('is deterministic: rules see the same facts and give the same result twice', () => {
    const rule: Rule = {
      ...S3BucketVersioningEnabled,
      id: 'Pure',
      evaluate: (r, facts) => (facts.all.length > 2 ? compliant('many') : nonCompliant(r.name)),
    };
    expect(checkResources([unversioned, versioned], [rule])).toEqual(checkResources([unversioned, versioned], [rule]));
  });
});

describe('runChecks on an output folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-engine-'));
    const stack = stackJson({
      aws_s3_bucket: { Logs: { bucket: 'acme-logs' } },
      aws_s3_bucket_policy: {
        Policy: {
          bucket: ref('aws_s3_bucket.Logs.id'),
          policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-logs/*' }),
        },
      },
    });
    fs.mkdirSync(path.join(dir, 'stacks', 'app'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', 'app', 'cdk.tf.json'), JSON.stringify(stack));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every stack and reports findings by address', () => {
    const report = runChecks(dir);
    expect(report.stacks).toEqual(['app']);
    expect(report.findings.map((f) => `${f.rule} ${f.address}`)).toContain('S3BucketPolicyNoWildcardPrincipal app/aws_s3_bucket.Logs');
    expect(report.counts.error).toBeGreaterThan(0);
  });

  it('refuses a folder that holds no synthesized stacks, as readSynthesizedStacks says', () => {
    expect(() => runChecks(path.join(dir, 'missing'))).toThrow(SynthesizedOutputError);
  });

  it('renders the report as text grouped by level and as JSON the review report can read', () => {
    const report = runChecks(dir);
    const text = formatText(report);
    expect(text).toMatch(/^Checked 1 stack \(2 resources\) against \d+ rules: \d+ errors, \d+ warnings?, 0 suppressed\.$/m);
    expect(text).toContain('ERRORS (');
    expect(text).toContain('  app/aws_s3_bucket.Logs\n    S3BucketPolicyNoWildcardPrincipal  [CKV_AWS_70]\n    finding: ');
    expect(text).toMatch(/\nFAIL: \d+ unsuppressed findings at level error\./);
    const json = JSON.parse(formatJson(report)) as { failOn: string; failing: number; findings: unknown[] };
    expect(json.failOn).toBe('error');
    expect(json.failing).toBe(failingFindings(report).length);
    expect(json.findings).toHaveLength(report.findings.length);
  });
});
