/** The security diff's findings: one change between two synthesized folders, how much it matters, and why. */

/**
 * `dangerous`: weakens a protection (a Deny removed or narrowed, an Allow widened, encryption,
 * versioning, object lock, retention or prevent_destroy weakened, evidence destroyed or replaced);
 * `notable`: changes who or what without weakening a protection on its face; `info`: tightens or adds.
 */
export type Severity = 'dangerous' | 'notable' | 'info';

export interface Finding {
  readonly severity: Severity;
  readonly stack: string;
  /** What changed, for people: "bucket acme-archive", "S3 bucket policy on bucket acme-archive, `DenyLogDeletion`". */
  readonly subject: string;
  /** The change in one line. */
  readonly change: string;
}

export const SEVERITY_ORDER: readonly Severity[] = ['dangerous', 'notable', 'info'];

/** Findings sorted dangerous first, then by stack, keeping their order otherwise. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.stack.localeCompare(b.stack),
  );
}
