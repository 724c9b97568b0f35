/** Flags the query, sql and import commands share: the copy, its keys, the database, the window, the format. */

import * as fs from 'node:fs';
import type { QuestionWindow } from '../../../modules/audit-queries/questions';
import type { RowFormat } from '../query/format';
import type { StoreVerifyOptions } from '../query/store';
import { type LogsIo, oneOf, parseTime, resolvePath, UsageError } from './io';
import { copyRoot, loadKeys } from './verify';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export const copyOnlyFlags = {
  from: { type: 'string' },
  'public-keys': { type: 'string' },
  bucket: { type: 'string' },
  db: { type: 'string' },
} as const;

/** The copy and how to verify it; undefined when --from is absent and `optional` (a --db answers alone). */
export function verifyFlags(io: LogsIo, values: Values, optional: boolean): { root: string; verify: StoreVerifyOptions } | undefined {
  if (values.from === undefined && optional) return undefined;
  const root = copyRoot(io, values.from as string | undefined);
  const publicKeys = loadKeys(io, root, values['public-keys'] as string | undefined);
  const bucket = values.bucket as string | undefined;
  return { root, verify: { publicKeys, ...(bucket ? { bucket } : {}) } };
}

export function dbPath(io: LogsIo, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return resolvePath(io, String(value));
}

/**
 * Where query and sql read: a --db database, a verified copy (--from), or both (the copy refreshes
 * the database first). A --db alone must exist.
 */
export function answerSources(io: LogsIo, values: Values): { root?: string; verify?: StoreVerifyOptions; database?: string } {
  const database = dbPath(io, values.db);
  const copy = verifyFlags(io, values, database !== undefined);
  if (database && !copy && !fs.existsSync(database)) {
    throw new UsageError(
      `--db ${values.db}: no such database. Fix: npm run logs -- import --from <dir> --db ${values.db}, or add --from <dir>`,
    );
  }
  return { ...copy, ...(database ? { database } : {}) };
}

export function rowFormat(value: unknown): RowFormat {
  return oneOf(value as string | undefined, '--format', ['text', 'json', 'csv'] as const, 'text');
}

export const window = {
  flags: { since: { type: 'string' }, until: { type: 'string' }, account: { type: 'string' } } as const,
  parse(values: Values): QuestionWindow {
    const since = parseTime(values.since as string | undefined, '--since');
    const until = parseTime(values.until as string | undefined, '--until');
    const account = values.account as string | undefined;
    if (account !== undefined && !/^\d{12}$/.test(account)) {
      throw new UsageError(`--account ${account}: not a 12-digit AWS account id. Fix: e.g. --account 111111111111`);
    }
    if (since && until && since >= until) {
      throw new UsageError(`--since ${values.since} is not before --until ${values.until}. Fix: --since is inclusive, --until exclusive`);
    }
    return { ...(since ? { since } : {}), ...(until ? { until } : {}), ...(account ? { account } : {}) };
  },
};
