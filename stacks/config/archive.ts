import { replicaRegionProblems } from '../../modules/rules/identifiers';
import { objectLockExpirationProblems } from '../../modules/rules/lifecycle';
import { problemMessage } from '../../modules/rules/problem';
import { bucketNameRule } from '../../modules/rules/s3';
import { deriveArchiveBucketNames } from './derived-names';
import { duplicates, type IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';

/** Cross-field rules of `archive`: readers, derived and unique bucket names, lock vs. expiration, replica region. */
export function checkArchive(c: ParsedConfig, issue: IssueFn): void {
  const readers = c.archive.readerAccountIds;
  for (const i of duplicates(readers)) issue(['archive', 'readerAccountIds', i], readers[i], 'is listed twice. Fix: remove the duplicate');
  readers.forEach((id, i) => {
    if (c.externalAccountIds.includes(id)) {
      issue(
        ['archive', 'readerAccountIds', i],
        id,
        'is an external account; readers must belong to the organization (access is conditioned on aws:PrincipalOrgID). Fix: remove it',
      );
    }
  });
  checkBucketNames(c, issue);
  const lock = c.archive.objectLock;
  if (lock.enabled) {
    for (const p of objectLockExpirationProblems(
      lock.retentionDays,
      c.archive.lifecycle.expirationDays,
      'archive.objectLock.retentionDays',
    )) {
      issue(['archive', 'lifecycle', 'expirationDays'], p.value, problemMessage(p));
    }
  }
  if (c.archive.replication) {
    for (const p of replicaRegionProblems(c.archive.replication.region, c.homeRegion, 'the home region')) {
      issue(['archive', 'replication', 'region'], p.value, problemMessage(p));
    }
  }
}

/** Derived bucket names must be valid, and every bucket needs its own name. */
function checkBucketNames(c: ParsedConfig, issue: IssueFn): void {
  const buckets = deriveArchiveBucketNames(c);
  const derived = (path: (string | number)[], name: string, from: string, setting: string) => {
    const problem = bucketNameRule(name);
    if (problem) issue(path, name, `(derived from ${from} + "-access-logs") ${problem}. Fix: set ${setting}`);
  };
  if (!c.archive.accessLogs.bucketName) {
    derived(['archive', 'accessLogs', 'bucketName'], buckets.accessLogs, 'archiveBucketName', 'archive.accessLogs.bucketName');
  }
  const names: [string, (string | number)[]][] = [
    [c.archiveBucketName, ['archiveBucketName']],
    [buckets.accessLogs, ['archive', 'accessLogs', 'bucketName']],
  ];
  if (c.archive.replication && buckets.replica && buckets.replicaAccessLogs) {
    names.push([buckets.replica, ['archive', 'replication', 'bucketName']]);
    if (!c.archive.replication.accessLogBucketName) {
      derived(
        ['archive', 'replication', 'accessLogBucketName'],
        buckets.replicaAccessLogs,
        'archive.replication.bucketName',
        'archive.replication.accessLogBucketName',
      );
    }
    names.push([buckets.replicaAccessLogs, ['archive', 'replication', 'accessLogBucketName']]);
  }
  if (c.deployment.backend.type === 's3') names.push([c.deployment.backend.bucket, ['deployment', 'backend', 'bucket']]);
  names.forEach(([name, path], i) => {
    const first = names.findIndex(([other]) => other === name);
    if (first < i)
      issue(path, name, `is also used for ${names[first][1].join('.')}; each bucket needs its own name. Fix: choose another name`);
  });
}
