/** What the setting diffs share: a pair of reviews of one stack, and a field-by-field comparison of facts. */

import type { ReviewContext } from '../context';
import type { Finding, Severity } from './findings';

export type Pair = { readonly before: ReviewContext; readonly after: ReviewContext; readonly stack: string };

/** One finding per rule whose value differs between the facts of the same resource address. */
export function compare<T extends { resource: { address: string } }>(
  p: Pair,
  before: readonly T[],
  after: readonly T[],
  label: (t: T) => string,
  rules: readonly [string, (t: T) => string, (a: string, b: string) => Severity][],
): Finding[] {
  return after.flatMap((now) => {
    const prior = before.find((b) => b.resource.address === now.resource.address);
    if (!prior) return [];
    return rules.flatMap(([what, get, severity]) => {
      const [a, b] = [get(prior), get(now)];
      return a === b
        ? []
        : [{ severity: severity(a, b), stack: p.stack, subject: label(now), change: `${what}: ${a || '—'} → ${b || '—'}` }];
    });
  });
}

/** Dangerous unless the new value is `better` (a predicate on the new value), then info. */
export const unless = (better: (b: string, a: string) => boolean) => (a: string, b: string) =>
  (better(b, a) ? 'info' : 'dangerous') as Severity;
