/**
 * The security diff of policies: statements matched by Sid (else by content) between two versions
 * of the same policy, each difference classified by whether it widens an Allow or narrows a Deny
 * (dangerous) or the reverse (info).
 */

import { admitsAnyone, type PolicyCondition, principalAccounts, type Statement, statementKey } from '../../../modules/policy';
import { POLICY_KINDS, type ResourcePolicy } from '../policy';
import type { Finding, Severity } from './findings';

const NEGATED = /Not|^Null$/;

/** Findings for every policy added, removed or changed between `before` and `after` (matched by `ResourcePolicy.id`). */
export function diffPolicies(before: readonly ResourcePolicy[], after: readonly ResourcePolicy[]): Finding[] {
  const old = new Map(before.map((p) => [p.id, p]));
  const now = new Map(after.map((p) => [p.id, p]));
  const findings: Finding[] = [];
  for (const p of after) {
    const prior = old.get(p.id);
    if (!prior) {
      const open = p.statements.filter(isOpenAllow);
      findings.push(
        finding(
          p,
          open.length > 0 ? 'dangerous' : 'notable',
          `new ${title(p)} with ${p.statements.length} statements${open.length ? `, ${open.length} allowing anyone without conditions` : ''}`,
        ),
      );
      continue;
    }
    findings.push(...diffStatements(prior, p));
  }
  for (const p of before) {
    if (now.has(p.id)) continue;
    const denies = p.statements.filter((s) => s.effect === 'Deny').length;
    const guard = p.kind === 'scp' || p.kind === 'rcp';
    findings.push(
      finding(
        p,
        denies > 0 || guard ? 'dangerous' : 'notable',
        `${title(p)} removed${denies ? ` with its ${denies} Deny statements` : ''}`,
      ),
    );
  }
  return findings;
}

function diffStatements(before: ResourcePolicy, after: ResourcePolicy): Finding[] {
  const old = new Map(before.statements.map((s) => [statementKey(s), s]));
  const now = new Map(after.statements.map((s) => [statementKey(s), s]));
  const findings: Finding[] = [];
  for (const [key, s] of now) {
    const prior = old.get(key);
    if (!prior) {
      const severity: Severity =
        s.effect === 'Deny' ? 'info' : isOpenAllow(s) || newAccounts(before, s).length > 0 ? 'dangerous' : 'notable';
      const accounts = newAccounts(before, s);
      findings.push(
        finding(
          after,
          severity,
          `${s.effect} statement ${name(s)} added${accounts.length ? ` (new accounts: ${accounts.join(', ')})` : ''}${isOpenAllow(s) ? ' allowing anyone without conditions' : ''}`,
        ),
      );
      continue;
    }
    findings.push(...diffStatement(after, prior, s));
  }
  for (const [key, s] of old) {
    if (now.has(key)) continue;
    findings.push(finding(after, s.effect === 'Deny' ? 'dangerous' : 'info', `${s.effect} statement ${name(s)} removed`));
  }
  return findings;
}

