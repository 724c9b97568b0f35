/**
 * Named opt-outs reach the review: a library user who chooses a weaker default by its prop (a key
 * the whole account administers, a bucket any principal of its account administers) gets a synth
 * warning, which `manifest.json` carries and the review lists as a named opt-out, in the summary and
 * in a table of its own (not only among the other synth notes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { HardenedBucket } from '../../modules/hardened-bucket';
import { LogEncryptionKey } from '../../modules/log-encryption-key';
import { type Review, reviewFolder } from '../../tooling/review';
import { sectionOf, tableRows } from './markdown-support';

const ACCOUNT = '222222222222';

function synthReview(optOut: boolean): Review {
  const outdir = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'opt-outs-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stack = new TerraformStack(app, 'archive');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1', allowedAccountIds: [ACCOUNT] });
    const admins = { deploymentRoleArn: `arn:aws:iam::${ACCOUNT}:role/deployment` };
    const key = new LogEncryptionKey(stack, 'Key', {
      accountId: ACCOUNT,
      region: 'eu-west-1',
      aliasName: 'alias/team-logs',
      ...(optOut ? { allowRootKeyAdministration: true } : { administrators: admins }),
    });
    new HardenedBucket(stack, 'Bucket', {
      bucketName: 'team-logs-222222222222',
      accountId: ACCOUNT,
      encryptionKey: key,
      ...(optOut ? { allowAccountAdministration: true } : { administratorArns: [admins.deploymentRoleArn] }),
    });
    app.synth();
    return reviewFolder(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('review > named opt-outs', () => {
  let review: Review;
  beforeAll(() => {
    review = synthReview(true);
  });

  it('counts them by prop in the summary', () => {
    expect(review.summary.optOuts).toEqual(['allowRootKeyAdministration (1)', 'allowAccountAdministration (1)']);
    expect(review.markdown).toContain(
      "- named opt-outs, weaker than the app's defaults: allowRootKeyAdministration (1), allowAccountAdministration (1) (see Named opt-outs)",
    );
  });

  it('lists each with what it gives up, the stack, the construct and its detail', () => {
    const rows = tableRows(review.markdown, ['opt-out', 'gives up', 'stack', 'construct', 'detail']);
    expect(rows).toEqual([
      [
        '`allowRootKeyAdministration`',
        'KMS key administered by the whole account (root kms:*), not by named roles',
        '`archive`',
        '`archive/Key`',
        'KMS key alias/team-logs is administered by the whole account 222222222222 (root kms:*): any IAM policy there can grant using, disabling or deleting it',
      ],
      [
        '`allowAccountAdministration`',
        'bucket administered by any principal of its account, not by named roles',
        '`archive`',
        '`archive/Bucket`',
        "any principal of account 222222222222 that an IAM policy allows can change bucket team-logs-222222222222's policy, lifecycle, versioning, encryption and object lock or bypass governance retention",
      ],
    ]);
    // Listed once: not again among the other synth notes.
    expect(review.markdown).not.toContain('### Notes recorded at synth');
  });

  it('has none when the constructs name their administrators', () => {
    const named = synthReview(false);
    expect(named.summary.optOuts).toEqual([]);
    expect(named.markdown).not.toContain('Named opt-outs');
    expect(sectionOf(named.markdown, '## Stacks, accounts and apply order')).toContain('### Accounts');
  });
});
