/**
 * The Security checks section: the rule pack (`npm run check`, tooling/checks) run over the model
 * the review already read (the same folder, read once), with its open findings and every suppression
 * and its reason, so nothing excused disappears from the review.
 */
import { type CheckReport, checkApp } from '../../checks';
import type { Resolver } from '../../model';
import { blocksOf, cell, code, foldTable, heading, plural, table } from '../format';

/** The checks of the review's model, or why they were not run (no folder: a review built in memory). */
export function securityChecks(resolver: Resolver): CheckReport | string {
  if (!resolver.app.outDir) return 'Not run: this review was built without a synthesized folder.';
  try {
    return checkApp(resolver);
  } catch (error) {
    return `Not run: ${(error as Error).message}`;
  }
}

/** One line for the printed summary. */
export function checksSummaryLine(checks: CheckReport | string): string {
  if (typeof checks === 'string') return `security checks: ${checks}`;
  const { counts } = checks;
  return `security checks: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')} open, ${counts.suppressed} suppressed with a reason (${checks.rules} rules)`;
}

export function securityChecksSection(checks: CheckReport | string): string {
  if (typeof checks === 'string') return blocksOf(heading(2, 'Security checks'), checks);
  const { counts } = checks;
  const open = checks.findings.filter((f) => !f.suppression);
  const suppressed = checks.findings.filter((f) => f.suppression);
  return blocksOf(
    heading(2, 'Security checks'),
    `The rule pack of \`npm run check\` (${checks.rules} rules, each mapped to CIS AWS Foundations, Security Hub and checkov controls) over ${plural(checks.resources, 'resource')}: **${plural(counts.error, 'error')} and ${plural(counts.warning, 'warning')} open**, ${counts.suppressed} suppressed, ${counts.compliant} compliant checks. Suppressions written next to a construct (\`suppressCheck\`) are applied here; a suppressions file given to \`npm run check --suppressions\` is not.`,
    open.length > 0
      ? table(
          ['level', 'rule', 'resource', 'finding', 'detail'],
          open.map((f) => [f.level, code(f.rule), code(f.address), cell(f.finding), cell(f.detail)]),
        )
      : 'No open findings.',
    suppressed.length > 0
      ? blocksOf(
          heading(3, 'Suppressed findings'),
          foldTable(
            `${plural(suppressed.length, 'suppressed finding')}, each with its reason and where it is written`,

            ['rule', 'resource', 'reason', 'where'],
            suppressed.map((f) => [
              code(f.rule),
              code(f.address),
              cell(f.suppression?.reason ?? ''),
              f.suppression?.source === 'construct' ? 'next to the construct' : cell(f.suppression?.where ?? ''),
            ]),
          ),
        )
      : '',
    checks.unusedSuppressions.length > 0
      ? `Unused suppressions (nothing they match is non-compliant): ${checks.unusedSuppressions.map((s) => `${code(s.rule)} on ${code(s.resource)}`).join(', ')}.`
      : '',
  );
}
