/** Report section: the security diff against a baseline folder, dangerous changes first. */
import { blocksOf, cell, code, heading, table } from './markdown';
import type { SecurityDiff } from './security-diff';

/** Counts, then one row per change; a plain sentence when nothing changed. */
export function securityDiffSection(diff: SecurityDiff): string {
  const { dangerous, notable, info } = diff.counts;
  const rows = diff.findings.map((f) => [
    f.severity === 'dangerous' ? '**dangerous**' : f.severity,
    code(f.stack),
    cell(f.subject),
    cell(f.change),
  ]);
  return blocksOf(
    heading(2, 'Security diff'),
    `Compared with ${code(diff.against)}: ${dangerous} dangerous, ${notable} notable, ${info} info. Dangerous: a Deny removed or narrowed, an Allow widened, a guardrail or resource policy removed, encryption, versioning, object lock, public access, retention, trail settings or prevent_destroy weakened, evidence destroyed or replaced.`,
    diff.findings.length > 0
      ? table(['severity', 'stack', 'what', 'change'], rows)
      : 'No differences in stacks, resources, policies or protective settings.',
  );
}

/** Short lines for the command's output: the counts, then every dangerous change. */
export function securityDiffLines(diff: SecurityDiff): string[] {
  const { dangerous, notable, info } = diff.counts;
  return [
    `security diff against ${diff.against}: ${dangerous} dangerous, ${notable} notable, ${info} info`,
    ...diff.findings.filter((f) => f.severity === 'dangerous').map((f) => `  dangerous: ${f.stack}: ${f.subject}: ${f.change}`),
  ];
}
