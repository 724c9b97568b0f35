/**
 * Finding what to download without listing the whole bucket: the account folders under AWSLogs/
 * (and under each organization id), the regions under each account's CloudTrail/ and
 * CloudTrail-Digest/, then one listing per day folder in the time range.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { dayFolder } from '../archive/layout';

export interface ListedObject {
  readonly key: string;
  readonly size: number | undefined;
}

const DAY = 86_400_000;

/** Account folders (`[prefix/]AWSLogs/[o-id/]<account>/`), only `account` when given. */
export async function accountFolders(
  s3: S3Client,
  bucket: string,
  prefix: string | undefined,
  account: string | undefined,
): Promise<string[]> {
  const root = prefix ? `${prefix.replace(/\/+$/, '')}/AWSLogs/` : 'AWSLogs/';
  const folders: string[] = [];
  for (const child of await subfolders(s3, bucket, root)) {
    const name = child.slice(root.length, -1);
    if (/^o-[a-z0-9]{10,32}$/.test(name)) {
      for (const member of await subfolders(s3, bucket, child)) folders.push(member);
    } else if (/^\d{12}$/.test(name)) folders.push(child);
  }
  return folders.filter((folder) => !account || folder.endsWith(`/${account}/`));
}

/** Regions with log files or digests under an account folder, or just `region` when given. */
export async function regionsOf(s3: S3Client, bucket: string, accountFolder: string, region: string | undefined): Promise<string[]> {
  if (region) return [region];
  const regions = new Set<string>();
  for (const kind of ['CloudTrail/', 'CloudTrail-Digest/']) {
    for (const folder of await subfolders(s3, bucket, `${accountFolder}${kind}`))
      regions.add(folder.slice(accountFolder.length + kind.length, -1));
  }
  return [...regions].sort();
}

/** Every object in the day folders from `from` to `until` (inclusive days) under `folder` (`.../CloudTrail/<region>/`). */
export async function objectsByDay(s3: S3Client, bucket: string, folder: string, from: Date, until: Date): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  for (let day = Math.floor(from.getTime() / DAY) * DAY; day <= until.getTime(); day += DAY) {
    objects.push(...(await list(s3, bucket, `${folder}${dayFolder(new Date(day))}/`)));
  }
  return objects;
}

async function subfolders(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const folders: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return folders;
}

async function list(s3: S3Client, bucket: string, prefix: string): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) objects.push({ key: o.Key, size: o.Size });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}
