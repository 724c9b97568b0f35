import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { readConfigFile } from '../../stacks/config/parse';
import {
  collectPaths,
  deletePath,
  escapeRegExp,
  exampleInput,
  fieldPath,
  getPath,
  type Mutable,
  manyAccounts,
  minimalInput,
  PROBLEM_LINE,
  problemsOf,
  setPath,
} from '../support/config';

/*
 * Every line the validator can print names a fix: a battery of broken configs over every field of
 * every section, and random mutations of the example. Each case must fail, and at the field broken.
 */

/** The example with every optional field present, so every field can be broken. */
function fullInput(): Mutable {
  const input = exampleInput() as Mutable;
  setPath(input, 'trail.delegatedAdministratorAccountId', '456789012345');
  setPath(input, 'trail.additionalDelegatedAdministratorAccountIds', ['111122223333']);
  setPath(input, 'trail.excludeManagementEventSources', ['kms.amazonaws.com']);
  setPath(input, 'deployment.backend.kmsKeyId', 'arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  setPath(input, 'deployment.backend.roleArn', 'arn:aws:iam::210987654321:role/terraform-state');
  return input;
}

interface Case {
  readonly name: string;
  readonly input: unknown;
  /** The printed field path a problem must start with; any field when absent. */
  readonly field?: string;
}

/** Problems of every case: lines without a fix, and cases that failed to fail (or failed elsewhere). */
function audit(cases: readonly Case[]): { lines: number; wrong: string[] } {
  let lines = 0;
  const wrong: string[] = [];
  for (const c of cases) {
    const problems = problemsOf(c.input);
    lines += problems.length;
    if (problems.length === 0) wrong.push(`${c.name}: no problem reported`);
    else if (c.field && !problems.some((p) => p.startsWith(`${c.field}: `) || p.startsWith(`${c.field}.`) || p.startsWith(`${c.field}[`))) {
      wrong.push(`${c.name}: no problem at ${c.field}: ${problems.join(' | ')}`);
    }
    for (const line of problems) if (!PROBLEM_LINE.test(line)) wrong.push(`${c.name}: ${line}`);
  }
  return { lines, wrong };
}

function changed(dotted: string, value: unknown, base: () => Mutable = fullInput): Mutable {
  const input = base();
  setPath(input, dotted, value);
  return input;
}

const WRONG_TYPES: Record<string, unknown[]> = {
  string: [42, true, null, ['text'], { text: 1 }],
  number: ['30', true, null, [30], {}],
  boolean: ['true', 1, null, [true]],
  array: ['text', 7, null, { 0: 'a' }],
  object: ['text', 7, true, null, []],
};

function typeOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value;
}

