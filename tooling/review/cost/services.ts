/**
 * The archive's services besides S3 storage, from the volume: replication transfer, KMS requests,
 * delivery notifications, the trail's CloudWatch Logs group, CloudTrail's data-event and Insights charges.
 */

import { fmt } from '../format';
import type { CostInputs } from './inputs';
import { PRICES } from './prices';
import { DAYS_PER_MONTH, FOREVER_HORIZON_DAYS, objectDays, perUnit, S3_RATES } from './storage-model';
import { type ArchiveTopology, type BucketProfile, managementShare, WRITE_EVENT_SHARE } from './topology';
import { type CostLine, DIGEST_FILE_BYTES, type Volume } from './volume';

/** S3 Bucket Keys: "can reduce AWS KMS request costs by up to 99 percent" (S3 user guide); taken at face value. */
export const BUCKET_KEY_REQUEST_SHARE = 0.01;

export function serviceLines(t: ArchiveTopology, inputs: CostInputs, v: Volume): CostLine[] {
  const lines: CostLine[] = [];
  const monthlyLine = (label: string, monthly: number, detail: string) => lines.push({ label, monthly, firstYear: monthly * 12, detail });
  const objects = v.logFiles + v.digestFiles;
  const gb = (bytes: number) => bytes / S3_RATES.bytesPerGb;
  if (t.replica?.crossRegion) {
    const bytes = v.compressedBytes + v.digestFiles * DIGEST_FILE_BYTES;
    monthlyLine('S3 replication transfer to another region', gb(bytes) * PRICES.interRegionTransfer.usd, `${fmt(gb(bytes))} GB a month`);
  }
  const share = (mode: BucketProfile['kms']) => (mode === 'bucket key' ? BUCKET_KEY_REQUEST_SHARE : mode === 'per object' ? 1 : 0);
  const kmsRequests = objects * share(t.archive.kms) + (t.replica ? objects * (share(t.archive.kms) + share(t.replica.bucket.kms)) : 0);
  if (kmsRequests > 0) {
    monthlyLine(
      'KMS requests for the archive (writes, replication)',
      perUnit(kmsRequests, PRICES.kmsRequests.usd, 10_000),
      `${fmt(kmsRequests)} requests a month (${t.archive.kms}${t.replica ? `; replica ${t.replica.bucket.kms}` : ''})`,
    );
  }
  if (t.notifies) {
    const https = t.subscriptions.filter((p) => p === 'https' || p === 'http').length;
    const email = t.subscriptions.filter((p) => p.startsWith('email')).length;
    const monthly =
      perUnit(v.logFiles, PRICES.snsPublish.usd, 1e6) +
      perUnit(v.logFiles * https, PRICES.snsHttpsDelivery.usd, 1e6) +
      perUnit(v.logFiles * email, PRICES.snsEmailDelivery.usd, 1e5);
    monthlyLine(
      'SNS log-delivery notifications',
      monthly,
      `${fmt(v.logFiles)} publishes a month (one per log file) to ${t.subscriptions.join(', ') || 'no'} subscriptions; SQS and Lambda deliveries are free`,
    );
  }
  if (t.logGroupRetentionDays !== undefined) {
    // Only the organization trail delivers to the log group; accounts with their own trail do not.
    const events = v.organizationManagementEvents + v.dataEvents;
    const raw = gb(events * inputs.eventBytes);
    const stored = gb(events * inputs.compressedEventBytes);
    const days = t.logGroupRetentionDays === 0 ? FOREVER_HORIZON_DAYS : t.logGroupRetentionDays;
    monthlyLine('CloudWatch Logs ingestion of the trail', raw * PRICES.logsIngestion.usd, `${fmt(raw)} GB a month of JSON events`);
    lines.push({
      label: 'CloudWatch Logs storage of the trail',
      monthly: ((stored * days) / DAYS_PER_MONTH) * PRICES.logsStorage.usd,
      firstYear: (((stored / DAYS_PER_MONTH) * objectDays(0, days, 365)) / DAYS_PER_MONTH) * PRICES.logsStorage.usd,
      detail: `${fmt(stored)} GB a month compressed, kept ${t.logGroupRetentionDays === 0 ? 'for ever (shown at 10 years)' : `${days} days`}`,
    });
  }
  if (inputs.otherManagementEventTrails > 0 && v.organizationManagementEvents > 0) {
    monthlyLine(
      'CloudTrail management events, paid copy',
      perUnit(v.organizationManagementEvents, PRICES.cloudTrailManagementCopies.usd, 1e5),
      `${fmt(v.organizationManagementEvents)} management events a month that ${inputs.otherManagementEventTrails === 1 ? 'another trail' : `${inputs.otherManagementEventTrails} other trails`} (such as Control Tower's) already record${inputs.otherManagementEventTrails === 1 ? 's' : ''}: CloudTrail bills every copy after the first`,
    );
  }
  if (v.dataEvents > 0) {
    monthlyLine(
      'CloudTrail data events',
      perUnit(v.dataEvents, PRICES.cloudTrailDataEvents.usd, 1e5),
      `${fmt(v.dataEvents)} data events a month`,
    );
  }
  if (t.insights.length > 0) {
    const management = v.organizationAccounts * inputs.managementEventsPerAccountMonth;
    const writes = t.management.write ? management * WRITE_EVENT_SHARE : 0;
    const analyzed =
      (t.insights.includes('ApiCallRateInsight') ? writes : 0) +
      (t.insights.includes('ApiErrorRateInsight') ? management * managementShare(t.management) : 0);
    monthlyLine(
      'CloudTrail Insights',
      perUnit(analyzed, PRICES.cloudTrailInsights.usd, 1e5),
      `${fmt(analyzed)} management events analyzed a month (${t.insights.join(', ')})`,
    );
  }
  return lines;
}
