/** Listing a copy of the archive: every file under its root, sorted, as keys relative to the root. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type DigestKey, type LogFileKey, parseArchiveKey } from './layout';

interface ArchiveListing {
  /** Every log file (`.json.gz` under a `CloudTrail/<region>/YYYY/MM/DD/` folder). */
  readonly logFiles: LogFileKey[];
  readonly digests: DigestKey[];
  /** Every regular file, log files, digests, sidecars and anything else included. */
  readonly files: ReadonlySet<string>;
}

/** The suffix of the file beside a digest that holds what `aws s3api head-object` printed for it. */
export const SIDECAR_SUFFIX = '.metadata.json';

/** Lists a copy; directories reached through symbolic links are not followed. */
export async function listArchive(root: string): Promise<ArchiveListing> {
  const files = new Set<string>();
  await walk(root, '', files);
  const logFiles: LogFileKey[] = [];
  const digests: DigestKey[] = [];
  for (const key of [...files].sort()) {
    const parsed = parseArchiveKey(key);
    if (parsed?.kind === 'log') logFiles.push(parsed);
    else if (parsed?.kind === 'digest') digests.push(parsed);
  }
  return { logFiles, digests, files };
}

/** A key as a path on disk under `root`. */
export function pathOf(root: string, key: string): string {
  return path.join(root, ...key.split('/'));
}

async function walk(root: string, relative: string, files: Set<string>): Promise<void> {
  const entries = await fs.readdir(relative ? pathOf(root, relative) : root, { withFileTypes: true });
  for (const entry of entries) {
    const key = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await walk(root, key, files);
    else if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(pathOf(root, key))))) files.add(key);
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
