/**
 * The review shows who may query: the audit-queries chapter's "Who may query" section, and the
 * grants behind it in the Policies sections (the archive's reader statements, the results bucket
 * and key, the auditor and refresh policies). Expectations derived from the example config.
 */
import * as fs from 'node:fs';
import { configSchema } from '../../stacks/config';
import type { Review } from '../../tooling/review';
import { EXAMPLE_CONFIG_FILE } from '../support/config';
import { exampleReview } from '../support/example-review';
import { sectionOf, stackChapter } from './markdown-support';

const config = configSchema.parse(JSON.parse(fs.readFileSync(EXAMPLE_CONFIG_FILE, 'utf8')));
const audit = config.auditAccountId;
const prefix = `s3://${config.archiveBucketName}/${config.archive.keyPrefix}/AWSLogs/`;

let review: Review;

beforeAll(() => {
  review = exampleReview();
}, 60_000);

describe('review of the example > who may query', () => {
  it('states the account, the auditor policy, the tables, the scan cap with its price, the results, the saved questions and the refresh', () => {
    const section = sectionOf(stackChapter(review.markdown, 'audit-queries'), '### Who may query');
    expect(section.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      `- **who**: principals of account \`${audit}\` whose own IAM policies allow \`athena:StartQueryExecution\` on workgroup \`org-audit-queries\`: attach \`org-audit-queries\` to their roles; the archive admits the whole account through its reader statements (see the log-archive Policies), so any principal there whose own policies allow \`s3:GetObject\` on the archive and \`kms:Decrypt\` on its key (an administrator) reads the log files too`,
      `- **reads**: \`org_audit_logs.cloudtrail_account_trails\` over \`${prefix}\${account}/CloudTrail/\${region}/\${date}/\`, projecting 3 accounts × 34 regions × days \`NOW-2557DAYS,NOW\`; \`org_audit_logs.cloudtrail\` over \`${prefix}${config.organizationId}/\${account}/CloudTrail/\${region}/\${date}/\`, projecting 3 accounts × 34 regions × days \`NOW-2557DAYS,NOW\``,
      '- **scan cap**: 10 GiB (about $0.05 at $5 per TB scanned) per query, enforced over client settings',
      `- **results**: \`s3://audit-query-results-${audit}-${config.homeRegion}/\`, SSE_KMS with key alias/org-audit-queries, expiring after 30 days`,
      '- **saved questions**: `codedeploy-changes-without-mfa`, `codedeploy-changes`, `codedeploy-denied`, `codedeploy-root-or-iam-user`, `deployment-group-safety-changes`, `deployments-by-principal`',
      '- **account lists**: refreshed by Lambda org-audit-query-accounts on `rate(24 hours)`',
    ]);
  });

  it('shows the grants behind it among the policies: results bucket and key, auditor policy, refresh role and its trust', () => {
    const mine = review.context.policies.filter((p) => p.stack === 'audit-queries').map((p) => `${p.kind} ${p.attribute}`);
    expect(mine.sort()).toEqual(
      [
        'bucket policy',
        'key policy',
        'identity policy',
        'identity policy',
        'identity policy',
        'trust assume_role_policy',
        'trust assume_role_policy',
      ].sort(),
    );
    const policies = sectionOf(stackChapter(review.markdown, 'audit-queries'), '### Policies');
    expect(policies).toContain('`DenyOtherAccounts`');
    expect(policies).toContain('`AllowQueryAccountUseThroughS3`');
    expect(policies).toContain('`AllowListArchiveAccountFolders`');
    expect(policies).toContain('`AllowQueriesInAuditWorkgroup`');
  });

  it("shows the querying account among the archive's readers, in the log-archive policies", () => {
    const archive = sectionOf(stackChapter(review.markdown, 'log-archive'), '### Policies');
    expect(archive).toContain(`- **read data**: account ${audit}, only principals in organization \`${config.organizationId}\``);
  });

  it('has the section only in the stack with a workgroup', () => {
    const chapters = review.markdown.split('\n').filter((l) => l === '### Who may query');
    expect(chapters).toHaveLength(1);
    expect(stackChapter(review.markdown, 'log-archive')).not.toContain('### Who may query');
  });
});
