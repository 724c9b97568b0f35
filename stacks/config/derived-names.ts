import { defaultAccessLogBucketName, iamRoleArn, kmsAliasArn } from '../../modules/arns';
import { type IEncryptionKey, type ITrail, trailReference } from '../../modules/references';
import { TRAIL_LOG_GROUP_DEFAULTS } from '../../modules/trail-log-group';
import { deploymentRoleName } from './deployment';
import type { ParsedConfig } from './parsed-config';

/*
 * Names and references derived from the config: computed here once, used by the validator (to
 * check them) and by the stacks (to build with them). Defaults that a construct applies come from
 * that construct; the ones below are the app's own (names of resources the stacks compose).
 */

import { TRAIL_TOPIC_DEFAULTS } from './sections/notifications';

/** Every bucket of the log archive, by role, with derived names filled in. */
export interface ArchiveBucketNames {
  readonly archive: string;
  readonly accessLogs: string;
  readonly replica?: string;
  readonly replicaAccessLogs?: string;
}

export function deriveArchiveBucketNames(c: Pick<ParsedConfig, 'archiveBucketName' | 'archive'>): ArchiveBucketNames {
  const replication = c.archive.replication;
  return {
    archive: c.archiveBucketName,
    accessLogs: c.archive.accessLogs.bucketName ?? defaultAccessLogBucketName(c.archiveBucketName),
    ...(replication
      ? {
          replica: replication.bucketName,
          replicaAccessLogs: replication.accessLogBucketName ?? defaultAccessLogBucketName(replication.bucketName),
        }
      : {}),
  };
}

/** Every bucket of the log archive (trails never record their object-level events). */
export function logArchiveBucketNames(c: Pick<ParsedConfig, 'archiveBucketName' | 'archive'>): string[] {
  return Object.values(deriveArchiveBucketNames(c)).filter((name): name is string => name !== undefined);
}

/** Accounts registered as CloudTrail delegated administrators, the trail's creator first. */
export function delegatedAdministrators(c: Pick<ParsedConfig, 'trail'>): string[] {
  const first = c.trail.delegatedAdministratorAccountId;
  return [...(first ? [first] : []), ...c.trail.additionalDelegatedAdministratorAccountIds];
}

/** The account that creates the organization trail: the delegated administrator, else the management account. */
export function trailAccountId(c: Pick<ParsedConfig, 'trail' | 'managementAccountId'>): string {
  return c.trail.delegatedAdministratorAccountId ?? c.managementAccountId;
}

/** The organization trail, owned by the management account whichever account creates it. */
export function organizationTrailReference(c: ParsedConfig): ITrail {
  return trailReference({
    trailName: c.trailName,
    homeRegion: c.homeRegion,
    ownerAccountId: c.managementAccountId,
    organizationId: c.organizationId,
  });
}

/** The trail of an account outside the organization: named like the organization trail, in the home region. */
export function externalTrailReference(c: ParsedConfig, accountId: string): ITrail {
  return trailReference({ trailName: c.trailName, homeRegion: c.homeRegion, ownerAccountId: accountId });
}

/**
 * The archive key as a trail's stack sees it: its ARN (read from the log-archive stack's state) and
 * its literal alias ARN, by which the synth-time coherence checks find the key's policy in the app.
 */
export function archiveKeyReference(c: ParsedConfig, keyArn: string): IEncryptionKey {
  return { keyArn, aliasArn: kmsAliasArn(c.homeRegion, c.logArchiveAccountId, c.archive.keyAlias) };
}

/** Names of the trail's delivery resources, with defaults applied. */
export function trailDeliveryNames(c: Pick<ParsedConfig, 'notifications' | 'cloudWatchLogs' | 'trailName'>): {
  topicName: string;
  logGroupName: string;
  roleName: string;
} {
  return {
    topicName: c.notifications.topicName ?? TRAIL_TOPIC_DEFAULTS.topicName(c.trailName),
    logGroupName: c.cloudWatchLogs.logGroupName ?? TRAIL_LOG_GROUP_DEFAULTS.logGroupName(c.trailName),
    roleName: c.cloudWatchLogs.roleName ?? TRAIL_LOG_GROUP_DEFAULTS.roleName(c.trailName),
  };
}

/** The roles that administer the archive in `accountId`: the deployment role and the optional break-glass role. */
export function archiveAdministrators(c: ParsedConfig, accountId: string): { deploymentRoleArn: string; breakGlassRoleArn?: string } {
  const breakGlass = c.deployment.breakGlassRoleName;
  return {
    deploymentRoleArn: iamRoleArn(accountId, deploymentRoleName(c, accountId)),
    ...(breakGlass ? { breakGlassRoleArn: iamRoleArn(accountId, breakGlass) } : {}),
  };
}
