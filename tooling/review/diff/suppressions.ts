/**
 * The security diff of check suppressions: a suppression travels in the synthesized output (the
 * resource's `//.checkSuppressions`, written by `suppressCheck`), so a change can silence the rule
 * pack on the very resource it weakens. A suppression added for a rule of level error turns a
 * finding the gate fails on into one it passes: dangerous. One for a warning is notable.
 */

import { PACK } from '../../checks';
import type { AppResource, AppStack } from '../../model';
import type { ReviewContext } from '../context';
import type { Finding } from './findings';

/** Suppressions added to resources of the stacks both folders have. */
export function diffSuppressions(before: ReviewContext, after: ReviewContext): Finding[] {
  const recorded = (ctx: ReviewContext) =>
    new Set(
      ctx.app.stacks.flatMap((s: AppStack) => s.resources.flatMap((r) => rulesOf(r).map((rule) => `${r.stack}/${r.address}#${rule}`))),
    );
  const old = recorded(before);
  return after.app.stacks
    .filter((s) => before.app.stacks.some((b) => b.name === s.name))
    .flatMap((s) =>
      s.resources.flatMap((r) =>
        rulesOf(r)
          .filter((rule) => !old.has(`${r.stack}/${r.address}#${rule}`))
          .map((rule): Finding => {
            const error = PACK.find((p) => p.id === rule)?.level !== 'warning';
            return {
              severity: error ? 'dangerous' : 'notable',
              stack: s.name,
              subject: `${after.resolver.label(r)} (${r.address})`,
              change: `check ${rule} suppressed${error ? ': its error findings no longer fail the gate' : ''}`,
            };
          }),
      ),
    );
}

/** The rule ids a resource's recorded suppressions name (malformed entries are the rule pack's to report). */
function rulesOf(r: AppResource): string[] {
  const recorded = r.comment.checkSuppressions;
  const list = Array.isArray(recorded) ? recorded : recorded === undefined ? [] : [recorded];
  return list.flatMap((entry) =>
    typeof entry === 'object' && entry !== null && typeof (entry as { rule?: unknown }).rule === 'string'
      ? [(entry as { rule: string }).rule]
      : [],
  );
}
