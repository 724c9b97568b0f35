/**
 * The rule pack on the shipped examples, synthesized as `npm run synth` does: no unsuppressed
 * finding, and every exception recorded next to the construct it excuses (`suppressCheck`), with a
 * reason a reviewer can read.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeOrganization } from '../../stacks/synthesize';
import { type CheckReport, runChecks } from '../../tooling/checks';
import { exampleOutput } from '../support/example-output';

const REPO = path.resolve(__dirname, '..', '..');

/** The audit-queries stack's exceptions (on in both examples): the results bucket and the refresh function. */
const AUDIT_QUERIES_SUPPRESSED = [
  'S3BucketAccessLogging audit-queries/AuditQueries/Results/Storage/Bucket',
  'S3BucketObjectLockEnabled audit-queries/AuditQueries/Results/Storage/Bucket',
  'LambdaFunctionHasConcurrencyLimitOrDlq audit-queries/AuditQueries/AccountRefresh/Function',
];

/** The documented exceptions of each example, as `<rule> <construct path>`. */
const SUPPRESSED: Record<string, string[]> = {
  'organization.json': [
    'IamRoleTrustHasConfusedDeputyCondition log-archive/Replica/ReplicationRole',
    'IamRoleTrustHasConfusedDeputyCondition organization-trail/CloudWatchLogs/DeliveryRole',
    'CloudTrailCloudWatchLogsIntegrated external-account-567890123456/Trail/Trail',
    'CloudTrailCloudWatchLogsIntegrated external-account-678901234567/Trail/Trail',
    'CloudWatchLogGroupRetentionAtLeastYear deployment-events/ChatNotifier/LogGroup',
    'ResourcePolicyServiceGrantScopedToSource deployment-events/Bus/Key/Key',
    ...AUDIT_QUERIES_SUPPRESSED,
  ],
  'delegated-administrator.json': [
    'IamRoleTrustHasConfusedDeputyCondition organization-trail/CloudWatchLogs/DeliveryRole',
    ...AUDIT_QUERIES_SUPPRESSED,
  ],
};

const reports = new Map<string, CheckReport>();
let scratch = '';

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-example-'));
  for (const example of Object.keys(SUPPRESSED)) {
    // The organization example is synthesized once for the run (example-output.ts).
    const outdir = example === 'organization.json' ? exampleOutput() : path.join(scratch, example);
    if (example !== 'organization.json') {
      synthesizeOrganization({ configFile: path.join(REPO, 'examples', example), outdir, baseDir: scratch });
    }
    reports.set(example, runChecks(outdir));
  }
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe.each(Object.keys(SUPPRESSED))('the rule pack on examples/%s', (example) => {
  const report = () => reports.get(example) as CheckReport;

  it('finds nothing unsuppressed, errors or warnings', () => {
    expect(
      report()
        .findings.filter((f) => !f.suppression)
        .map((f) => `${f.rule} ${f.address}: ${f.detail}`),
    ).toEqual([]);
  });

  it('reports the documented exceptions as suppressed next to their constructs, each with a reason of a sentence or more', () => {
    const suppressed = report().findings.filter((f) => f.suppression);
    expect(suppressed.map((f) => `${f.rule} ${f.constructPath}`).sort()).toEqual([...SUPPRESSED[example]].sort());
    for (const f of suppressed) {
      expect(f.suppression).toMatchObject({ source: 'construct', reason: expect.stringMatching(/^.{80,}\.$/) });
    }
  });
});
