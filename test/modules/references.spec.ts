import { logDeliveryTargetReference, trailReference } from '../../modules/references';
import { LOG_ARCHIVE, MANAGEMENT, ORGANIZATION_ID } from '../support/modules';

const archiveKey = { keyArn: `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/archive` };

describe('trailReference', () => {
  it('describes an organization trail by its literal ARN, owned by the management account', () => {
    expect(
      trailReference({ trailName: 'org', homeRegion: 'eu-west-1', ownerAccountId: MANAGEMENT, organizationId: ORGANIZATION_ID }),
    ).toEqual({
      trailArn: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/org`,
      trailName: 'org',
      homeRegion: 'eu-west-1',
      ownerAccountId: MANAGEMENT,
      organizationId: ORGANIZATION_ID,
    });
  });

  it('describes an account trail without an organization id', () => {
    const trail = trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: '444444444444' });
    expect(trail).toEqual({
      trailArn: 'arn:aws:cloudtrail:us-east-1:444444444444:trail/org',
      trailName: 'org',
      homeRegion: 'us-east-1',
      ownerAccountId: '444444444444',
    });
    expect(trail).not.toHaveProperty('organizationId');
  });
});

describe('logDeliveryTargetReference', () => {
  it('describes an archive by literal name and ARN, with its key', () => {
    expect(logDeliveryTargetReference({ bucketName: 'org-logs', keyPrefix: 'cloudtrail', encryptionKey: archiveKey })).toEqual({
      bucketName: 'org-logs',
      bucketArn: 'arn:aws:s3:::org-logs',
      keyPrefix: 'cloudtrail',
      encryptionKey: archiveKey,
      logBucketNames: ['org-logs'],
    });
  });

  it('has no key prefix when none is given', () => {
    expect(logDeliveryTargetReference({ bucketName: 'org-logs', encryptionKey: archiveKey })).not.toHaveProperty('keyPrefix');
  });

  it('lists the archive first among the log buckets, each once', () => {
    const target = logDeliveryTargetReference({
      bucketName: 'org-logs',
      encryptionKey: archiveKey,
      logBucketNames: ['org-logs-access-logs', 'org-logs', 'org-logs-replica', 'org-logs-access-logs'],
    });
    expect(target.logBucketNames).toEqual(['org-logs', 'org-logs-access-logs', 'org-logs-replica']);
  });

  it('offers no grant: policies of an archive held elsewhere are not ours to change', () => {
    expect(logDeliveryTargetReference({ bucketName: 'org-logs', encryptionKey: archiveKey }).grantTrailWrite).toBeUndefined();
  });
});
