import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { configJsonSchema } from '../stacks/config/json-schema';
import { SynthError, synthesizeOrganization } from '../stacks/synthesize';
import { validateConfig } from '../stacks/validate';
import { EXAMPLE_CONFIG_FILE, exampleInput, minimalInput, REPO_ROOT } from './support/config';

type Mutable = Record<string, unknown>;

function problemsOf(input: unknown): string[] {
  const result = validateConfig(input);
  return result.ok ? [] : result.problems;
}

/** Sets a value at a dotted path (numbers index arrays), creating objects on the way. */
function setPath(target: Mutable, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let current: Mutable = target;
  for (const key of keys.slice(0, -1)) {
    if (current[key] === undefined) current[key] = {};
    current = current[key] as Mutable;
  }
  current[keys[keys.length - 1]] = value;
}

function withChange(dotted: string, value: unknown): Mutable {
  const input = exampleInput() as Mutable;
  setPath(input, dotted, value);
  return input;
}

/** Expects exactly one problem line that names the field and contains every fragment. */
function expectProblem(input: unknown, field: string, ...fragments: string[]): string {
  const problems = problemsOf(input);
  const matching = problems.filter((p) => p.startsWith(`${field}: `));
  expect({ field, problems }).toEqual({
    field,
    problems: expect.arrayContaining([expect.stringMatching(new RegExp(`^${escapeRegExp(field)}: `))]),
  });
  for (const fragment of fragments) expect(matching.join('\n')).toContain(fragment);
  return matching[0];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('config', () => {
  describe('valid configs', () => {
    it('accepts the example organization', () => {
      expect(problemsOf(exampleInput())).toEqual([]);
    });

    it('accepts a minimal config and fills secure defaults', () => {
      const result = validateConfig(minimalInput());
      if (!result.ok) throw new Error(result.problems.join('\n'));
      expect(result.config.externalAccountIds).toEqual([]);
      expect(result.config.archive.objectLock).toEqual({ enabled: true, mode: 'GOVERNANCE', retentionDays: 365 });
      expect(result.config.archive.lifecycle.transitionSmallObjects).toBe(true);
      expect(result.config.archive.lifecycle.expirationDays).toBe(2557);
      expect(result.config.deployment.backend).toEqual({ type: 'local', directory: 'terraform-state' });
      expect(result.config.deployment.roleName).toBe('OrganizationAccountAccessRole');
    });
  });

  describe('identifiers', () => {
    it.each([
      ['organizationId', 'o-short', 'is not an organization ID'],
      ['organizationId', 'O-ABCDEFGHIJ', 'is not an organization ID'],
      ['managementAccountId', '12345678901', 'exactly 12 digits'],
      ['logArchiveAccountId', 345678901234, 'is a number; expected a string'],
      ['auditAccountId', '12345678901a', 'exactly 12 digits'],
      ['homeRegion', 'eu-west-9', 'is not a commercial AWS region'],
      ['homeRegion', 'us-gov-west-1', 'is not a commercial AWS region'],
      ['trailName', 'ab', 'is not a valid trail name'],
      ['trailName', 'bad--name', 'is not a valid trail name'],
      ['trailName', '-starts-with-dash', 'is not a valid trail name'],
      ['trailName', '192.168.1.10', 'looks like an IP address'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(field, value), field, fragment, JSON.stringify(value));
    });

    it('names a missing required field', () => {
      const input = exampleInput() as Mutable;
      delete input.organizationId;
      expectProblem(input, 'organizationId', 'is required');
    });

    it('fails when the home region is not governed', () => {
      expectProblem(withChange('regions', ['eu-central-1']), 'regions', 'does not include the home region eu-west-1');
    });

    it('fails on a duplicate region', () => {
      expectProblem(withChange('regions', ['eu-west-1', 'eu-west-1']), 'regions[1]', 'listed twice');
    });

    it('fails when the log archive is the management account', () => {
      const input = exampleInput() as Mutable;
      input.logArchiveAccountId = input.managementAccountId;
      expectProblem(input, 'logArchiveAccountId', 'separate log-archive account');
    });

    it('fails when an external account is an organization account', () => {
      const input = exampleInput() as Mutable;
      input.externalAccountIds = [input.auditAccountId];
      expectProblem(input, 'externalAccountIds[0]', "organization's auditAccountId");
    });

    it('fails on a duplicate external account', () => {
      expectProblem(withChange('externalAccountIds', ['567890123456', '567890123456']), 'externalAccountIds[1]', 'listed twice');
    });
  });

  describe('bucket names', () => {
    it.each([
      ['Logs_Bucket', 'is not a valid S3 bucket name'],
      ['ab', '3-63'],
      ['a'.repeat(64), '3-63'],
      ['my..bucket', 'adjacent dots'],
      ['192.168.5.4', 'IP address'],
      ['xn--bucket', 'reserved prefix "xn--"'],
      ['sthree-logs', 'reserved prefix "sthree-"'],
      ['amzn-s3-demo-logs', 'reserved prefix'],
      ['logs-s3alias', 'reserved suffix "-s3alias"'],
      ['logs--ol-s3', 'reserved suffix'],
      ['logs.mrap', 'reserved suffix'],
      ['logs--x-s3', 'reserved suffix'],
      ['logs--table-s3', 'reserved suffix'],
      ['-logs', 'is not a valid S3 bucket name'],
    ])('fails when archiveBucketName is %j', (value, fragment) => {
      expectProblem(withChange('archiveBucketName', value), 'archiveBucketName', fragment);
    });

    it('fails when the derived access-log bucket name would be too long', () => {
      const input = minimalInput();
      input.archiveBucketName = 'a'.repeat(55);
      expectProblem(input, 'archive.accessLogs.bucketName', 'derived from archiveBucketName', 'set archive.accessLogs.bucketName');
    });

    it('fails when the derived replica access-log bucket name would be too long', () => {
      const input = exampleInput() as Mutable;
      setPath(input, 'archive.replication', { region: 'eu-central-1', bucketName: 'r'.repeat(55) });
      expectProblem(
        input,
        'archive.replication.accessLogBucketName',
        'derived from archive.replication.bucketName',
        'set archive.replication.accessLogBucketName',
      );
    });

    it('fails when two buckets share a name', () => {
      const input = exampleInput() as Mutable;
      setPath(input, 'archive.replication.bucketName', input.archiveBucketName);
      expectProblem(input, 'archive.replication.bucketName', 'is also used for archiveBucketName');
    });
  });

  describe('archive settings', () => {
    it.each([
      ['archive.keyAlias', 'alias/aws/cloudtrail', 'reserved for AWS'],
      ['archive.keyAlias', 'cloudtrail-key', 'is not a valid KMS alias'],
      ['archive.keyAlias', `alias/${'k'.repeat(251)}`, '256 characters'],
      ['archive.keyPrefix', '/leading', 'Fix: remove leading, trailing and doubled slashes'],
      ['archive.keyPrefix', 'trailing/', 'Fix: remove leading, trailing and doubled slashes'],
      ['archive.keyPrefix', 'AWSLogs', 'does not allow'],
      ['archive.keyPrefix', 'p'.repeat(201), '200 characters'],
      ['archive.objectLock.mode', 'LEGAL_HOLD', 'Fix: use "GOVERNANCE" or "COMPLIANCE"'],
      ['archive.objectLock.retentionDays', 0, 'at least 1 day'],
      ['archive.objectLock.retentionDays', 1.5, 'whole number of days'],
      ['archive.replication.region', 'eu-west-1', 'is the home region'],
      ['archive.readerAccountIds', ['567890123456'], 'is an external account'],
    ])('fails when %s is %j', (field, value, fragment) => {
      const problems = problemsOf(withChange(field, value));
      expect(problems.join('\n')).toContain(fragment);
      expect(problems.some((p) => p.startsWith(field))).toBe(true);
    });

    it('fails when log files expire before their object lock retention ends', () => {
      const input = exampleInput() as Mutable;
      setPath(input, 'archive.objectLock.retentionDays', 3000);
      expectProblem(input, 'archive.lifecycle.expirationDays', 'object lock retention (3000 days)');
    });

    it('accepts compliance mode as an explicit opt-in', () => {
      expect(problemsOf(withChange('archive.objectLock.mode', 'COMPLIANCE'))).toEqual([]);
    });
  });

  describe('lifecycle', () => {
    const lifecycle = (value: unknown) => withChange('archive.lifecycle', value);

    it('fails when STANDARD_IA comes before 30 days', () => {
      expectProblem(
        lifecycle({ transitions: [{ storageClass: 'STANDARD_IA', days: 10 }] }),
        'archive.lifecycle.transitions[0].days',
        'at least 30 days',
      );
    });

    it('fails when noncurrent versions move to ONEZONE_IA before 30 days', () => {
      expectProblem(
        lifecycle({ noncurrentTransitions: [{ storageClass: 'ONEZONE_IA', days: 7 }] }),
        'archive.lifecycle.noncurrentTransitions[0].days',
        'noncurrent',
      );
    });

    it('fails when a lifecycle transition comes before the previous one', () => {
      const value = {
        transitions: [
          { storageClass: 'GLACIER_IR', days: 90 },
          { storageClass: 'DEEP_ARCHIVE', days: 60 },
        ],
      };
      expectProblem(lifecycle(value), 'archive.lifecycle.transitions[1].days', 'use more than 90 days');
    });

    it('fails when transitions climb back up the waterfall', () => {
      const value = {
        transitions: [
          { storageClass: 'GLACIER', days: 90 },
          { storageClass: 'STANDARD_IA', days: 180 },
        ],
      };
      expectProblem(lifecycle(value), 'archive.lifecycle.transitions[1].storageClass', 'cannot follow GLACIER');
    });

    it('fails when Glacier follows Standard-IA by less than 30 days', () => {
      const value = {
        transitions: [
          { storageClass: 'STANDARD_IA', days: 30 },
          { storageClass: 'GLACIER', days: 45 },
        ],
        expirationDays: 400,
      };
      expectProblem(lifecycle(value), 'archive.lifecycle.transitions[1].days', 'use 60 or more');
    });

    it('fails when a storage class appears twice', () => {
      const value = {
        transitions: [
          { storageClass: 'GLACIER', days: 90 },
          { storageClass: 'GLACIER', days: 200 },
        ],
      };
      expectProblem(lifecycle(value), 'archive.lifecycle.transitions[1].storageClass', 'appears twice');
    });

    it('fails when expiration comes before the last class minimum storage duration', () => {
      const value = { transitions: [{ storageClass: 'DEEP_ARCHIVE', days: 365 }], expirationDays: 400 };
      expectProblem(lifecycle(value), 'archive.lifecycle.expirationDays', '180-day minimum', 'use 545 or more');
    });

    it('fails when noncurrent expiration comes before the noncurrent transition minimum', () => {
      const value = { noncurrentTransitions: [{ storageClass: 'GLACIER_IR', days: 30 }], noncurrentExpirationDays: 60 };
      expectProblem(lifecycle(value), 'archive.lifecycle.noncurrentExpirationDays', 'use 120 or more');
    });

    it('fails on an unknown storage class', () => {
      expectProblem(
        lifecycle({ transitions: [{ storageClass: 'STANDARD', days: 30 }] }),
        'archive.lifecycle.transitions[0].storageClass',
        'is not a lifecycle storage class',
      );
    });
  });

  describe('trail', () => {
    it('accepts a delegated administrator that creates the trail', () => {
      expect(problemsOf(withChange('trail.delegatedAdministratorAccountId', '456789012345'))).toEqual([]);
    });

    it('fails when the delegated administrator is the management account', () => {
      expectProblem(
        withChange('trail.delegatedAdministratorAccountId', '210987654321'),
        'trail.delegatedAdministratorAccountId',
        'must be a member account',
      );
    });

    it('fails when the delegated administrator is an external account', () => {
      expectProblem(
        withChange('trail.delegatedAdministratorAccountId', '567890123456'),
        'trail.delegatedAdministratorAccountId',
        'external account',
      );
    });

    it('fails with more than 3 delegated administrators', () => {
      const input = withChange('trail.delegatedAdministratorAccountId', '456789012345');
      setPath(input, 'trail.additionalDelegatedAdministratorAccountIds', ['111122223333', '222233334444', '333344445555']);
      expectProblem(input, 'trail.additionalDelegatedAdministratorAccountIds', 'at most 3', 'list at most 2');
    });

    it('fails on a duplicate delegated administrator', () => {
      const input = withChange('trail.delegatedAdministratorAccountId', '456789012345');
      setPath(input, 'trail.additionalDelegatedAdministratorAccountIds', ['456789012345']);
      expectProblem(input, 'trail.additionalDelegatedAdministratorAccountIds[0]', 'listed twice');
    });

    it.each([
      ['trail.delegatedAdministratorAccountId', '4567', 'exactly 12 digits'],
      ['trail.managementEvents', 'Everything', 'Fix: use "All", "ReadOnly" or "WriteOnly"'],
      ['trail.excludeManagementEventSources', ['s3.amazonaws.com'], 'Fix: use "kms.amazonaws.com" or "rdsdata.amazonaws.com"'],
      ['trail.dataEvents.s3Objects', 'Some', 'Fix: use "None", "All", "ReadOnly" or "WriteOnly"'],
      ['trail.dataEvents.lambdaInvocations', 'yes', 'must be true or false. Fix: write true or false without quotes'],
      ['trail.insights', ['ApiCallRate'], 'Fix: use "ApiCallRateInsight" or "ApiErrorRateInsight"'],
    ])('fails when %s is %j', (field, value, fragment) => {
      const problems = problemsOf(withChange(field, value));
      expect(problems.join('\n')).toContain(fragment);
      expect(problems.some((p) => p.startsWith(field))).toBe(true);
    });

    it('fails when Insights are asked for with read-only management events', () => {
      expectProblem(withChange('trail.managementEvents', 'ReadOnly'), 'trail.insights', 'needs write management events');
    });

    it('fails when a derived delivery role name would be too long', () => {
      const input = minimalInput();
      input.trailName = `t${'x'.repeat(60)}`;
      expectProblem(input, 'cloudWatchLogs.roleName', 'derived from trailName', 'set cloudWatchLogs.roleName');
    });

    it('fails when a derived topic name would contain a dot', () => {
      const input = minimalInput();
      input.trailName = 'org.trail';
      expectProblem(input, 'notifications.topicName', 'no dots', 'set notifications.topicName');
    });
  });

  describe('notifications', () => {
    const subscription = (value: unknown) => withChange('notifications.subscriptions', [value]);

    it.each([
      [{ protocol: 'email', endpoint: 'not-an-email' }, 'is not an email address'],
      [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-west-1:456789012345:queue.fifo' }, 'FIFO queues cannot subscribe'],
      [{ protocol: 'sqs', endpoint: 'arn:aws:sns:eu-west-1:456789012345:topic' }, 'is not a standard SQS queue ARN'],
      [{ protocol: 'lambda', endpoint: 'arn:aws:lambda:eu-west-1:456789012345:fn' }, 'is not a Lambda function ARN'],
      [{ protocol: 'https', endpoint: 'http://siem.example/ingest' }, 'is not an HTTPS URL'],
    ])('fails on subscription %j', (value, fragment) => {
      expectProblem(subscription(value), 'notifications.subscriptions[0].endpoint', fragment);
    });

    it('fails on an unsupported protocol', () => {
      expectProblem(
        subscription({ protocol: 'sms', endpoint: '+15550100' }),
        'notifications.subscriptions[0].protocol',
        'plain http and SMS are not offered',
      );
    });

    it('fails on a subscriber in an external account', () => {
      expectProblem(
        subscription({ protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-west-1:567890123456:q' }),
        'notifications.subscriptions[0].endpoint',
        'external account 567890123456',
      );
    });

    it('fails on a duplicate subscription', () => {
      const email = { protocol: 'email', endpoint: 'secops@acme.example' };
      expectProblem(
        withChange('notifications.subscriptions', [email, email]),
        'notifications.subscriptions[1].endpoint',
        'subscribed twice',
      );
    });

    it.each([
      ['notifications.topicName', 'bad.topic', 'is not an SNS topic name'],
      ['notifications.keyAlias', 'alias/aws/sns', 'reserved for AWS'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(field, value), field, fragment);
    });
  });

  describe('cloudWatchLogs', () => {
    it.each([[1], [365], [3653], [0]])('accepts a retention of %j days', (days) => {
      expect(problemsOf(withChange('cloudWatchLogs.retentionDays', days))).toEqual([]);
    });

    it.each([[2], [366], [10000], [-1]])('fails on a retention of %j days, which CloudWatch Logs does not accept', (days) => {
      expectProblem(
        withChange('cloudWatchLogs.retentionDays', days),
        'cloudWatchLogs.retentionDays',
        'is not a retention CloudWatch Logs accepts',
      );
    });

    it.each([
      ['cloudWatchLogs.logGroupName', 'has spaces', 'is not a log group name'],
      ['cloudWatchLogs.logGroupName', 'x'.repeat(513), 'is not a log group name'],
      ['cloudWatchLogs.roleName', 'r'.repeat(65), 'is not an IAM role name'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(field, value), field, fragment);
    });
  });

  describe('deployment', () => {
    it.each([
      ['deployment.roleName', 'role with spaces', 'is not an IAM role name'],
      ['deployment.backend', { type: 'gcs' }, 'needs a "type" of "local" or "s3"'],
      ['deployment.backend.bucket', 'Bad_Bucket', 'is not a valid S3 bucket name'],
      ['deployment.backend.region', 'mars-1', 'is not a commercial AWS region'],
      ['deployment.backend.roleArn', 'arn:aws:iam::123:role/x', 'is not an IAM role ARN'],
    ])('fails when %s is %j', (field, value, fragment) => {
      const problems = problemsOf(withChange(field, value));
      expect(problems.join('\n')).toContain(fragment);
    });

    it('fails on a reserved tag key', () => {
      const problems = problemsOf(withChange('deployment.defaultTags', { 'aws:owner': 'x' }));
      expect(problems.join('\n')).toContain('"aws:" is reserved');
    });
  });

  describe('unknown fields', () => {
    it('fails on a misspelled top-level field and suggests the right one', () => {
      const input = exampleInput() as Mutable;
      input.externalAccountIDs = [];
      expectProblem(input, 'externalAccountIDs', 'is not a known field', 'did you mean "externalAccountIds"');
    });

    it('fails on an unknown nested field so a typo cannot drop a setting', () => {
      const input = exampleInput() as Mutable;
      setPath(input, 'archive.lifecycle.expirationDay', 10);
      expectProblem(input, 'archive.lifecycle.expirationDay', 'did you mean "expirationDays"');
    });
  });

  describe('AWS policy size limits', () => {
    const manyAccounts = (n: number) => Array.from({ length: n }, (_, i) => `${900000000000 + i}`);

    it('fails with the S3 bucket policy limit when too many external accounts are listed', () => {
      const line = expectProblem(
        withChange('externalAccountIds', manyAccounts(120)),
        'externalAccountIds',
        'S3 bucket policy',
        '20480 bytes',
      );
      const fit = Number(/At most (\d+) external accounts fit/.exec(line)?.[1]);
      expect(fit).toBeGreaterThan(10);
      expect(fit).toBeLessThan(120);
      expect(problemsOf(withChange('externalAccountIds', manyAccounts(fit)))).toEqual([]);
      expect(problemsOf(withChange('externalAccountIds', manyAccounts(fit + 1)))).not.toEqual([]);
    });
  });

  describe('reporting', () => {
    it('reports every problem at once, one line each', () => {
      const input = exampleInput() as Mutable;
      input.organizationId = 'nope';
      input.homeRegion = 'moon-1';
      input.archiveBucketName = 'UPPER';
      setPath(input, 'archive.objectLock.mode', 'NONE');
      const problems = problemsOf(input);
      expect(problems.length).toBeGreaterThanOrEqual(4);
      for (const field of ['organizationId', 'homeRegion', 'archiveBucketName', 'archive.objectLock.mode']) {
        expect(problems.some((p) => p.startsWith(`${field}: `))).toBe(true);
      }
      for (const line of problems) expect(line).not.toContain('\n');
    });

    it('never crashes on random mutations of the example and always names a field', () => {
      const paths = collectPaths(exampleInput());
      const junk = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
      );
      fc.assert(
        fc.property(fc.constantFrom(...paths), junk, (dotted, value) => {
          const input = withChange(dotted, value);
          const result = validateConfig(input);
          if (result.ok) return;
          for (const line of result.problems) {
            expect(line).toMatch(/^(\(config\)|[A-Za-z$][\w$]*(\[(\d+|"(?:[^"\\]|\\.)*")\]|\.[A-Za-z$][\w$]*)*): \S/);
            expect(line).not.toMatch(/\n|\bat .+\.ts:\d+/);
          }
        }),
        { numRuns: 150 },
      );
    });

    it('reports each invalid field by its path', () => {
      const invalid: Record<string, fc.Arbitrary<unknown>> = {
        organizationId: fc.string({ maxLength: 8 }),
        managementAccountId: fc.stringMatching(/^\d{1,11}$/),
        auditAccountId: fc.stringMatching(/^[a-z]{12}$/),
        homeRegion: fc.constantFrom('eu-west-7', 'cn-north-1', 'EU-WEST-1', ''),
        archiveBucketName: fc.stringMatching(/^[A-Z_]{3,10}$/),
        'archive.keyAlias': fc.stringMatching(/^[a-z]{1,10}$/),
        'archive.objectLock.retentionDays': fc.integer({ min: -1000, max: 0 }),
        'archive.lifecycle.abortIncompleteMultipartUploadDays': fc.integer({ min: -50, max: 0 }),
        'deployment.roleName': fc.stringMatching(/^[a-z]{65,70}$/),
        'trail.delegatedAdministratorAccountId': fc.constantFrom('210987654321', '567890123456', '12'),
        'cloudWatchLogs.retentionDays': fc.integer({ min: 4000, max: 100000 }),
        'notifications.topicName': fc.stringMatching(/^[a-z]{1,5}\.[a-z]{1,5}$/),
      };
      const mutation = fc.oneof(...Object.entries(invalid).map(([field, arbitrary]) => arbitrary.map((value) => [field, value] as const)));
      fc.assert(
        fc.property(mutation, ([field, value]) => {
          const problems = problemsOf(withChange(field, value));
          expect(problems.some((p) => p.startsWith(`${field}: `))).toBe(true);
        }),
        { numRuns: 80 },
      );
    });
  });

  describe('the app', () => {
    const scratch = path.join(REPO_ROOT, '.tmp', `config-test-${process.pid}`);
    beforeAll(() => fs.mkdirSync(scratch, { recursive: true }));
    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it('writes nothing and leaves an existing output folder untouched when the config is bad', () => {
      const outdir = path.join(scratch, 'out-untouched');
      fs.mkdirSync(path.join(outdir, 'stacks', 'log-archive'), { recursive: true });
      fs.writeFileSync(path.join(outdir, 'stacks', 'log-archive', 'cdk.tf.json'), 'previous');
      const bad = path.join(scratch, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ ...exampleInput(), homeRegion: 'nowhere-1' }));
      expect(() => synthesizeOrganization({ configFile: bad, outdir, baseDir: scratch })).toThrow(SynthError);
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8')).toBe('previous');
      expect(fs.readdirSync(scratch).sort()).toEqual(['bad.json', 'out-untouched']);
    });

    it('does not create the output folder for a bad config', () => {
      const outdir = path.join(scratch, 'never-created');
      const bad = path.join(scratch, 'bad2.json');
      fs.writeFileSync(bad, '{ "organizationId": ');
      expect(() => synthesizeOrganization({ configFile: bad, outdir, baseDir: scratch })).toThrow(/is not valid JSON/);
      expect(fs.existsSync(outdir)).toBe(false);
    });

    it('exits non-zero from the command line with one line per problem and no stack trace', () => {
      const bad = path.join(scratch, 'bad-cli.json');
      fs.writeFileSync(bad, JSON.stringify({ ...exampleInput(), trailName: 'x', archiveBucketName: 'Bad_Name' }));
      const outdir = path.join(scratch, 'cli-out');
      const run = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', 'main.ts', '--config', bad, '--out', outdir], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/^trailName: "x" is not a valid trail name/),
        expect.stringMatching(/^archiveBucketName: "Bad_Name" is not a valid S3 bucket name/),
      ]);
      expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(fs.existsSync(outdir)).toBe(false);
    });

    it('lists no review warnings for the example, which keeps every secure default', () => {
      const result = synthesizeOrganization({
        configFile: EXAMPLE_CONFIG_FILE,
        outdir: path.join(scratch, 'out-review'),
        baseDir: scratch,
      });
      expect(result.review).toEqual([]);
    });

    it('lists every weakened default in the summary for the reviewer', () => {
      const input = exampleInput() as Mutable;
      setPath(input, 'archive.objectLock', { enabled: false });
      setPath(input, 'trail.excludeManagementEventSources', ['kms.amazonaws.com']);
      const file = path.join(scratch, 'weakened.json');
      fs.writeFileSync(file, JSON.stringify(input));
      const result = synthesizeOrganization({ configFile: file, outdir: path.join(scratch, 'out-weakened'), baseDir: scratch });
      expect(result.review).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^warning: log-archive\/Archive: disableObjectLock: /),
          expect.stringMatching(/^warning: organization-trail\/Trail: excludeManagementEventSources: kms.amazonaws.com not recorded/),
        ]),
      );
      for (const line of result.review) expect(result.summary).toContain(line);
    });

    it('synthesizes the example and keeps files terraform leaves next to a stack', () => {
      const outdir = path.join(scratch, 'out-good');
      const stackDir = path.join(outdir, 'stacks', 'log-archive');
      fs.mkdirSync(path.join(stackDir, '.terraform'), { recursive: true });
      fs.writeFileSync(path.join(stackDir, '.terraform', 'marker'), 'keep');
      const result = synthesizeOrganization({ configFile: EXAMPLE_CONFIG_FILE, outdir, baseDir: scratch });
      expect(result.stacks.map((s) => s.name)).toContain('log-archive');
      expect(fs.readFileSync(path.join(stackDir, '.terraform', 'marker'), 'utf8')).toBe('keep');
      expect(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).resource.aws_s3_bucket).toBeDefined();
      expect(result.summary).toMatch(/log-archive\s+345678901234\s+eu-west-1\s+\d+/);
    });
  });

  describe('JSON Schema', () => {
    it('is generated from the validator and committed up to date (run `npm run schema`)', () => {
      const committed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'config.schema.json'), 'utf8'));
      expect(committed).toEqual(configJsonSchema());
    });

    it('rejects unknown fields, like the validator', () => {
      const schema = configJsonSchema() as { additionalProperties?: boolean; required?: string[] };
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required).toEqual(
        expect.arrayContaining([
          'organizationId',
          'managementAccountId',
          'logArchiveAccountId',
          'auditAccountId',
          'homeRegion',
          'regions',
          'trailName',
          'archiveBucketName',
        ]),
      );
    });
  });
});

/** Dotted paths of every leaf and object in a JSON value (arrays indexed). */
function collectPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return prefix ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const own = prefix ? [prefix] : [];
  return [...own, ...entries.flatMap(([key, v]) => collectPaths(v, prefix ? `${prefix}.${key}` : key))];
}
