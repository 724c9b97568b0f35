/**
 * The external-account stacks: one per `externalAccountIds` entry, each a multi-region trail in
 * that account writing into the central archive under `AWSLogs/<account>/`.
 */
import { exampleConfig } from '../support/config';
import { buildExample, onlyResource } from '../support/synth';

const example = exampleConfig();
const built = buildExample(example);

describe('ExternalAccountTrailStack', () => {
  it('is built once per external account, and not at all without external accounts', () => {
    expect(built.stacks.all.filter((s) => s.name.startsWith('external-account-')).map((s) => s.name)).toEqual([
      'external-account-567890123456',
      'external-account-678901234567',
    ]);
    const none = buildExample(
      exampleConfig((c) => {
        c.externalAccountIds = [];
      }),
    );
    expect(none.stacks.all.filter((s) => s.name.startsWith('external-account-'))).toEqual([]);
  });

  describe.each(example.externalAccountIds)('for account %s', (account) => {
    const json = built.synth(`external-account-${account}`);

    it('creates a multi-region, non-organization trail writing into the central archive with the archive key', () => {
      expect(onlyResource(json, 'aws_cloudtrail')).toMatchObject({
        name: example.trailName,
        is_organization_trail: false,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        s3_bucket_name: example.archiveBucketName,
        s3_key_prefix: 'cloudtrail',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JS template
        kms_key_id: '${data.terraform_remote_state.LogArchiveState.outputs.archive_key_arn}',
        lifecycle: { prevent_destroy: true },
      });
    });

    it('records management events only: no data events, no organization-wide delivery', () => {
      const trail = onlyResource(json, 'aws_cloudtrail');
      const selectors = trail.advanced_event_selector as { name: string }[];
      expect(selectors.map((s) => s.name)).toEqual(['Management events (All)']);
      expect(trail.sns_topic_name).toBeUndefined();
      expect(trail.cloud_watch_logs_group_arn).toBeUndefined();
    });

    it("records all management events even when the organization trail records none (managementEvents 'None')", () => {
      const dataOnly = buildExample(
        exampleConfig((c) => {
          c.trail = { ...c.trail, managementEvents: 'None', insights: [] };
        }),
      );
      const trail = onlyResource(dataOnly.synth(`external-account-${account}`), 'aws_cloudtrail');
      expect((trail.advanced_event_selector as { name: string }[]).map((s) => s.name)).toEqual(['Management events (All)']);
      const organization = onlyResource(dataOnly.synth('organization-trail'), 'aws_cloudtrail');
      expect((organization.advanced_event_selector as { name: string }[]).map((s) => s.name)).not.toContain('Management events (All)');
    });

    it('assumes the deployment role in that account only', () => {
      expect(json.provider.aws).toEqual([
        expect.objectContaining({
          region: example.homeRegion,
          allowed_account_ids: [account],
          assume_role: [expect.objectContaining({ role_arn: `arn:aws:iam::${account}:role/${example.deployment.roleName}` })],
        }),
      ]);
    });

    it('reads the archive key from the log-archive state and keeps its own state under its own key', () => {
      expect(json.data?.terraform_remote_state.LogArchiveState).toMatchObject({
        backend: 's3',
        config: { key: 'org-logging/log-archive.tfstate' },
      });
      expect(json.terraform.backend?.s3).toMatchObject({ key: `org-logging/external-account-${account}.tfstate` });
    });

    it('outputs the trail ARN the archive policies grant', () => {
      expect(json.output?.trail_arn.value).toBe(`arn:aws:cloudtrail:${example.homeRegion}:${account}:trail/${example.trailName}`);
    });
  });
});
