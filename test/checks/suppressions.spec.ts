/** Suppressions both ways (next to the construct, in a file), their reasons, and how they show in the report. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { suppressCheck, suppressionReasonProblem } from '../../modules/check-suppressions';
import {
  checkResources,
  formatText,
  PACK,
  parseSuppressions,
  patternMatches,
  readSuppressionsFile,
  type Suppression,
  SuppressionError,
} from '../../tooling/checks';
import type { AppResource } from '../../tooling/model';
import { policy, res, synthesizeStack } from './support';

const RULES = new Set(PACK.map((r) => r.id));
const REASON = 'AWS documents that CloudTrail sends no source keys when it assumes this role.';
const cloudTrailTrust = policy({
  Sid: 'AllowCloudTrailToAssume',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 'sts:AssumeRole',
});

/** Synthesizes (a real App, into a folder) a stack holding one role trusted by CloudTrail, optionally suppressed next to the construct. */
function synthesizedRole(suppress?: (role: IamRole) => void): AppResource[] {
  return synthesizeStack((stack) => {
    const role = new IamRole(stack, 'DeliveryRole', { name: 'delivery', assumeRolePolicy: cloudTrailTrust });
    suppress?.(role);
  }).resources;
}

const fileSuppression = (resource: string, rule = 'IamRoleTrustHasConfusedDeputyCondition'): Suppression => ({
  rule,
  resource,
  reason: REASON,
  source: 'file',
  where: `s.json: suppressions[0]`,
});

describe('suppressions next to the construct', () => {
  it('report the finding as suppressed, with the reason and where it is written', () => {
    const report = checkResources(synthesizedRole((role) => suppressCheck(role, 'IamRoleTrustHasConfusedDeputyCondition', REASON)));
    const finding = report.findings.find((f) => f.rule === 'IamRoleTrustHasConfusedDeputyCondition');
    expect(finding?.suppression).toEqual({
      reason: REASON,
      source: 'construct',
      where: 'trail/aws_iam_role.DeliveryRole //.checkSuppressions[0]',
    });
    expect(report.counts).toMatchObject({ error: 0, suppressed: 1 });
    expect(formatText(report)).toContain(
      `SUPPRESSED (1)\n  trail/aws_iam_role.DeliveryRole  IamRoleTrustHasConfusedDeputyCondition (error)\n    reason: ${REASON}\n    where:  next to the construct`,
    );
  });

  it('leave the finding open without the suppression', () => {
    const report = checkResources(synthesizedRole());
    expect(report.findings.filter((f) => !f.suppression).map((f) => f.rule)).toEqual(['IamRoleTrustHasConfusedDeputyCondition']);
  });

  it('are reported as unused when the resource is compliant', () => {
    const report = checkResources(
      synthesizedRole((role) => suppressCheck(role, 'KmsKeyRotationEnabled', 'This role is not a key, so the rule never applies to it.')),
    );
    expect(report.unusedSuppressions.map((s) => `${s.rule} ${s.source}`)).toEqual(['KmsKeyRotationEnabled construct']);
  });

  it('are refused with every problem when written by hand with an unknown rule or a short reason', () => {
    const role = res('aws_iam_role', 'Role', {
      assume_role_policy: cloudTrailTrust,
      '//': { checkSuppressions: [{ rule: 'IamRoleTrust', reason: REASON }, { rule: 'S3BucketTlsOnly', reason: 'n/a' }, 'x'] },
    });
    expect(() => checkResources([role])).toThrow(SuppressionError);
    try {
      checkResources([role]);
    } catch (error) {
      expect((error as SuppressionError).problems).toEqual([
        expect.stringMatching(
          /^test\/aws_iam_role\.Role \/\/\.checkSuppressions\[0\]\.rule: "IamRoleTrust" is not a rule of the pack\. Fix: .*did you mean IamRoleTrustHasConfusedDeputyCondition/,
        ),
        expect.stringMatching(/^test\/aws_iam_role\.Role \/\/\.checkSuppressions\[1\]\.reason: "n\/a" is not a sentence/),
        expect.stringMatching(/^test\/aws_iam_role\.Role \/\/\.checkSuppressions\[2\]: "x" is not an object/),
      ]);
    }
  });

  it('take precedence over a file suppression, which is then reported as unused', () => {
    const report = checkResources(
      synthesizedRole((role) => suppressCheck(role, 'IamRoleTrustHasConfusedDeputyCondition', REASON)),
      PACK,
      [fileSuppression('trail/**')],
    );
    expect(report.findings.find((f) => f.suppression)?.suppression?.source).toBe('construct');
    expect(report.unusedSuppressions.map((s) => s.where)).toEqual(['s.json: suppressions[0]']);
  });
});

