/**
 * The security diff of values only an apply can know: an argument the baseline wrote as a literal
 * (or as a plain reference to another resource) that is now a Terraform expression (`${false}`,
 * `${1}`, `${var.x ? 0 : 400}`), or a literal that is now a reference to another resource's
 * attribute. Every other reading of the review compares literal values, so an
 * expression would read as unset or as its default (`force_destroy` off, retention never expiring)
 * while Terraform applies whatever it evaluates to: dangerous, naming the argument.
 */

import { type AppResource, type AppStack, parseReference } from '../../model';
import type { Finding } from './findings';

/** Arguments that became expressions in the resources both folders have. */
export function diffComputed(before: readonly AppStack[], after: readonly AppStack[]): Finding[] {
  return after.flatMap((s) => {
    const prior = before.find((b) => b.name === s.name);
    if (!prior) return [];
    return s.resources.flatMap((r): Finding[] => {
      const old = prior.resources.find((x) => x.address === r.address);
      if (!old) return [];
      const paths = computedPaths(old.config, r.config, '').filter((p) => !READ_ELSEWHERE.includes(p.split(/[.[]/)[0]));
      return paths.length === 0
        ? []
        : [
            {
              severity: 'dangerous',
              stack: s.name,
              subject: `${r.type}.${r.name}`,
              change: `now computed at apply, so the review cannot read ${paths.join(', ')}: ${shown(r, paths[0])}`,
            },
          ];
    });
  });
}

/** Arguments with their own reading of a computed value (instance counts, policy documents, templates). */
const READ_ELSEWHERE = [
  'count',
  'for_each',
  'policy',
  'assume_role_policy',
  'content',
  'access_policies',
  'policy_document',
  'template_body',
];

/** Whether a value is one interpolation that is not a plain reference (`${false}`, `${lower(x)}`). */
function isExpression(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{.*\}$/s.test(value.trim()) && !parseReference(value);
}

/** A `${...}` value: an expression or a plain reference to another resource's attribute. */
function isInterpolation(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{.*\}$/s.test(value.trim());
}

/**
 * Dotted paths where `now` holds an expression that `was` did not hold there, or a reference where
 * `was` held a literal (a number, a flag, a name: only an apply knows the attribute it reads).
 */
function computedPaths(was: unknown, now: unknown, path: string): string[] {
  const literalBefore = was !== undefined && was !== null && typeof was !== 'object' && !isInterpolation(was);
  if (isExpression(now) || (isInterpolation(now) && literalBefore))
    return JSON.stringify(was) === JSON.stringify(now) ? [] : [path || '(the resource)'];
  if (Array.isArray(now)) return now.flatMap((v, i) => computedPaths(Array.isArray(was) ? was[i] : undefined, v, `${path}[${i}]`));
  if (typeof now === 'object' && now !== null) {
    const old = typeof was === 'object' && was !== null && !Array.isArray(was) ? (was as Record<string, unknown>) : {};
    return Object.entries(now).flatMap(([k, v]) => computedPaths(old[k], v, path ? `${path}.${k}` : k));
  }
  return [];
}

function shown(r: AppResource, path: string): string {
  const value = path
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), r.config);
  return `\`${String(value)}\``;
}
