/**
 * Which log files a question may read, from a verification result: the verified ones and those no
 * digest covers yet (read, and labelled), never the rest. Every other log file the verifier names
 * is excluded, with the reason it gave (DESIGN.md, "Verify before you trust").
 */
import { type QuestionWindow, windowParameters } from '../../../modules/audit-queries/questions';
import { parseArchiveKey } from '../archive/layout';
import type { VerificationResult } from '../verify';

/** The part of the verifier's result a query needs. */
type VerifiedCopy = Pick<VerificationResult, 'problems' | 'unverified' | 'verifiedLogFiles'>;

export interface ExcludedFile {
  readonly file: string;
  readonly kind: string;
}

interface ReadableFiles {
  /** Verified and not-yet-covered files, sorted; what DuckDB may open. */
  readonly readable: readonly string[];
  /** The not-yet-covered ones among them (no digest lists them yet). */
  readonly unverified: readonly string[];
  /** Log files that must not contribute a row, with the verifier's reason. */
  readonly excluded: readonly ExcludedFile[];
}

/**
 * Whether a log file can hold events of the window: its delivery day within the window's day bounds
 * (the same bounds the questions' SQL binds) and its account the one asked for.
 */
export function mayHoldWindow(window: QuestionWindow): (relativePath: string) => boolean {
  const [, , firstDay, lastDay, account] = windowParameters(window);
  return (relativePath) => {
    const key = parseArchiveKey(relativePath);
    if (key?.kind !== 'log') return false;
    const day = key.date.replaceAll('-', '/');
    return day >= firstDay && day <= lastDay && (account === '%' || key.account === account);
  };
}

/**
 * Splits a verification result into what a query reads and what it excludes, within `accept`.
 * `unreadable`: files no digest covers that turned out to be no CloudTrail log file when read
 * (LogFeed.unreadable), excluded as `unreadable`.
 */
export function readableFiles(
  result: VerifiedCopy,
  accept: (relativePath: string) => boolean,
  unreadable: ReadonlySet<string> = new Set(),
): ReadableFiles {
  const excluded = new Map<string, string>();
  for (const problem of result.problems) {
    if (isLogFile(problem.file) && accept(problem.file) && !excluded.has(problem.file)) excluded.set(problem.file, problem.kind);
  }
  for (const file of unreadable) if (accept(file) && !excluded.has(file)) excluded.set(file, 'unreadable');
  const unverified = result.unverified.filter((file) => accept(file) && !excluded.has(file));
  const verified = result.verifiedLogFiles.filter((file) => accept(file) && !excluded.has(file));
  return {
    readable: [...new Set([...verified, ...unverified])].sort(),
    unverified: [...unverified].sort(),
    excluded: [...excluded].map(([file, kind]) => ({ file, kind })).sort((a, b) => a.file.localeCompare(b.file)),
  };
}

function isLogFile(key: string): boolean {
  return parseArchiveKey(key)?.kind === 'log';
}
