/** Downloading objects into the copy, and the sidecar of a digest from HeadObject. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { cliTime } from '../archive/aws-cli-format';
import { pathOf, SIDECAR_SUFFIX } from '../archive/files';

/**
 * Downloads an object to `<out>/<key>` unless a file of the listed size is already there (so a
 * second fetch resumes); writes to a temporary name first, so a broken transfer leaves no file.
 * Returns whether it downloaded.
 */
export async function download(s3: S3Client, bucket: string, key: string, out: string, size: number | undefined): Promise<boolean> {
  const file = pathOf(out, key);
  const existing = await fs.stat(file).catch(() => undefined);
  if (existing && (size === undefined || existing.size === size)) return false;
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = Buffer.from(await response.Body!.transformToByteArray());
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(`${file}.part`, body);
  await fs.rename(`${file}.part`, file);
  return true;
}

/**
 * `<digest>.metadata.json`: what `aws s3api head-object` prints. The SDK's output members have the
 * API's names, which the CLI prints as they are; times become ISO 8601 as the CLI prints them.
 */
export async function writeSidecar(s3: S3Client, bucket: string, key: string, out: string): Promise<void> {
  const { $metadata: _, ...head } = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const printed = Object.fromEntries(
    Object.entries(head)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, value instanceof Date ? cliTime(value) : value]),
  );
  await fs.writeFile(`${pathOf(out, key)}${SIDECAR_SUFFIX}`, `${JSON.stringify(printed, null, 4)}\n`);
}
