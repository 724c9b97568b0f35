import { EXTRA_ALARM_GROUPS, type ExtraAlarmTargets, extraAlarmItems } from '../../modules/alarms/extra-alarms';
import { trailReference } from '../../modules/references';
import { LOG_ARCHIVE, MANAGEMENT, ORGANIZATION_ID } from '../support/modules';

const trail = trailReference({
  trailName: 'org-trail',
  homeRegion: 'eu-west-1',
  ownerAccountId: MANAGEMENT,
  organizationId: ORGANIZATION_ID,
});
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/org-trail`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BUCKET = 'example-org-cloudtrail';

const TARGETS: ExtraAlarmTargets = { trail, archiveBucketName: BUCKET, archiveKeyArn: KEY_ARN, archiveKeyAlias: 'alias/org-log-archive' };

const patternOf = (metricName: string, targets: ExtraAlarmTargets = TARGETS) =>
  extraAlarmItems(targets).find((i) => i.metricName === metricName)?.filterPattern;

describe('extra alarms', () => {
  describe('trail-tampering', () => {
    it('matches stopping, deleting or reconfiguring this trail, named by name or ARN in either request field', () => {
      expect(patternOf('TrailTampering')).toBe(
        '{ ($.eventSource = "cloudtrail.amazonaws.com") && (($.eventName = "StopLogging") || ($.eventName = "DeleteTrail") || ($.eventName = "UpdateTrail") || ($.eventName = "PutEventSelectors") || ($.eventName = "PutInsightSelectors")) && ' +
          `((($.requestParameters.name = "org-trail") || ($.requestParameters.name = "${TRAIL_ARN}")) || (($.requestParameters.trailName = "org-trail") || ($.requestParameters.trailName = "${TRAIL_ARN}"))) }`,
      );
    });

    it('says what happened and what to do, naming the trail and its home region', () => {
      const item = extraAlarmItems(TARGETS).find((i) => i.metricName === 'TrailTampering');
      expect(item?.whatHappened).toContain(TRAIL_ARN);
      expect(item?.whatToCheck).toContain('aws cloudtrail start-logging in eu-west-1');
    });
  });

  describe('archive-changes', () => {
    it('matches policy and ACL changes on the archive bucket only', () => {
      expect(patternOf('ArchiveBucketPolicyChanges')).toBe(
        '{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "PutBucketPolicy") || ($.eventName = "DeleteBucketPolicy") || ($.eventName = "PutBucketAcl")) && ' +
          `($.requestParameters.bucketName = "${BUCKET}") }`,
      );
    });

    it('matches lifecycle changes on the archive bucket only', () => {
      expect(patternOf('ArchiveBucketLifecycleChanges')).toBe(
        '{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "PutBucketLifecycle") || ($.eventName = "DeleteBucketLifecycle")) && ' +
          `($.requestParameters.bucketName = "${BUCKET}") }`,
      );
    });

    it('matches changes to the protections of the archive bucket and its deletion', () => {
      const pattern = patternOf('ArchiveBucketProtectionChanges') ?? '';
      for (const event of [
        'PutBucketVersioning',
        'PutObjectLockConfiguration',
        'PutBucketReplication',
        'DeleteBucketReplication',
        'PutBucketEncryption',
        'DeleteBucketEncryption',
        'PutBucketPublicAccessBlock',
        'DeleteBucketPublicAccessBlock',
        'PutBucketOwnershipControls',
        'DeleteBucketOwnershipControls',
        'PutBucketLogging',
        'DeleteBucket',
      ]) {
        expect(pattern).toContain(`($.eventName = "${event}")`);
      }
      expect(pattern).toMatch(/^\{ \(\$\.eventSource = "s3\.amazonaws\.com"\) && /);
      expect(pattern).toMatch(new RegExp(` && \\(\\$\\.requestParameters\\.bucketName = "${BUCKET}"\\) \\}$`));
    });

    it('matches key changes by the key ARN CloudTrail records, key calls by alias, and alias changes', () => {
      expect(patternOf('ArchiveKeyChanges')).toBe(
        '{ ($.eventSource = "kms.amazonaws.com") && (' +
          '((($.eventName = "PutKeyPolicy") || ($.eventName = "DisableKey") || ($.eventName = "ScheduleKeyDeletion") || ($.eventName = "DisableKeyRotation") || ($.eventName = "CreateGrant")) && ' +
          `(($.resources[0].ARN = "${KEY_ARN}") || ($.requestParameters.keyId = "alias/org-log-archive") || ($.requestParameters.keyId = "*:alias/org-log-archive"))) || ` +
          '((($.eventName = "UpdateAlias") || ($.eventName = "DeleteAlias")) && ($.requestParameters.aliasName = "alias/org-log-archive"))) }',
      );
    });

    it('matches the key by ARN alone when no alias is given', () => {
      expect(patternOf('ArchiveKeyChanges', { ...TARGETS, archiveKeyAlias: undefined })).toBe(
        '{ ($.eventSource = "kms.amazonaws.com") && ' +
          '((($.eventName = "PutKeyPolicy") || ($.eventName = "DisableKey") || ($.eventName = "ScheduleKeyDeletion") || ($.eventName = "DisableKeyRotation") || ($.eventName = "CreateGrant")) && ' +
          `($.resources[0].ARN = "${KEY_ARN}")) }`,
      );
    });

    it('matches key calls by alias and alias changes when no key ARN is given', () => {
      const pattern = patternOf('ArchiveKeyChanges', { ...TARGETS, archiveKeyArn: undefined }) ?? '';
      expect(pattern).not.toContain('resources[0].ARN');
      expect(pattern).toContain('($.requestParameters.keyId = "alias/org-log-archive")');
      expect(pattern).toContain('($.requestParameters.aliasName = "alias/org-log-archive")');
    });

    it('has no key alarm when the key is known by neither ARN nor alias', () => {
      const items = extraAlarmItems({ trail, archiveBucketName: BUCKET });
      expect(items.map((i) => i.metricName)).not.toContain('ArchiveKeyChanges');
      expect(items.filter((i) => i.group === 'archive-changes')).toHaveLength(3);
    });
  });

  describe('codedeploy', () => {
    it.each([
      ['CodeDeployFailedApiCalls', '{ ($.eventSource = "codedeploy.amazonaws.com") && ($.errorCode = "*") }'],
      [
        'CodeDeployDeletions',
        '{ ($.eventSource = "codedeploy.amazonaws.com") && (($.eventName = "DeleteApplication") || ($.eventName = "DeleteDeploymentGroup")) }',
      ],
      ['CodeDeployStoppedDeployments', '{ ($.eventSource = "codedeploy.amazonaws.com") && ($.eventName = "StopDeployment") }'],
      [
        'CodeDeployConfigurationChanges',
        '{ ($.eventSource = "codedeploy.amazonaws.com") && (($.eventName = "CreateDeploymentConfig") || ($.eventName = "DeleteDeploymentConfig") || ($.eventName = "UpdateDeploymentGroup")) }',
      ],
    ])('%s has the pattern %s', (metricName, pattern) => {
      expect(patternOf(metricName)).toBe(pattern);
    });
  });

  describe('groups', () => {
    const byGroup = (groups: Parameters<typeof extraAlarmItems>[1]) => extraAlarmItems(TARGETS, groups).map((i) => i.group);

    it('are all on by default, in a fixed order', () => {
      expect(extraAlarmItems(TARGETS).map((i) => `${i.group}/${i.metricName}`)).toEqual([
        'trail-tampering/TrailTampering',
        'archive-changes/ArchiveBucketPolicyChanges',
        'archive-changes/ArchiveBucketLifecycleChanges',
        'archive-changes/ArchiveBucketProtectionChanges',
        'archive-changes/ArchiveKeyChanges',
        'codedeploy/CodeDeployFailedApiCalls',
        'codedeploy/CodeDeployDeletions',
        'codedeploy/CodeDeployStoppedDeployments',
        'codedeploy/CodeDeployConfigurationChanges',
      ]);
      expect([...new Set(byGroup({}))]).toEqual([...EXTRA_ALARM_GROUPS]);
    });

    it.each([
      ['trailTampering', 'trail-tampering'],
      ['archiveChanges', 'archive-changes'],
      ['codedeploy', 'codedeploy'],
    ] as const)('turn off by name: %s false removes the %s alarms only', (flag, group) => {
      const groups = byGroup({ [flag]: false });
      expect(groups).not.toContain(group);
      expect(new Set(groups)).toEqual(new Set(EXTRA_ALARM_GROUPS.filter((g) => g !== group)));
    });

    it('can all be off', () => {
      expect(extraAlarmItems(TARGETS, { trailTampering: false, archiveChanges: false, codedeploy: false })).toEqual([]);
    });
  });

  describe('every item', () => {
    const items = extraAlarmItems(TARGETS);

    it('has a distinct PascalCase metric name and slug', () => {
      expect(new Set(items.map((i) => i.metricName)).size).toBe(items.length);
      expect(new Set(items.map((i) => i.slug)).size).toBe(items.length);
      for (const item of items) {
        expect(item.metricName).toMatch(/^[A-Z][A-Za-z0-9]+$/);
        expect(item.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
    });

    it('says what happened and what to check', () => {
      for (const item of items) {
        expect(item.whatHappened).toMatch(/\.$/);
        expect(item.whatToCheck).toContain('find the matching events');
        expect(item.title.length).toBeGreaterThan(10);
      }
    });

    it('fits a filter pattern with the longest trail name and bucket name', () => {
      const longTrail = trailReference({ trailName: 't'.repeat(128), homeRegion: 'ap-southeast-2', ownerAccountId: MANAGEMENT });
      for (const item of extraAlarmItems({ ...TARGETS, trail: longTrail, archiveBucketName: 'b'.repeat(63) })) {
        expect(item.filterPattern.length).toBeLessThanOrEqual(1024);
      }
    });

    it('refuses a value a filter pattern cannot quote', () => {
      expect(() => extraAlarmItems({ ...TARGETS, archiveBucketName: 'bad"bucket' })).toThrow('holds a quote or backslash');
    });
  });
});
