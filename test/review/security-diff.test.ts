/**
 * The security diff (`npm run review -- --against <baseline>`): the synthesized example against
 * copies changed the ways a bad pull request would, each change found and rated. Dangerous means a
 * protection is weaker; tightening is info.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeOrganization } from '../../stacks/synthesize';
import { loadReviewApp, reviewAppFromStacks, type StackSourceJson } from '../../tooling/review/app-model';
import { reviewContext } from '../../tooling/review/review-context';
import { securityDiffSection } from '../../tooling/review/section-security-diff';
import { type Finding, securityDiff } from '../../tooling/review/security-diff';
import type { JsonObject, StackJson } from '../../tooling/terraform';
import { monitoringStack } from './fixtures';

const EXAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'organization.json');
let scratch = '';
let baseline: StackSourceJson[] = [];

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'security-diff-'));
  synthesizeOrganization({ configFile: EXAMPLE, outdir: path.join(scratch, 'out'), baseDir: scratch });
  baseline = loadReviewApp(path.join(scratch, 'out')).stacks.map((s) => ({ name: s.name, json: s.json }));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The diff of the baseline against a copy that `change` edits (stack JSON by name). */
function diffAfter(change: (stacks: Map<string, StackJson>) => void): Finding[] {
  const copy = new Map(baseline.map((s) => [s.name, structuredClone(s.json)]));
  change(copy);
  const before = reviewContext(reviewAppFromStacks(baseline));
  const after = reviewContext(reviewAppFromStacks([...copy].map(([name, json]) => ({ name, json }))));
  return [...securityDiff(before, after, 'baseline').findings];
}

/** The one resource of a type in a stack whose logical name starts with `prefix`. */
function resource(stacks: Map<string, StackJson>, stack: string, type: string, prefix: string): JsonObject {
  const all = stacks.get(stack)?.resource?.[type] ?? {};
  const name = Object.keys(all).find((n) => n.startsWith(prefix));
  if (!name) throw new Error(`${stack}: no ${type} ${prefix}*`);
  return all[name];
}

/** Edits the statements of a JSON policy attribute in place. */
function editPolicy(r: JsonObject, attribute: string, edit: (statements: JsonObject[]) => JsonObject[]): void {
  const doc = JSON.parse(r[attribute] as string) as { Statement: JsonObject[] };
  doc.Statement = edit(doc.Statement);
  r[attribute] = JSON.stringify(doc);
}

const brief = (findings: Finding[]) => findings.map((f) => [f.severity, f.subject, f.change]);

