/**
 * The volume a month that reaches the archive: accounts x regions x CloudTrail's deliveries gives
 * the files, events x their compressed size the bytes; and the line every cost becomes.
 */
import type { CostInputs } from './inputs';
import { type ArchiveTopology, managementShare } from './topology';

/**
 * CloudTrail writes a log file about every 5 minutes per account and region: "CloudTrail publishes log
 * files multiple times an hour, about every 5 minutes" (CloudTrail user guide, get-and-view-cloudtrail-log-files,
 * as quoted since March 2023; the docs.amazonaws.cn copy: log files are usually published every 5 minutes).
 */
export const LOG_FILES_PER_HOUR = 12;
/** A digest file every hour per account and region with log file validation: each "contains the names of the log files that were delivered ... during the last hour" (CloudTrail digest file structure). */
export const DIGEST_FILES_PER_HOUR = 1;
export const HOURS_PER_MONTH = (365 * 24) / 12;
/** Assumed size of one digest file (a JSON list of an hour's files and hashes, gzip). */
export const DIGEST_FILE_BYTES = 2 * 1024;
/** Assumed size of one S3 server access log record (the records of the S3 user guide's log format page are about this long). */
export const ACCESS_LOG_RECORD_BYTES = 500;

export interface Volume {
  /** Accounts whose events reach the archive: members and management (organization trail), plus accounts with their own trail. */
  readonly accounts: number;
  readonly organizationAccounts: number;
  readonly regions: number;
  readonly events: number;
  /** Management events the organization trail records (its share of the organization's). */
  readonly organizationManagementEvents: number;
  readonly dataEvents: number;
  readonly logFiles: number;
  readonly digestFiles: number;
  readonly compressedBytes: number;
  readonly averageLogFileBytes: number;
}

export interface CostLine {
  readonly label: string;
  readonly monthly: number;
  readonly firstYear: number;
  readonly detail: string;
}

/** The volume a month: accounts x regions x deliveries, and events x compressed size. */
export function volumeOf(t: ArchiveTopology, inputs: CostInputs): Volume {
  const organizationAccounts = t.organizationTrails.length > 0 ? inputs.memberAccounts + 1 : 0;
  const accounts = organizationAccounts + t.accountTrails.length;
  const regions = t.multiRegion ? inputs.governedRegions : 1;
  const dataEvents = t.recordsDataEvents ? organizationAccounts * inputs.dataEventsPerAccountMonth : 0;
  const organizationManagementEvents = organizationAccounts * inputs.managementEventsPerAccountMonth * managementShare(t.management);
  const accountTrailEvents = t.accountTrailManagement.reduce(
    (n, scope) => n + inputs.managementEventsPerAccountMonth * managementShare(scope),
    0,
  );
  const events = organizationManagementEvents + accountTrailEvents + dataEvents;
  const logFiles = accounts * regions * LOG_FILES_PER_HOUR * HOURS_PER_MONTH;
  const compressedBytes = events * inputs.compressedEventBytes;
  return {
    accounts,
    organizationAccounts,
    regions,
    events,
    organizationManagementEvents,
    dataEvents,
    logFiles,
    digestFiles: t.digests ? accounts * regions * DIGEST_FILES_PER_HOUR * HOURS_PER_MONTH : 0,
    compressedBytes,
    averageLogFileBytes: logFiles > 0 ? compressedBytes / logFiles : 0,
  };
}
