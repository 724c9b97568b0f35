/** How `npm run check` prints a report (text for people, JSON for the review report and CI) and the rule table. */
import { type CheckReport, type Finding, failingFindings } from './run-checks';
import type { Level, Rule } from './types';

/** The report for people: open findings grouped by level, then suppressed ones with their reason, then the verdict. */
export function formatText(report: CheckReport, failOn: Level = 'error'): string {
  const { counts } = report;
  const lines = [
    `Checked ${report.stacks.length} stack${report.stacks.length === 1 ? '' : 's'} (${report.resources} resources) against ${report.rules} rules: ` +
      `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.suppressed} suppressed.`,
  ];
  const open = report.findings.filter((f) => !f.suppression);
  for (const level of ['error', 'warning'] as const) {
    const group = open.filter((f) => f.level === level);
    if (group.length === 0) continue;
    lines.push('', `${level === 'error' ? 'ERRORS' : 'WARNINGS'} (${group.length})`);
    for (const f of group) lines.push(...findingLines(f));
  }
  const suppressed = report.findings.filter((f) => f.suppression);
  if (suppressed.length > 0) {
    lines.push('', `SUPPRESSED (${suppressed.length})`);
    for (const f of suppressed) {
      const s = f.suppression!;
      lines.push(
        `  ${f.address}  ${f.rule} (${f.level})`,
        `    reason: ${s.reason}`,
        `    where:  ${s.source === 'construct' ? 'next to the construct' : s.where}`,
      );
    }
  }
  if (report.unusedSuppressions.length > 0) {
    lines.push(
      '',
      `UNUSED SUPPRESSIONS (${report.unusedSuppressions.length}): nothing they match is non-compliant; remove them or fix the pattern`,
    );
    for (const s of report.unusedSuppressions) lines.push(`  ${s.rule} ${s.resource} (${s.where})`);
  }
  if (report.staleStacks.length > 0)
    lines.push('', `Not checked (not in manifest.json, left from another synth): ${report.staleStacks.join(', ')}`);
  const failing = failingFindings(report, failOn);
  lines.push(
    '',
    failing.length > 0
      ? `FAIL: ${failing.length} unsuppressed finding${failing.length === 1 ? '' : 's'} at level ${failOn === 'warning' ? 'error or warning' : 'error'}. Fix the resource, or suppress with a reason next to the construct (suppressCheck) or in --suppressions.`
      : `PASS: no unsuppressed ${failOn === 'warning' ? 'findings' : 'errors'}${failOn === 'error' && counts.warning > 0 ? ` (${counts.warning} warning${counts.warning === 1 ? '' : 's'} printed above; --fail-on warning fails on them)` : ''}.`,
  );
  return lines.join('\n');
}

function findingLines(f: Finding): string[] {
  return [
    `  ${f.address}${f.constructPath ? `  (${f.constructPath})` : ''}`,
    `    ${f.rule}${f.controls.length > 0 ? `  [${f.controls.join(', ')}]` : ''}`,
    `    finding: ${f.finding}`,
    `    detail:  ${f.detail}`,
    `    why:     ${f.reason}`,
  ];
}

/** The report as JSON: what the review report (`npm run review`) and CI read. */
export function formatJson(report: CheckReport, failOn: Level = 'error'): string {
  return JSON.stringify({ ...report, failOn, failing: failingFindings(report, failOn).length }, null, 2);
}

/** The rule table: `text` for `--list`, `markdown` for the README (a test keeps the README in step). */
export function formatRuleTable(rules: readonly Rule[], format: 'text' | 'markdown'): string {
  if (format === 'markdown') {
    return [
      '| rule | level | controls | finding |',
      '| --- | --- | --- | --- |',
      ...rules.map((r) => `| \`${r.id}\` | ${r.level} | ${r.controls.join(', ') || '-'} | ${r.finding.replace(/\|/g, '\\|')} |`),
    ].join('\n');
  }
  return rules
    .map((r) => `${r.id} (${r.level})${r.controls.length ? ` [${r.controls.join(', ')}]` : ''}\n  ${r.finding}\n  ${r.reason}`)
    .join('\n');
}