describe('config', () => {
  describe('a fix on every line', () => {
    const paths = collectPaths(fullInput());

    it('starts from a full config that is valid', () => {
      expect(problemsOf(fullInput())).toEqual([]);
      expect(paths.length).toBeGreaterThan(80);
    });

    it('names a fix for every field set to a wrong type', () => {
      const cases = paths.flatMap((dotted) =>
        WRONG_TYPES[typeOf(getPath(fullInput(), dotted))].map((value) => ({
          name: `${dotted} = ${JSON.stringify(value)}`,
          input: changed(dotted, value),
          field: fieldPath(dotted),
        })),
      );
      expect(cases.length).toBeGreaterThan(300);
      const { lines, wrong } = audit(cases);
      expect(wrong).toEqual([]);
      expect(lines).toBeGreaterThanOrEqual(cases.length);
    });

    it.each<[string, unknown]>([
      ['organizationId', 'o-short'],
      ['managementAccountId', '1234'],
      ['logArchiveAccountId', '1234567890123'],
      ['auditAccountId', '12345678901a'],
      ['homeRegion', 'eu-west-9'],
      ['regions', []],
      ['regions.1', 'mars-1'],
      ['trailName', 'ab'],
      ['trailName', 't'.repeat(129)],
      ['archiveBucketName', 'a'.repeat(64)],
      ['externalAccountIds.0', '123'],
      ['archive.keyAlias', `alias/${'k'.repeat(251)}`],
      ['archive.keyAlias', 'alias/aws/s3'],
      ['archive.keyPrefix', ''],
      ['archive.keyPrefix', 'p'.repeat(201)],
      ['archive.keyPrefix', 'AWSLogs'],
      ['archive.lifecycle.transitions.0.days', -1],
      ['archive.lifecycle.transitions.0.days', 36501],
      ['archive.lifecycle.transitions.0.storageClass', 'STANDARD'],
      ['archive.lifecycle.expirationDays', 0],
      ['archive.lifecycle.expirationDays', 36501],
      ['archive.lifecycle.noncurrentTransitions.0.days', 1.5],
      ['archive.lifecycle.noncurrentTransitions.0.storageClass', 'COLD'],
      ['archive.lifecycle.noncurrentExpirationDays', 0],
      ['archive.lifecycle.abortIncompleteMultipartUploadDays', 366],
      ['archive.objectLock.mode', 'LEGAL_HOLD'],
      ['archive.objectLock.retentionDays', 36501],
      ['archive.accessLogs.bucketName', 'Access_Logs'],
      ['archive.accessLogs.expirationDays', 0],
      ['archive.accessLogs.noncurrentExpirationDays', 36501],
      ['archive.replication.region', 'eu-west-9'],
      ['archive.replication.bucketName', 'ab'],
      ['archive.replication.accessLogBucketName', 'a..b'],
      ['archive.replication.keyAlias', 'replica'],
      ['archive.replication.storageClass', 'REDUCED_REDUNDANCY'],
      ['archive.readerAccountIds.0', '4567'],
      ['trail.delegatedAdministratorAccountId', '4567'],
      ['trail.additionalDelegatedAdministratorAccountIds.0', 'x'],
      ['trail.managementEvents', 'Everything'],
      ['trail.excludeManagementEventSources.0', 's3.amazonaws.com'],
      ['trail.dataEvents.s3Objects', 'Some'],
      ['trail.insights.0', 'ApiCallRate'],
      ['notifications.topicName', 't'.repeat(257)],
      ['notifications.keyAlias', 'alias/aws/sns'],
      ['notifications.subscriptions.0.protocol', 'sms'],
      ['notifications.subscriptions.0.endpoint', 'not-an-email'],
      ['notifications.subscriptions.1.endpoint', 'arn:aws:sqs:eu-west-1:456789012345:q.fifo'],
      ['notifications.subscriptions.1.endpoint', 'arn:aws:lambda:eu-west-1:456789012345:fn'],
      ['notifications.subscriptions.2.endpoint', 'http://siem.acme.example'],
      ['cloudWatchLogs.logGroupName', 'x'.repeat(513)],
      ['cloudWatchLogs.retentionDays', 366],
      ['cloudWatchLogs.keyAlias', 'logs'],
      ['cloudWatchLogs.roleName', 'r'.repeat(65)],
      ['deployment.roleName', 'role with spaces'],
      ['deployment.defaultTags.Owner', 'o'.repeat(257)],
      ['deployment.backend.type', 'gcs'],
      ['deployment.backend.bucket', 'ab'],
      ['deployment.backend.region', 'mars-1'],
      ['deployment.backend.keyPrefix', 'a b'],
      ['deployment.backend.kmsKeyId', 'my-key'],
      ['deployment.backend.roleArn', 'arn:aws:iam::1:role/x'],
    ])('names a fix when %s is out of range (%j)', (dotted, value) => {
      const { lines, wrong } = audit([{ name: dotted, input: changed(dotted, value), field: fieldPath(dotted) }]);
      expect(wrong).toEqual([]);
      expect(lines).toBeGreaterThan(0);
    });

    it('names a fix for every required field left out', () => {
      const required = [
        'organizationId',
        'managementAccountId',
        'logArchiveAccountId',
        'auditAccountId',
        'homeRegion',
        'regions',
        'trailName',
        'archiveBucketName',
        'archive.lifecycle.transitions.0.storageClass',
        'archive.lifecycle.transitions.0.days',
        'archive.replication.region',
        'archive.replication.bucketName',
        'notifications.subscriptions.0.protocol',
        'notifications.subscriptions.0.endpoint',
        'deployment.backend.type',
        'deployment.backend.bucket',
        'deployment.backend.region',
      ];
      const cases = required.map((dotted) => {
        const input = fullInput();
        deletePath(input, dotted);
        return { name: `without ${dotted}`, input, field: fieldPath(dotted) };
      });
      const { wrong } = audit(cases);
      expect(wrong).toEqual([]);
      for (const c of cases) {
        expect(problemsOf(c.input)).toEqual(
          expect.arrayContaining([expect.stringMatching(`^${escapeRegExp(c.field)}: is required. Fix: `)]),
        );
      }
    });

    it('names a fix for an unknown field in every object', () => {
      const objects = ['', ...paths].filter((dotted) => {
        const value = dotted ? getPath(fullInput(), dotted) : fullInput();
        return value !== null && typeof value === 'object' && !Array.isArray(value) && dotted !== 'deployment.defaultTags';
      });
      expect(objects.length).toBeGreaterThan(15);
      const cases = objects.map((dotted) => {
        const field = dotted ? `${dotted}.zzUnknown` : 'zzUnknown';
        return { name: field, input: changed(field, 1), field: fieldPath(field) };
      });
      const { wrong } = audit(cases);
      expect(wrong).toEqual([]);
      for (const c of cases)
        expect(problemsOf(c.input)).toContainEqual(expect.stringMatching(/ is not a known field; .* Fix: remove it \(known fields: \w/));
    });

    it.each<[string, () => Mutable]>([
      ['the home region is not governed', () => changed('regions', ['us-east-1'])],
      ['a region is listed twice', () => changed('regions', ['eu-west-1', 'eu-west-1'])],
      ['the archive is in the management account', () => changed('logArchiveAccountId', '210987654321')],
      ['an external account is the audit account', () => changed('externalAccountIds', ['456789012345'])],
      ['an external account is listed twice', () => changed('externalAccountIds', ['567890123456', '567890123456'])],
      ['a reader is an external account', () => changed('archive.readerAccountIds', ['567890123456'])],
      ['a reader is listed twice', () => changed('archive.readerAccountIds', ['456789012345', '456789012345'])],
      ['the replica is in the home region', () => changed('archive.replication.region', 'eu-west-1')],
      ['the replica shares the archive name', () => changed('archive.replication.bucketName', 'acme-cloudtrail-archive-345678901234')],
      ['logs expire before their lock', () => changed('archive.objectLock.retentionDays', 3000)],
      ['transitions climb the waterfall', () => changed('archive.lifecycle.transitions.1.storageClass', 'STANDARD_IA')],
      [
        'a transition comes too soon after an IA tier',
        () => changed('archive.lifecycle.transitions.1', { storageClass: 'GLACIER', days: 45 }),
      ],
      ['expiration comes before the minimum storage', () => changed('archive.lifecycle.expirationDays', 400)],
      ['the delegated administrator is the management account', () => changed('trail.delegatedAdministratorAccountId', '210987654321')],
      ['the delegated administrator is external', () => changed('trail.delegatedAdministratorAccountId', '567890123456')],
      [
        'there are 4 delegated administrators',
        () => changed('trail.additionalDelegatedAdministratorAccountIds', ['111122223333', '222233334444', '333344445555']),
      ],
      ['Insights need write events', () => changed('trail.managementEvents', 'ReadOnly')],
      ['an Insights type is listed twice', () => changed('trail.insights', ['ApiCallRateInsight', 'ApiCallRateInsight'])],
      [
        'a subscriber is external',
        () => changed('notifications.subscriptions.1.endpoint', 'arn:aws:lambda:eu-west-1:567890123456:function:f'),
      ],
      [
        'a subscription is listed twice',
        () => changed('notifications.subscriptions.1', getPath(fullInput(), 'notifications.subscriptions.0')),
      ],
      ['the state bucket is the archive', () => changed('deployment.backend.bucket', 'acme-cloudtrail-archive-345678901234')],
      ['a tag key is reserved', () => changed('deployment.defaultTags', { 'aws:owner': 'me' })],
    ])('names a fix when %s', (_, input) => {
      const { lines, wrong } = audit([{ name: _, input: input() }]);
      expect(wrong).toEqual([]);
      expect(lines).toBeGreaterThan(0);
    });

    it.each<[string, () => Mutable, string]>([
      [
        'the derived access-log bucket name is too long',
        () => changed('archiveBucketName', 'a'.repeat(60), minimalInput),
        'archive.accessLogs.bucketName',
      ],
      [
        'the derived replica access-log bucket name is too long',
        () => changed('archive.replication', { region: 'eu-central-1', bucketName: 'r'.repeat(60) }),
        'archive.replication.accessLogBucketName',
      ],
      ['the derived topic name has a dot', () => changed('trailName', 'org.trail', minimalInput), 'notifications.topicName'],
      ['the derived role name is too long', () => changed('trailName', 't'.repeat(60), minimalInput), 'cloudWatchLogs.roleName'],
      ['120 external accounts overflow the policies', () => changed('externalAccountIds', manyAccounts(120)), 'externalAccountIds'],
      [
        '500 readers overflow the policies',
        () => {
          const input = changed('archive.readerAccountIds', manyAccounts(500, 800000000000));
          input.externalAccountIds = [];
          return input;
        },
        'archive.readerAccountIds',
      ],
    ])('names a fix when %s', (name, input, field) => {
      const { lines, wrong } = audit([{ name, input: input(), field }]);
      expect(wrong).toEqual([]);
      expect(lines).toBeGreaterThan(0);
    });

    it('names a fix when the config file cannot be read or is not JSON', () => {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'config-fix-'));
      try {
        const texts = [
          '',
          '{',
          '{"a": 1,}',
          '[1 2]',
          '{"a": "b\n"}',
          "{'a': 1}",
          '{"a": tru}',
          '{} {}',
          '\ufeff{}',
          '{"a": 01}',
          '{"a": "\\x"}',
        ];
        const files = texts.map((text, i) => {
          const file = path.join(scratch, `bad-${i}.json`);
          fs.writeFileSync(file, text);
          return file;
        });
        const lines = [...files, path.join(scratch, 'missing.json'), scratch].flatMap((file) => {
          const read = readConfigFile(file);
          return read.ok ? [`${file}: read without a problem`] : read.problems;
        });
        expect(lines).toHaveLength(texts.length + 2);
        for (const line of lines) expect(line).toMatch(PROBLEM_LINE);
        for (const line of lines) expect(line).toMatch(/ is not valid JSON at line \d+, column \d+ | cannot be read /);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });

    it('names a fix on every line for random mutations of the example', () => {
      const junk = fc.oneof(
        fc.string({ maxLength: 70 }),
        fc.integer({ min: -100000, max: 100000 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 2 }),
      );
      const change = fc.record({ dotted: fc.constantFrom(...paths), value: junk });
      let lines = 0;
      fc.assert(
        fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), (changes) => {
          const input = fullInput();
          for (const { dotted, value } of changes) {
            const parent = dotted.includes('.') ? getPath(input, dotted.slice(0, dotted.lastIndexOf('.'))) : input;
            if (parent === null || typeof parent !== 'object') continue; // an earlier change replaced it
            if (value === undefined) deletePath(input, dotted);
            else setPath(input, dotted, value);
          }
          const problems = problemsOf(JSON.parse(JSON.stringify(input)));
          lines += problems.length;
          for (const line of problems) expect(line).toMatch(PROBLEM_LINE);
        }),
        { numRuns: 200 },
      );
      expect(lines).toBeGreaterThan(100);
    });
  });
});
