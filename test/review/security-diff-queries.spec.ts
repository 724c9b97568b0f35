/**
 * The security diff on crafted changes that widen who may query the archive with Athena, or what a
 * query may do: each must be rated dangerous (a cost cap removed is notable). Edits are made to the
 * example's synthesized JSON, as a reviewer's `review --against` would see them.
 */
import type { JsonObject, StackJson } from '../../tooling/terraform';
import { ARCHIVE, brief, diffBetween, editPolicy, resource, useBaseline } from './security-diff-support';

useBaseline();

const QUERIES = 'audit-queries';
const OUTSIDER = 'arn:aws:iam::999988887777:root';
const AUDIT_ROOT = 'arn:aws:iam::456789012345:root';
const RESULTS = 'audit-query-results-456789012345-eu-west-1';

type Edit = (stacks: Map<string, StackJson>) => void;
const diff = (stack: string, edit: Edit) => diffBetween(() => {}, edit, [stack]);
const onPolicy = (stack: string, type: string, prefix: string, edit: (statements: JsonObject[]) => JsonObject[]) =>
  diff(stack, (stacks) => editPolicy(resource(stacks, stack, type, prefix), 'policy', edit));
const changeSid = (sid: string, change: (s: JsonObject) => JsonObject) => (statements: JsonObject[]) =>
  statements.map((s) => (s.Sid === sid ? change(s) : s));
const workgroup = (stacks: Map<string, StackJson>) =>
  resource(stacks, QUERIES, 'aws_athena_workgroup', 'AuditQueries_Workgroup').configuration as JsonObject;
const dangerous = (findings: ReturnType<typeof brief>) => findings.filter(([severity]) => severity === 'dangerous');