describe('security diff', () => {
  it('finds nothing when nothing changed', () => {
    expect(diffAfter(() => {})).toEqual([]);
  });

  it('rates a removed Deny, a widened exception and a new reader account as dangerous, naming the statement', () => {
    const findings = diffAfter((stacks) =>
      editPolicy(resource(stacks, 'log-archive', 'aws_s3_bucket_policy', 'Archive_Storage_Policy'), 'policy', (statements) =>
        statements
          .filter((s) => s.Sid !== 'DenyLogDeletion')
          .map((s) => {
            if (s.Sid === 'DenyBucketAdministrationExceptAdministrators') {
              const condition = s.Condition as { ArnNotLike: { 'aws:PrincipalArn': string[] } };
              condition.ArnNotLike['aws:PrincipalArn'].push('arn:aws:iam::345678901234:role/Intruder');
            }
            if (s.Sid === 'AllowLogReadersGetLogFiles')
              s.Principal = { AWS: ['arn:aws:iam::456789012345:root', 'arn:aws:iam::999999999999:root'] };
            return s;
          }),
      ),
    );
    const subject = 'S3 bucket policy on bucket acme-cloudtrail-archive-345678901234';
    expect(brief(findings)).toEqual([
      [
        'dangerous',
        subject,
        'Deny `DenyBucketAdministrationExceptAdministrators`: ArnNotLike aws:PrincipalArn now also arn:aws:iam::345678901234:role/Intruder',
      ],
      ['dangerous', subject, 'Allow `AllowLogReadersGetLogFiles` now also covers principals AWS:arn:aws:iam::999999999999:root'],
      ['dangerous', subject, 'Deny statement `DenyLogDeletion` removed'],
    ]);
  });

  it('rates tightening as info: a new Deny, a narrower Allow', () => {
    const findings = diffAfter((stacks) =>
      editPolicy(resource(stacks, 'log-archive', 'aws_s3_bucket_policy', 'Archive_Storage_Policy'), 'policy', (statements) => [
        ...statements.filter((s) => s.Sid !== 'AllowLogReadersListBucket'),
        {
          Sid: 'DenyEverythingElse',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutBucketCors',
          Resource: 'arn:aws:s3:::acme-cloudtrail-archive-345678901234',
        },
      ]),
    );
    expect(findings.map((f) => [f.severity, f.change])).toEqual([
      ['info', 'Deny statement `DenyEverythingElse` added'],
      ['info', 'Allow statement `AllowLogReadersListBucket` removed'],
    ]);
  });

  it('rates weaker object lock, a sooner expiration, shorter log retention, lost prevent_destroy and trail validation as dangerous', () => {
    const findings = diffAfter((stacks) => {
      const lock = resource(stacks, 'log-archive', 'aws_s3_bucket_object_lock_configuration', 'Archive_');
      ((lock.rule as JsonObject).default_retention as JsonObject).days = 30;
      const lifecycle = resource(stacks, 'log-archive', 'aws_s3_bucket_lifecycle_configuration', 'Archive_');
      ((lifecycle.rule as JsonObject[])[1].expiration as JsonObject[])[0].days = 365;
      delete resource(stacks, 'log-archive', 'aws_s3_bucket', 'AccessLogBucket_').lifecycle;
      resource(stacks, 'organization-trail', 'aws_cloudwatch_log_group', 'CloudWatchLogs_').retention_in_days = 30;
      resource(stacks, 'organization-trail', 'aws_cloudtrail', 'Trail').enable_log_file_validation = false;
    });
    expect(findings.every((f) => f.severity === 'dangerous')).toBe(true);
    expect(findings.map((f) => [f.subject, f.change.split(':')[0]])).toEqual([
      [
        'bucket acme-cloudtrail-archive-access-logs-345678901234 (aws_s3_bucket.AccessLogBucket_Storage_Bucket_66EFB31E)',
        'loses prevent_destroy',
      ],
      ['bucket acme-cloudtrail-archive-345678901234', 'object lock'],
      ['bucket acme-cloudtrail-archive-345678901234', 'lifecycle rule `archive-log-files-small`'],
      ['log group cloudtrail/acme-organization-trail', 'retention'],
      ['trail acme-organization-trail', 'log file validation'],
    ]);
    expect(findings[1].change).toBe('object lock: GOVERNANCE, 400 days default retention → GOVERNANCE, 30 days default retention');
  });

  it('rates a removed guardrail, a renamed bucket address and a removed stack as dangerous', () => {
    const findings = diffAfter((stacks) => {
      const guardrails = stacks.get('organization-guardrails')?.resource ?? {};
      const scp = Object.keys(guardrails.aws_organizations_policy).find((n) => n.startsWith('Guardrails_DeliveryPolicy')) as string;
      delete guardrails.aws_organizations_policy[scp];
      const buckets = stacks.get('log-archive')?.resource?.aws_s3_bucket ?? {};
      const replica = Object.keys(buckets).find((n) => n.startsWith('Replica_Storage_Bucket')) as string;
      buckets.RenamedReplica = buckets[replica];
      delete buckets[replica];
      stacks.delete('external-account-678901234567');
    });
    const dangerous = findings.filter((f) => f.severity === 'dangerous').map((f) => [f.stack, f.change.split(':')[0]]);
    expect(dangerous).toEqual(
      expect.arrayContaining([
        ['external-account-678901234567', 'no longer synthesized'],
        ['log-archive', 'address changes to aws_s3_bucket.RenamedReplica'],
        ['organization-guardrails', 'removed'],
        [
          'organization-guardrails',
          expect.stringMatching(/^Service control policy on SCP org-logging-protect-trail-delivery removed with its \d+ Deny statements$/),
        ],
      ]),
    );
  });

  it('reports routes that stop reaching a target and rules that get disabled', () => {
    const before = reviewContext(reviewAppFromStacks([{ name: 'monitoring', json: monitoringStack() }]));
    const changed = monitoringStack();
    const rules = changed.resource?.aws_cloudwatch_event_rule ?? {};
    rules.FailedDeployments.event_pattern = JSON.stringify({
      source: ['aws.codedeploy'],
      'detail-type': ['CodeDeploy Deployment State-change Notification'],
      detail: { state: ['FAILURE'] },
    });
    rules.FailedDeployments.state = 'DISABLED';
    const after = reviewContext(reviewAppFromStacks([{ name: 'monitoring', json: changed }]));
    expect(brief([...securityDiff(before, after).findings])).toEqual([
      ['dangerous', 'event rule failed-deployments', 'enabled: true → false'],
      ['notable', 'event rule failed-deployments', 'states: FAILURE, STOP → FAILURE'],
    ]);
  });

  it('renders a section with the counts and a table, dangerous first', () => {
    const before = reviewContext(reviewAppFromStacks(baseline));
    const section = securityDiffSection(securityDiff(before, before, 'main/cdktf.out'));
    expect(section).toContain('Compared with `main/cdktf.out`: 0 dangerous, 0 notable, 0 info.');
    expect(section).toContain('No differences in stacks, resources, policies or protective settings.');
  });
});
