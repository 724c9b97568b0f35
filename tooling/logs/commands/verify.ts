/**
 * `npm run logs -- verify --from <dir> [--public-keys <file>] [--since <ISO>] [--bucket <name>]
 * [--format text|json]`: proves a copy of the archive intact (verify/index.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PublicKeyFileError, type PublicKeyList, readPublicKeys, type VerificationResult, verifyArchive } from '../verify';
import { bucketFlag, type LogsCommand, type LogsIo, oneOf, parseFlags, parseTime, requireFlag, resolvePath, UsageError } from './io';

/** Where `fetch` writes the keys, and where `verify` and `query` look when --public-keys is not given. */
const DEFAULT_KEY_FILE = 'public-keys.json';

const USAGE = `Usage: npm run logs -- verify --from <dir> [--public-keys <file>] [--since <ISO>] [--bucket <name>] [--format text|json]

  --from <dir>          the copy: the archive bucket from its root, as aws s3 sync writes it, with a
                        <digest>.metadata.json beside each digest (what aws s3api head-object prints)
  --public-keys <file>  what aws cloudtrail list-public-keys prints, lists of several regions concatenated
                        (default: <dir>/${DEFAULT_KEY_FILE}, where fetch writes it)
  --since <ISO>         the copy begins here: digests and listed log files from then on must be present
                        (default: each chain begins at its oldest digest in the copy)
  --bucket <name>       the archive bucket: digests that name another bucket are digest-moved
  --format <format>     text (default: one line per problem, then a summary) or json

Exit 0: everything verified (files newer than the newest digest are listed as unverified);
1: problems found; 2: bad flags, an unusable key file, or no CloudTrail file under --from.`;

export const verifyCommand: LogsCommand = {
  summary: 'prove a downloaded copy of the archive intact: digest signatures and chains, every log file hash',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags('verify', argv, {
      from: { type: 'string' },
      'public-keys': { type: 'string' },
      since: { type: 'string' },
      bucket: { type: 'string' },
      format: { type: 'string' },
    });
    const format = oneOf(values.format as string | undefined, '--format', ['text', 'json'] as const, 'text');
    const root = copyRoot(io, values.from as string | undefined);
    const publicKeys = loadKeys(io, root, values['public-keys'] as string | undefined);
    const since = parseTime(values.since as string | undefined, '--since');
    const bucket = bucketFlag(values.bucket as string | undefined, '--bucket');
    const result = await verifyArchive({ root, publicKeys, ...(since ? { since } : {}), ...(bucket ? { bucket } : {}) });
    if (result.digests + result.logFiles + result.problems.length + result.unverified.length === 0) {
      // Nothing proven is not "intact": a folder one level off (<dir>/AWSLogs) would otherwise pass.
      throw notACopy(values.from as string);
    }
    io.stdout(format === 'json' ? `${formatJson(result)}\n` : formatText(result));
    if (keysInsideCopy(root, keyFileOf(io, root, values['public-keys'] as string | undefined))) io.stderr(KEYS_INSIDE_NOTE);
    return result.ok ? 0 : 1;
  },
};

/**
 * The --from folder, which must exist and hold an `AWSLogs` folder (at its root, or under the trails'
 * key prefix): checked before the key file, so a folder one level off or left empty by a fetch that
 * found nothing is named as such, and query, sql and import refuse it as verify does.
 */
export function copyRoot(io: LogsIo, from: string | undefined): string {
  const root = resolvePath(
    io,
    requireFlag(from, '--from', 'pass the folder the archive was copied to (npm run logs -- fetch ... --out <dir>)'),
  );
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new UsageError(`--from ${from}: not a folder. Fix: pass the folder the archive was copied to`);
  }
  if (!holdsAwsLogs(root)) throw notACopy(from as string);
  return root;
}

function notACopy(from: string): UsageError {
  return new UsageError(
    `--from ${from}: no CloudTrail digest or log file under it (expected <dir>/[prefix/]AWSLogs/...). Fix: pass the folder the bucket was copied to, the one holding AWSLogs/`,
  );
}

/** Key prefixes deeper than this many folders are not looked through for AWSLogs/ (CloudTrail prefixes are short). */
const MAX_PREFIX_DEPTH = 8;

/** Whether an `AWSLogs` folder lies at `root` or under a key prefix of at most MAX_PREFIX_DEPTH folders (symbolic links not followed). */
function holdsAwsLogs(root: string): boolean {
  let level = [root];
  for (let depth = 0; depth <= MAX_PREFIX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        if (entry.name === 'AWSLogs') return true;
        next.push(path.join(dir, entry.name));
      }
    }
    level = next;
  }
  return false;
}

/** The key file: --public-keys, else <root>/public-keys.json. */
function keyFileOf(io: LogsIo, root: string, file: string | undefined): string {
  return file ? resolvePath(io, file) : path.join(root, DEFAULT_KEY_FILE);
}

function keysInsideCopy(root: string, keyFile: string): boolean {
  const inside = path.relative(root, keyFile);
  return inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside);
}

/**
 * What verify adds on stderr when the key file lies inside the copy (the default): whoever could
 * change the copy could have replaced the keys with one of their own and signed its digests again.
 */
export const KEYS_INSIDE_NOTE =
  'note: the public keys were read from inside the copy; anyone who could change the copy could have replaced them. For proof, keep what aws cloudtrail list-public-keys prints outside the copy and pass --public-keys <file>\n';

/** --public-keys, else <root>/public-keys.json; a missing or unusable file is a usage error. */
export function loadKeys(io: LogsIo, root: string, file: string | undefined): PublicKeyList {
  const keyFile = keyFileOf(io, root, file);
  if (!file && !fs.existsSync(keyFile)) {
    throw new UsageError(
      `--public-keys not given and ${keyFile} does not exist. Fix: aws cloudtrail list-public-keys --start-time <ISO> --region <r> > keys.json, then --public-keys keys.json`,
    );
  }
  try {
    return readPublicKeys(keyFile);
  } catch (error) {
    if (error instanceof PublicKeyFileError)
      throw new UsageError(`--public-keys ${error.message}. Fix: pass what aws cloudtrail list-public-keys prints`);
    throw error;
  }
}

/** Exactly the documented shape: {"ok", "digests", "logFiles", "problems": [{"file", "kind"}], "unverified"}. */
function formatJson(result: VerificationResult): string {
  const { ok, digests, logFiles, problems, unverified } = result;
  return JSON.stringify({ ok, digests, logFiles, problems: problems.map(({ file, kind }) => ({ file, kind })), unverified }, null, 2);
}

function formatText(result: VerificationResult): string {
  const lines = [...result.problems.map((p) => `${p.kind} ${p.file}`), ...result.unverified.map((file) => `unverified ${file}`)];
  const covered = `${result.digests} digests and ${result.logFiles} log files verified`;
  const pending = result.unverified.length > 0 ? `; ${result.unverified.length} log files newer than the newest digest (unverified)` : '';
  const verdict = result.ok ? `OK: ${covered}${pending}` : `FAILED: ${result.problems.length} problems; ${covered}${pending}`;
  return `${[...lines, verdict].join('\n')}\n`;
}
