import type { Construct } from 'constructs';
import { suppressCheck } from '../modules/check-suppressions';
import { logDeliveryTargetReference } from '../modules/references';
import { Trail } from '../modules/trail';
import { AccountStack } from './account-stack';
import { archiveKeyReference, logArchiveBucketNames } from './config/derived-names';
import { LOG_ARCHIVE_OUTPUTS, LOG_ARCHIVE_STACK } from './log-archive-stack';
import type { StackContext, StackKind } from './registry';

export const externalAccountStackName = (accountId: string): string => `external-account-${accountId}`;

export const EXTERNAL_ACCOUNT_KIND: StackKind = {
  kind: 'external-account',
  order: 4,
  definitions: (config) =>
    config.externalAccountIds.map((accountId) => ({
      name: externalAccountStackName(accountId),
      accountId,
      region: config.homeRegion,
      role: 'external account trail',
      build: (scope: Construct, context: StackContext) => new ExternalAccountTrailStack(scope, context),
    })),
};

/**
 * An account outside the organization: its own multi-region trail, named like the organization
 * trail, writing into the central archive under `AWSLogs/<account>/`, encrypted with the archive
 * key. The archive's bucket and key policies grant exactly this trail's ARN.
 */
export class ExternalAccountTrailStack extends AccountStack {
  public readonly trail: Trail;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const config = this.config;
    const archiveState = this.outputsOf(LOG_ARCHIVE_STACK, 'LogArchiveState');
    this.trail = new Trail(this, 'Trail', {
      trailName: config.trailName,
      homeRegion: config.homeRegion,
      ownerAccountId: this.accountId,
      destination: logDeliveryTargetReference({
        bucketName: config.archiveBucketName,
        keyPrefix: config.archive.keyPrefix,
        encryptionKey: archiveKeyReference(config, archiveState.getString(LOG_ARCHIVE_OUTPUTS.keyArn)),
        logBucketNames: logArchiveBucketNames(config),
      }),
      // An account outside the organization is covered by no organization trail (Control Tower's
      // included), so a data-events-only organization trail ("None") leaves its trail recording all
      // management events: its own first copy, free.
      eventSelection:
        config.trail.managementEvents === 'None'
          ? { managementEvents: 'All' }
          : {
              managementEvents: config.trail.managementEvents,
              excludeManagementEventSources: config.trail.excludeManagementEventSources,
              insights: config.trail.insights,
            },
    });
    suppressCheck(
      this.trail.trail,
      'CloudTrailCloudWatchLogsIntegrated',
      "An account outside the organization keeps its events in the central archive only: a log group, delivery role and key per external account would add resources and cost there, and monitoring them is left to the account's owner (README, Design decisions).",
    );
    this.output('trail_arn', this.trail.trailArn, `ARN of ${this.accountId}'s trail`);
  }
}
