/**
 * Where CloudTrail puts its files in the archive bucket, read back from a key (a path relative to
 * the root of a copy, `/`-separated). Layouts (awscloudtrail/latest/userguide/
 * cloudtrail-find-log-files.html, cloudtrail-log-file-validation-digest-file-structure.html):
 *
 *   [prefix/]AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/
 *       <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>.json.gz
 *   [prefix/]AWSLogs/[o-id/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
 *       <account>_CloudTrail-Digest_<region>_<trailName>_<homeRegion>_<YYYYMMDDTHHMMSSZ>[_backfill].json.gz
 *
 * Organization trails write under `AWSLogs/<o-id>/`, account trails (external accounts) under
 * `AWSLogs/<account>/`. Any `.json.gz` in a `CloudTrail/<region>/YYYY/MM/DD/` folder counts as a log
 * file even when its name is not CloudTrail's: a file someone added is still read by a glob.
 */

/** The location both kinds share: which path, organization, account and region. */
interface ArchiveLocation {
  /** The key prefix before `AWSLogs/`, without a trailing slash; '' when none. */
  readonly prefix: string;
  /** `o-...` for organization trails, undefined for account trails. */
  readonly orgId?: string;
  readonly account: string;
  readonly region: string;
  /** The folder's date, `YYYY-MM-DD`. */
  readonly date: string;
}

export interface LogFileKey extends ArchiveLocation {
  readonly kind: 'log';
  readonly key: string;
  /** The minute in the file name (UTC), when the name is CloudTrail's and names this folder's account and region. */
  readonly time?: Date;
}

export interface DigestKey extends ArchiveLocation {
  readonly kind: 'digest';
  readonly key: string;
  readonly trailName: string;
  readonly homeRegion: string;
  /** The digest's end time, from the name (second precision). */
  readonly time: Date;
  /** Backfill digests (`_backfill.json.gz`) form their own chain. */
  readonly backfill: boolean;
}

export type ArchiveKey = LogFileKey | DigestKey;

const ACCOUNT = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const LOG_NAME = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json\.gz$/;
const DIGEST_NAME = /^(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_(\d{8}T\d{6}Z)(_backfill)?\.json\.gz$/;

/** Parses a key of the archive; undefined for anything that is neither a log file nor a digest. */
export function parseArchiveKey(key: string): ArchiveKey | undefined {
  const parts = key.split('/');
  const at = parts.lastIndexOf('AWSLogs');
  if (at < 0) return undefined;
  const prefix = parts.slice(0, at).join('/');
  let i = at + 1;
  const orgId = ORG_ID.test(parts[i] ?? '') ? parts[i++] : undefined;
  const account = parts[i++];
  const folder = parts[i++];
  const region = parts[i++];
  const [yyyy, mm, dd, name] = parts.slice(i);
  if (parts.length !== i + 4 || !ACCOUNT.test(account ?? '') || !REGION.test(region ?? '')) return undefined;
  if (!/^\d{4}$/.test(yyyy) || !/^\d{2}$/.test(mm) || !/^\d{2}$/.test(dd) || !name.endsWith('.json.gz')) return undefined;
  const location = { prefix, ...(orgId ? { orgId } : {}), account, region, date: `${yyyy}-${mm}-${dd}` };
  if (folder === 'CloudTrail') {
    // CloudTrail names a log file AccountID_CloudTrail_RegionName_YYYYMMDDTHHmmZ_UniqueString.json.gz
    // (cloudtrail-log-file-examples.html) in the folder of that account and region: a name that
    // disagrees with its folder was put there by someone else, and its time says nothing.
    const match = LOG_NAME.exec(name);
    const time = match && match[1] === account && match[2] === region ? parseCompactTime(match[3]) : undefined;
    return { kind: 'log', key, ...location, ...(time ? { time } : {}) };
  }
  if (folder === 'CloudTrail-Digest') {
    const match = DIGEST_NAME.exec(name);
    const time = match ? parseCompactTime(match[5]) : undefined;
    if (!match || !time) return undefined;
    return { kind: 'digest', key, ...location, trailName: match[3], homeRegion: match[4], time, backfill: match[6] !== undefined };
  }
  return undefined;
}

/** `20260102T0304Z` or `20260102T030405Z` (UTC), as CloudTrail writes times into names. */
function parseCompactTime(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** `YYYYMMDDTHHMMSSZ` (digest names) or, with `minutes`, `YYYYMMDDTHHmmZ` (log file names). */
export function formatCompactTime(time: Date, precision: 'seconds' | 'minutes' = 'seconds'): string {
  const iso = time.toISOString().replace(/[-:]/g, '');
  return precision === 'seconds' ? `${iso.slice(0, 15)}Z` : `${iso.slice(0, 13)}Z`;
}

/** The folder of an account's files: `[prefix/]AWSLogs/[o-id/]<account>`. */
export function accountBase(location: Pick<ArchiveLocation, 'prefix' | 'orgId' | 'account'>): string {
  return [location.prefix, 'AWSLogs', location.orgId, location.account].filter((part) => part).join('/');
}

/** `YYYY/MM/DD` of a time (UTC), as the folders are named. */
export function dayFolder(time: Date): string {
  return time.toISOString().slice(0, 10).replace(/-/g, '/');
}

/** Identifies the log files of one account and region under one path: the files a chain of digests covers. */
export function logGroupOf(location: ArchiveLocation): string {
  return `${accountBase(location)}|${location.region}`;
}
