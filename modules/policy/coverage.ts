/**
 * Whether Allow statements already grant what another Allow statement grants: the security diff
 * asks it of every Allow a change adds, so a statement renamed (new Sid), split, or written without
 * a Sid is compared by what it grants, not by its name. The reading is conservative: where it cannot
 * prove coverage (a NotPrincipal grant, a `?` pattern against a wildcard, an operator it does not
 * order), it answers false, and the diff calls the statement new.
 *
 * Semantics (IAM user guide): `*` and `?` in Action, Resource and the `...Like` operators
 * (reference_policies_elements_action.html, _resource.html, _condition_operators.html); an account
 * principal is `arn:aws:iam::111122223333:root` or the bare id (reference_policies_elements_principal.html);
 * the conditions of one statement are ANDed, the values of one key ORed
 * (reference_policies_condition-logic-multiple-context-keys-or-values.html).
 */
import { conditionKeyIs } from './condition';
import { admitsAnyone, type PolicyCondition, type PolicyPrincipal, principalAccounts, type Statement } from './statement';
import { wildcardMatch } from './wildcard';

/** One principal, action or resource of a statement, or its Not- list, or its absence. */
type Unit<T> =
  | { readonly kind: 'one'; readonly value: T }
  | { readonly kind: 'not'; readonly list: readonly T[] }
  | { readonly kind: 'none' };

/**
 * Whether the Allow statements `grants`, together, allow every request the Allow statement `s`
 * allows: each (principal, action, resource) of `s` is allowed by one of them whose conditions
 * `s`'s conditions imply.
 */
export function allowCovered(s: Statement, grants: readonly Statement[]): boolean {
  const allows = grants.filter((g) => g.effect === 'Allow');
  for (const principal of units(s.principals, s.notPrincipals))
    for (const action of units(s.actions, s.notActions))
      for (const resource of units(s.resources, s.notResources)) {
        const covered = allows.some(
          (g) =>
            principalCovered(g, principal) &&
            actionCovered(g, action) &&
            resourceCovered(g, resource) &&
            conditionsImplied(g.conditions, s.conditions),
        );
        if (!covered) return false;
      }
  return true;
}

function units<T>(list: readonly T[], not: readonly T[]): Unit<T>[] {
  if (not.length > 0) return [{ kind: 'not', list: not }];
  return list.length > 0 ? list.map((value) => ({ kind: 'one', value })) : [{ kind: 'none' }];
}

function principalCovered(g: Statement, u: Unit<PolicyPrincipal>): boolean {
  if (g.notPrincipals.length > 0) return u.kind === 'not' && g.notPrincipals.every((p) => u.list.some((q) => same(p, q)));
  if (u.kind === 'none') return g.principals.length === 0;
  if (admitsAnyone(g)) return true;
  if (u.kind === 'not') return false;
  const p = u.value;
  return g.principals.some((q) => {
    if (q.type !== p.type) return false;
    if (q.type !== 'AWS') return q.id === p.id;
    if (patternCovers(q.id, p.id, false)) return true;
    // `arn:aws:iam::111122223333:root` and `111122223333` are the same account principal. It does not
    // cover a role or user of the account: named in a resource policy, they need no identity policy
    // in their own account, while the account principal leaves that to its IAM policies (IAM user
    // guide, reference_policies_evaluation-logic.html).
    const account = (id: string) => (/:root$|^\d{12}$/.test(id) ? principalAccounts([id])[0] : undefined);
    return account(q.id) !== undefined && account(q.id) === account(p.id);
  });
}

function actionCovered(g: Statement, u: Unit<string>): boolean {
  if (u.kind === 'none') return true;
  if (g.notActions.length > 0) {
    if (u.kind === 'not') return g.notActions.every((a) => u.list.some((b) => a.toLowerCase() === b.toLowerCase()));
    return !/[*?]/.test(u.value) && !g.notActions.some((a) => wildcardMatch(a, u.value, { ignoreCase: true }));
  }
  if (u.kind === 'not') return g.actions.includes('*');
  return g.actions.some((a) => patternCovers(a, u.value, true));
}

function resourceCovered(g: Statement, u: Unit<string>): boolean {
  if (u.kind === 'none') return (g.resources.length === 0 && g.notResources.length === 0) || g.resources.includes('*');
  if (g.notResources.length > 0) {
    if (u.kind === 'not') return g.notResources.every((r) => u.list.includes(r));
    return !/[*?]/.test(u.value) && !g.notResources.some((r) => wildcardMatch(r, u.value));
  }
  if (u.kind === 'not') return g.resources.includes('*');
  return g.resources.some((r) => patternCovers(r, u.value, false));
}

/**
 * Whether every value `pattern` matches includes every value `value` (itself perhaps a pattern)
 * matches. Matching `value` as text is exact for `*`; a `?` could stand for a `*` of `value`, so a
 * pattern with `?` covers only values without wildcards.
 */
function patternCovers(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern.includes('?') && /[*?]/.test(value)) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return wildcardMatch(pattern, value, { ignoreCase });
}

/** Operators where fewer values (or narrower patterns) mean a stricter condition. */
const POSITIVE = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)(IfExists)?$/;
/** Operators where more values mean a stricter condition. */
const NEGATIVE =
  /^(ForAnyValue:|ForAllValues:)?(StringNotEquals|StringNotEqualsIgnoreCase|StringNotLike|ArnNotEquals|ArnNotLike)(IfExists)?$/;

/** Whether conditions `given` hold whenever conditions `required` of a covering grant must hold. */
function conditionsImplied(required: readonly PolicyCondition[], given: readonly PolicyCondition[]): boolean {
  return required.every((r) =>
    given.some((c) => {
      if (c.operator !== r.operator || !conditionKeyIs(c, r.key)) return false;
      if (POSITIVE.test(r.operator)) {
        const like = /Like/.test(r.operator);
        return c.values.every((v) => r.values.some((w) => (like ? patternCovers(w, v, false) : w === v)));
      }
      if (NEGATIVE.test(r.operator)) return r.values.every((w) => c.values.includes(w));
      return r.values.length === c.values.length && r.values.every((w) => c.values.includes(w));
    }),
  );
}

function same(a: PolicyPrincipal, b: PolicyPrincipal): boolean {
  return a.type === b.type && a.id === b.id;
}
