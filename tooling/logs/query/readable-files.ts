/**
 * Which log files a question may read, from a verification result: the verified ones and those no
 * digest covers yet (read, and labelled), never the rest. Every other log file the verifier names
 * is excluded, with the reason it gave (DESIGN.md, "Verify before you trust").
 */
import { windowParameters, type QuestionWindow } from '../../../modules/audit-queries/questions';

/** The part of the verifier's result (tooling/logs/verify) a query needs. */
export interface VerifiedCopy {
  readonly problems: readonly { readonly file: string; readonly kind: string }[];
  readonly unverified: readonly string[];
  readonly verifiedLogFiles: readonly string[];
}

export interface ExcludedFile {
  readonly file: string;
  readonly kind: string;
}

export interface ReadableFiles {
  /** Verified and not-yet-covered files, sorted; what DuckDB may open. */
  readonly readable: readonly string[];
  /** The not-yet-covered ones among them (no digest lists them yet). */
  readonly unverified: readonly string[];
  /** Log files that must not contribute a row, with the verifier's reason. */
  readonly excluded: readonly ExcludedFile[];
}

/** Where a log file's key says it belongs, or undefined when the path is not a CloudTrail log file. */
export interface LogFileLocation {
  readonly account: string;
  readonly region: string;
  /** `yyyy/MM/dd`, the delivery day. */
  readonly date: string;
}

const LOG_FILE = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4}\/\d{2}\/\d{2})\/[^/]+\.json\.gz$/;

export function logFileLocation(relativePath: string): LogFileLocation | undefined {
  const match = LOG_FILE.exec(relativePath.split('\\').join('/'));
  return match ? { account: match[1], region: match[2], date: match[3] } : undefined;
}

/**
 * Whether a log file can hold events of the window: its delivery day within the window's day bounds
 * (the same bounds the questions' SQL binds) and its account the one asked for.
 */
export function mayHoldWindow(window: QuestionWindow): (relativePath: string) => boolean {
  const [, , firstDay, lastDay, account] = windowParameters(window);
  return (relativePath) => {
    const location = logFileLocation(relativePath);
    if (!location) return false;
    return location.date >= firstDay && location.date <= lastDay && (account === '%' || location.account === account);
  };
}

/** Splits a verification result into what a query reads and what it excludes, within `accept`. */
export function readableFiles(result: VerifiedCopy, accept: (relativePath: string) => boolean): ReadableFiles {
  const excluded = new Map<string, string>();
  for (const problem of result.problems) {
    if (logFileLocation(problem.file) && accept(problem.file) && !excluded.has(problem.file)) excluded.set(problem.file, problem.kind);
  }
  const unverified = result.unverified.filter((file) => accept(file) && logFileLocation(file) && !excluded.has(file));
  const verified = result.verifiedLogFiles.filter((file) => accept(file) && !excluded.has(file));
  return {
    readable: [...new Set([...verified, ...unverified])].sort(),
    unverified: [...unverified].sort(),
    excluded: [...excluded].map(([file, kind]) => ({ file, kind })).sort((a, b) => a.file.localeCompare(b.file)),
  };
}
