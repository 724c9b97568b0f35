/** Report section: the security diff against a baseline folder, dangerous changes first. */
import type { Finding, SecurityDiff } from '../diff';
import { blocksOf, cell, code, foldTable, heading, table } from '../format';

/** Counts, then one row per change (dangerous and notable open, long lists of info folded); a plain sentence when nothing changed. */
export function securityDiffSection(diff: SecurityDiff): string {
  const { dangerous, notable, info } = diff.counts;
  const headers = ['severity', 'stack', 'what', 'change'];
  const row = (f: Finding) => [f.severity === 'dangerous' ? '**dangerous**' : f.severity, code(f.stack), cell(f.subject), cell(f.change)];
  const decide = diff.findings.filter((f) => f.severity !== 'info').map(row);
  const tightening = diff.findings.filter((f) => f.severity === 'info').map(row);
  return blocksOf(
    heading(2, 'Security diff'),
    `Compared with ${code(diff.against)}: ${dangerous} dangerous, ${notable} notable, ${info} info. Dangerous: the trails record less (management events narrowed or a source excluded, data events dropped or narrowed, Insights, multi-region, global service events, log file validation or logging turned off), retention is shortened anywhere (log groups, object lock, lifecycle expirations, event archives, queues, streams, event data stores, the same inside StackSet templates, key deletion windows), a Deny is removed or narrowed, an Allow widened, a guardrail or resource policy removed, encryption, versioning, public access or prevent_destroy weakened, an alarm stops notifying, evidence is destroyed or replaced.`,
    diff.findings.length === 0 ? 'No differences in stacks, resources, policies or protective settings.' : '',
    table(headers, decide),
    tightening.length > 0 ? foldTable(`${tightening.length} info: added or tightened`, headers, tightening) : '',
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
