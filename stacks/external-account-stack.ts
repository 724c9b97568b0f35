import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { OrganizationTrail } from '../modules/organization-trail';
import type { OrganizationConfig } from './config';
import { accountProvider, configureBackend, type SynthContext } from './deployment';
import { logArchiveBuckets } from './log-archive-stack';
import { logArchiveState } from './remote-state';

export const externalAccountStackName = (accountId: string): string => `external-account-${accountId}`;

/**
 * An account outside the organization: its own multi-region trail, named like the organization
 * trail, writing into the central archive under `AWSLogs/<account>/`, encrypted with the archive
 * key. The archive's bucket and key policies grant exactly this trail's ARN.
 */
export class ExternalAccountTrailStack extends TerraformStack {
  public readonly accountId: string;
  public readonly region: string;
  public readonly trail: OrganizationTrail;

  constructor(scope: Construct, config: OrganizationConfig, accountId: string, context: SynthContext) {
    const name = externalAccountStackName(accountId);
    super(scope, name);
    this.accountId = accountId;
    this.region = config.homeRegion;
    configureBackend(this, name, config, context);
    accountProvider(this, 'Aws', config, { accountId, region: this.region });
    const archive = logArchiveState(this, name, config, context);

    this.trail = new OrganizationTrail(this, 'Trail', {
      trailName: config.trailName,
      homeRegion: config.homeRegion,
      ownerAccountId: accountId,
      organizationTrail: false,
      bucketName: config.archiveBucketName,
      keyPrefix: config.archive.keyPrefix,
      encryptionKey: { keyArn: archive.keyArn },
      eventSelection: {
        managementEvents: config.trail.managementEvents,
        excludeManagementEventSources: config.trail.excludeManagementEventSources,
        insights: config.trail.insights,
      },
      excludedDataEventBuckets: logArchiveBuckets(config),
    });
    new TerraformOutput(this, 'trail_arn', { staticId: true, value: this.trail.trailArn, description: `ARN of ${accountId}'s trail` });
  }
}