describe('suppressions in a file', () => {
  const role = res('aws_iam_role', 'DeliveryRole_511E0B9E', { assume_role_policy: cloudTrailTrust }, { stack: 'organization-trail' });
  const withPath = { ...role, constructPath: 'organization-trail/CloudWatchLogs/DeliveryRole' };

  it.each([
    ['the exact address', 'organization-trail/aws_iam_role.DeliveryRole_511E0B9E', true],
    ['the construct path', 'organization-trail/CloudWatchLogs/DeliveryRole', true],
    ['the terraform address in any stack', 'aws_iam_role.DeliveryRole_511E0B9E', true],
    ['a glob within one segment', 'organization-*/aws_iam_role.*', true],
    ['a glob across segments', 'organization-trail/**', true],
    ['a glob within one segment of the construct path', 'organization-trail/*/DeliveryRole', true],
    ['a single-segment glob that would have to cross a /', 'organization-*/DeliveryRole', false],
    ['another stack', 'log-archive/aws_iam_role.DeliveryRole_511E0B9E', false],
  ])('match %s: %s', (_what, pattern, matches) => {
    expect(patternMatches(pattern, withPath)).toBe(matches);
  });

  it('suppress a matching finding and show the file and entry', () => {
    const report = checkResources([withPath], PACK, [fileSuppression('organization-trail/CloudWatchLogs/DeliveryRole')]);
    expect(report.findings.map((f) => f.suppression)).toEqual([{ reason: REASON, source: 'file', where: 's.json: suppressions[0]' }]);
    expect(report.unusedSuppressions).toEqual([]);
  });

  it('do not suppress another rule on the same resource', () => {
    const report = checkResources([withPath], PACK, [fileSuppression('organization-trail/**', 'S3BucketTlsOnly')]);
    expect(report.counts.error).toBe(1);
    expect(report.unusedSuppressions).toHaveLength(1);
  });

  it('are refused, every problem at once, with the field, the value, the rule and the fix', () => {
    const { suppressions, problems } = parseSuppressions(
      [
        { rule: 'IamRoleTrustHasConfusedDeputyCondition', resource: 'x/**', reason: REASON },
        { rule: 'S3BucketTLSOnly', resource: 'x', reason: REASON },
        { rule: 'S3BucketTlsOnly', resource: '', reason: 'Known.' },
        { rule: 'S3BucketTlsOnly', resource: 'x', reason: REASON, ticket: 'SEC-1' },
        'S3BucketTlsOnly',
        { rul: 'S3BucketTlsOnly', reason: REASON },
      ],
      'suppressions.json',
      RULES,
    );
    expect(suppressions.map((s) => s.resource)).toEqual(['x/**']);
    expect(problems).toEqual([
      expect.stringMatching(
        /^suppressions\.json: suppressions\[1\]\.rule: "S3BucketTLSOnly" is not a rule of the pack\. Fix: use a rule id from `npm run check -- --list` \(did you mean S3BucketTlsOnly\?\)$/,
      ),
      expect.stringMatching(/^suppressions\.json: suppressions\[2\]\.resource: "" is not a resource\. Fix: /),
      expect.stringMatching(
        /^suppressions\.json: suppressions\[2\]\.reason: "Known\." is not a sentence \(at least 4 words and 20 characters, ending with a period\)\. Fix: /,
      ),
      'suppressions.json: suppressions[3].ticket: is not a suppression field (only rule, resource and reason). Fix: remove it or correct its name',
      expect.stringMatching(/^suppressions\.json: suppressions\[4\]: "S3BucketTlsOnly" is not an object/),
      // A typo'd field: named, with the field meant; what it leaves missing is required.
      'suppressions.json: suppressions[5].rul: is not a suppression field (only rule, resource and reason). Fix: did you mean "rule"?',
      'suppressions.json: suppressions[5].rule: is required. Fix: name the rule it suppresses, an id from `npm run check -- --list`',
      expect.stringMatching(/^suppressions\.json: suppressions\[5\]\.resource: is required\. Fix: write <stack>\/<type>\.<name>/),
    ]);
  });

  it('must be a JSON array of entries, in a file that exists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-suppressions-'));
    try {
      const write = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      expect(() => readSuppressionsFile(write('object.json', '{"rule": "S3BucketTlsOnly"}'), RULES)).toThrow(
        /is not a JSON array\. Fix: write \[\{ "rule"/,
      );
      expect(() => readSuppressionsFile(write('broken.json', '[{'), RULES)).toThrow(/is not valid JSON \(.*\)\. Fix: /);
      expect(() => readSuppressionsFile(path.join(dir, 'missing.json'), RULES)).toThrow(/missing\.json: cannot be read \(ENOENT\)/);
      const ok = write('ok.json', JSON.stringify([{ rule: 'S3BucketTlsOnly', resource: 'log-archive/**', reason: REASON }]));
      expect(readSuppressionsFile(ok, RULES)).toEqual([
        { rule: 'S3BucketTlsOnly', resource: 'log-archive/**', reason: REASON, source: 'file', where: `${ok}: suppressions[0]` },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('suppression reasons', () => {
  it.each([
    ['a full sentence', REASON, true],
    ['a sentence ending in a closing parenthesis', 'S3 sends no source keys here (S3 user guide, replication).', true],
    ['a question', 'Why would a log bucket log itself into itself?', true],
    ['a word', 'n/a', false],
    ['a fragment without a period', 'documented AWS exception for this role', false],
    ['three words', 'Not applicable here.', false],
    ['empty', '   ', false],
  ])('accept %s: %j', (_what, reason, accepted) => {
    expect(suppressionReasonProblem(reason) === undefined).toBe(accepted);
  });

  it('say what is missing and give an example', () => {
    expect(suppressionReasonProblem('ok')).toMatch(
      /^"ok" is not a sentence \(at least 4 words and 20 characters, ending with a period\)\. Fix: .* e\.g\. "AWS documents/,
    );
    expect(suppressionReasonProblem(undefined)).toMatch(/^is missing, not a sentence\./);
  });
});