describe('security diff: who may query, and what a query may do', () => {
  it('another account added to the archive reader statements (bucket or key) is dangerous', () => {
    const widen = (s: JsonObject) => ({ ...s, Principal: { AWS: [AUDIT_ROOT, OUTSIDER] } });
    expect(
      brief(onPolicy('log-archive', 'aws_s3_bucket_policy', 'Archive_Storage_Policy', changeSid('AllowLogReadersGetLogFiles', widen))),
    ).toEqual([
      [
        'dangerous',
        `S3 bucket policy on bucket ${ARCHIVE}`,
        `Allow \`AllowLogReadersGetLogFiles\` now also covers principals AWS:${OUTSIDER}`,
      ],
    ]);
    expect(
      brief(onPolicy('log-archive', 'aws_kms_key', 'ArchiveKey', changeSid('AllowLogReadersDecryptArchiveObjectsThroughS3', widen))),
    ).toEqual([
      [
        'dangerous',
        'KMS key policy on key alias/acme-cloudtrail-archive',
        `Allow \`AllowLogReadersDecryptArchiveObjectsThroughS3\` now also covers principals AWS:${OUTSIDER}`,
      ],
    ]);
  });

  it('the auditor policy widened (any workgroup, the whole archive, decrypt outside S3) is dangerous', () => {
    const auditor = (edit: (statements: JsonObject[]) => JsonObject[]) =>
      dangerous(brief(onPolicy(QUERIES, 'aws_iam_policy', 'AuditQueries_AccessPolicy', edit)));
    const subject = 'IAM identity policy on IAM policy org-audit-queries';
    expect(auditor(changeSid('AllowQueriesInAuditWorkgroup', (s) => ({ ...s, Resource: '*' })))).toEqual([
      ['dangerous', subject, 'Allow `AllowQueriesInAuditWorkgroup` now also covers resources *'],
    ]);
    expect(auditor(changeSid('AllowReadArchiveLogs', (s) => ({ ...s, Resource: `arn:aws:s3:::${ARCHIVE}/*` })))).toEqual([
      ['dangerous', subject, `Allow \`AllowReadArchiveLogs\` now also covers resources arn:aws:s3:::${ARCHIVE}/*`],
    ]);
    expect(auditor(changeSid('AllowDecryptArchiveLogsThroughS3', (s) => ({ ...s, Condition: undefined })))).toEqual([
      [
        'dangerous',
        subject,
        'Allow `AllowDecryptArchiveLogsThroughS3` lost condition StringEquals kms:ViaService s3.eu-west-1.amazonaws.com',
      ],
    ]);
  });

  it('the results key or bucket opened to another account, or a results Deny removed, is dangerous', () => {
    const key = onPolicy(
      QUERIES,
      'aws_kms_key',
      'AuditQueries_Key',
      changeSid('AllowQueryAccountUseThroughS3', (s) => ({ ...s, Principal: { AWS: OUTSIDER } })),
    );
    expect(dangerous(brief(key))).toEqual([
      [
        'dangerous',
        'KMS key policy on key alias/org-audit-queries',
        `Allow \`AllowQueryAccountUseThroughS3\` now also covers principals AWS:${OUTSIDER}`,
      ],
    ]);
    for (const sid of ['DenyOtherAccounts', 'DenyResultsWithAnotherKey', 'DenyResultsWithCustomerKeys']) {
      expect(
        brief(onPolicy(QUERIES, 'aws_s3_bucket_policy', 'AuditQueries_Results', (statements) => statements.filter((s) => s.Sid !== sid))),
      ).toEqual([['dangerous', `S3 bucket policy on bucket ${RESULTS}`, `Deny statement \`${sid}\` removed`]]);
    }
  });

  it('a workgroup that stops enforcing its configuration, or encrypts results otherwise, is dangerous', () => {
    expect(brief(diff(QUERIES, (stacks) => Object.assign(workgroup(stacks), { enforce_workgroup_configuration: false })))).toEqual([
      ['dangerous', 'workgroup org-audit-queries', 'enforced configuration: on → off: queries choose output, encryption and scan cap'],
    ]);
    const sseS3 = diff(QUERIES, (stacks) => {
      (workgroup(stacks).result_configuration as JsonObject).encryption_configuration = { encryption_option: 'SSE_S3' };
    });
    expect(brief(sseS3)).toEqual([
      [
        'dangerous',
        'workgroup org-audit-queries',
        expect.stringMatching(/^result encryption: SSE_KMS with \$\{aws_kms_key\.AuditQueries_Key_[A-F0-9]{8}\.arn\} → SSE_S3$/),
      ],
    ]);
  });

  it('a scan cap removed or raised is notable (cost), lowered is info', () => {
    const cap = (bytes: number | undefined) =>
      brief(
        diff(QUERIES, (stacks) => {
          if (bytes === undefined) delete workgroup(stacks).bytes_scanned_cutoff_per_query;
          else workgroup(stacks).bytes_scanned_cutoff_per_query = bytes;
        }),
      );
    expect(cap(undefined)).toEqual([['notable', 'workgroup org-audit-queries', 'scan cap (bytes per query): 10737418240 → none']]);
    expect(cap(1e13)).toEqual([['notable', 'workgroup org-audit-queries', 'scan cap (bytes per query): 10737418240 → 10000000000000']]);
    expect(cap(10485760)).toEqual([['info', 'workgroup org-audit-queries', 'scan cap (bytes per query): 10737418240 → 10485760']]);
  });

  it('a table repointed at another bucket (answers from data nobody protects) is dangerous', () => {
    const repointed = diff(QUERIES, (stacks) => {
      const table = resource(stacks, QUERIES, 'aws_glue_catalog_table', 'AuditQueries_OrganizationTable');
      (table.parameters as JsonObject)['storage.location.template'] =
        's3://attacker-bucket/AWSLogs/$${account}/CloudTrail/$${region}/$${date}/';
      (table.storage_descriptor as JsonObject).location = 's3://attacker-bucket/AWSLogs/';
    });
    expect(brief(repointed).map(([severity, subject, change]) => [severity, subject, String(change).split(':')[0]])).toEqual([
      ['dangerous', 'Glue table cloudtrail', 'location'],
      ['dangerous', 'Glue table cloudtrail', 'location template'],
    ]);
  });
});