/** Differences within one statement (same Sid). */
function diffStatement(policy: ResourcePolicy, before: Statement, after: Statement): Finding[] {
  const allow = after.effect === 'Allow';
  if (before.effect !== after.effect) {
    return [finding(policy, allow ? 'dangerous' : 'info', `statement ${name(after)} turned from ${before.effect} into ${after.effect}`)];
  }
  const findings: Finding[] = [];
  const list = (field: 'principals' | 'actions' | 'resources', show: (s: Statement) => string[]) => {
    const [added, removed] = delta(show(before), show(after));
    // An Allow that reaches more, or a Deny that reaches less, weakens the policy.
    if (added.length)
      findings.push(
        finding(policy, allow ? 'dangerous' : 'info', `${after.effect} ${name(after)} now also covers ${field} ${added.join(', ')}`),
      );
    if (removed.length)
      findings.push(
        finding(policy, allow ? 'info' : 'dangerous', `${after.effect} ${name(after)} no longer covers ${field} ${removed.join(', ')}`),
      );
  };
  list('principals', (s) => s.principals.map((p) => `${p.type}:${p.id}`));
  list('actions', (s) => [...s.actions]);
  list('resources', (s) => [...s.resources]);
  for (const [field, label] of [
    ['notPrincipals', 'NotPrincipal'],
    ['notActions', 'NotAction'],
    ['notResources', 'NotResource'],
  ] as const) {
    const show = (s: Statement) => (s[field] as readonly unknown[]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    const [added, removed] = delta(show(before), show(after));
    if (added.length + removed.length > 0)
      findings.push(
        finding(
          policy,
          'dangerous',
          `${after.effect} ${name(after)} changed its ${label} (+${added.join(', ') || '—'}, -${removed.join(', ') || '—'})`,
        ),
      );
  }
  findings.push(...diffConditions(policy, after, before.conditions, after.conditions));
  return findings;
}

/**
 * Conditions decide when a statement applies. An Allow applies more often (dangerous) when a
 * condition is removed, or a value is added to a positive operator or removed from a negated one;
 * a Deny applies less often (dangerous) in exactly the opposite cases.
 */
function diffConditions(
  policy: ResourcePolicy,
  s: Statement,
  before: readonly PolicyCondition[],
  after: readonly PolicyCondition[],
): Finding[] {
  const key = (c: PolicyCondition) => `${c.operator} ${c.key}`;
  const old = new Map(before.map((c) => [key(c), c]));
  const now = new Map(after.map((c) => [key(c), c]));
  const allow = s.effect === 'Allow';
  const applies = (more: boolean): Severity => (more === allow ? 'dangerous' : 'info');
  const findings: Finding[] = [];
  for (const [k, c] of now) {
    const prior = old.get(k);
    if (!prior) {
      findings.push(finding(policy, applies(false), `${s.effect} ${name(s)} gained condition ${k} ${c.values.join(', ')}`));
      continue;
    }
    const [added, removed] = delta(prior.values, c.values);
    const negated = NEGATED.test(c.operator);
    if (added.length) findings.push(finding(policy, applies(!negated), `${s.effect} ${name(s)}: ${k} now also ${added.join(', ')}`));
    if (removed.length) findings.push(finding(policy, applies(negated), `${s.effect} ${name(s)}: ${k} no longer ${removed.join(', ')}`));
  }
  for (const [k, c] of old) {
    if (!now.has(k)) findings.push(finding(policy, applies(true), `${s.effect} ${name(s)} lost condition ${k} ${c.values.join(', ')}`));
  }
  return findings;
}

/** An Allow to anyone (`*`) with no condition at all: public. */
export function isOpenAllow(s: Statement): boolean {
  return s.effect === 'Allow' && s.conditions.length === 0 && admitsAnyone(s);
}

/** Accounts an Allow statement names that the policy named nowhere before. */
function newAccounts(before: ResourcePolicy, s: Statement): string[] {
  if (s.effect !== 'Allow') return [];
  const accounts = (ss: readonly Statement[]) => new Set(principalAccounts(ss.flatMap((x) => x.principals.map((p) => p.id))));
  const known = accounts(before.statements);
  return [...accounts([s])].filter((a) => !known.has(a));
}

function delta(before: readonly string[], after: readonly string[]): [string[], string[]] {
  return [after.filter((v) => !before.includes(v)), before.filter((v) => !after.includes(v))];
}

function name(s: Statement): string {
  return s.sid ? `\`${s.sid}\`` : '(no Sid)';
}

function title(p: ResourcePolicy): string {
  return `${POLICY_KINDS[p.kind].title} on ${p.target}`;
}

function finding(p: ResourcePolicy, severity: Severity, change: string): Finding {
  return { severity, stack: p.stack, subject: title(p), change };
}
