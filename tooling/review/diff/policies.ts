/**
 * The security diff of policies: statements matched by Sid (else by content) between two versions
 * of the same policy, each difference classified by whether it widens an Allow or narrows a Deny
 * (dangerous) or the reverse (info). An Allow the change adds is compared by what it grants: it is
 * dangerous unless the policy's earlier Allows already granted all of it (`allowCovered`), so a
 * renamed, rewritten or Sid-less statement cannot pass as merely new. A policy whose text the
 * review cannot read, and a guardrail attached to fewer targets, are dangerous too.
 */

import { admitsAnyone, allowCovered, type PolicyCondition, principalAccounts, type Statement, statementKey } from '../../../modules/policy';
import { POLICY_KINDS, type ResourcePolicy } from '../policy';
import type { Finding, Severity } from './findings';

const NEGATED = /Not|^Null$/;

/**
 * Findings for every policy added, removed or changed between `before` and `after` (matched by
 * `ResourcePolicy.id`); `knownAccounts` are the accounts the baseline app already names (its stacks'
 * accounts), to which the principals of the baseline policies are added.
 */
export function diffPolicies(
  before: readonly ResourcePolicy[],
  after: readonly ResourcePolicy[],
  knownAccounts: readonly string[] = [],
): Finding[] {
  const old = new Map(before.map((p) => [p.id, p]));
  const now = new Map(after.map((p) => [p.id, p]));
  const known = new Set([...knownAccounts, ...accountsOf(before.flatMap((p) => p.statements))]);
  const findings: Finding[] = [];
  for (const p of after) {
    const prior = old.get(p.id);
    findings.push(...unreadable(prior, p));
    if (!prior) {
      const open = p.statements.filter(isOpenAllow);
      const wide = p.statements.filter((s) => s.effect === 'Allow' && (admitsAnyone(s) || wildcardAccount(s)));
      const strangers = [...new Set(p.statements.flatMap((s) => (s.effect === 'Allow' ? accountsOf([s]) : [])))].filter(
        (a) => !known.has(a),
      );
      // A new policy on a resource the baseline had (a role's second inline policy, one renamed or
      // moved to another resource address) widens it unless the baseline's policies of that kind on
      // the same resource already granted every one of its Allows.
      const on = (x: ResourcePolicy) => (x.governs ? `${x.governs.stack}/${x.governs.address}` : undefined);
      const existed = on(p) !== undefined && before.some((q) => on(q) === on(p));
      // A KMS grant adds to the key policy: what the key policy already allows, a grant does not widen.
      const family = (k: ResourcePolicy['kind']) => (k === 'grant' ? 'key' : k);
      const peers = before.filter((q) => on(q) === on(p) && family(q.kind) === family(p.kind)).flatMap((q) => q.statements);
      const widens = existed && p.statements.some((st) => st.effect === 'Allow' && !allowCovered(st, peers));
      // What a Terraform expression (not a plain reference) names, only an apply can tell: it may be a resource the baseline had.
      const computed = p.governs === undefined && p.target.includes('${');
      // Every action (or all but a few, with NotAction) on every resource: administrator access.
      const admin = p.statements.some(
        (st) => st.effect === 'Allow' && (st.actions.includes('*') || st.notActions.length > 0) && st.resources.includes('*'),
      );
      const why = [
        widens ? `grants ${p.target} what the baseline's policies of this kind on it did not` : '',
        admin ? 'allowing every action on every resource' : '',
        computed ? 'on a resource only an apply can name, perhaps one the baseline had' : '',
        open.length ? `${open.length} allowing anyone without conditions` : '',
        wide.length > open.length ? `${wide.length - open.length} allowing anyone or any account under conditions` : '',
        strangers.length ? `Allow to accounts the baseline names nowhere: ${strangers.join(', ')}` : '',
      ].filter(Boolean);
      findings.push(
        finding(
          p,
          why.length > 0 ? 'dangerous' : 'notable',
          `new ${title(p)} with ${p.statements.length} statements${why.length ? `, ${why.join('; ')}` : ''}`,
        ),
      );
      continue;
    }
    // By the resource governed where both name one (a label follows aliases and names), else by the label.
    const governed = (x: ResourcePolicy) => (x.governs ? `${x.governs.stack}/${x.governs.address}` : x.target);
    if (prior.kind !== p.kind)
      findings.push(
        finding(
          p,
          'dangerous',
          `now a ${POLICY_KINDS[p.kind].title} instead of a ${POLICY_KINDS[prior.kind].title}: it applies to other requests`,
        ),
      );
    if (governed(prior) !== governed(p))
      findings.push(finding(p, 'dangerous', `now governs ${p.target} instead of ${prior.target}, which loses its statements`));
    findings.push(...diffStatements(prior, p), ...diffTargets(prior, p));
  }
  for (const p of before) {
    if (now.has(p.id)) continue;
    const denies = p.statements.filter((s) => s.effect === 'Deny').length;
    // Without a key policy a new key gets KMS's default one, which lets the account's IAM policies grant every KMS
    // operation on it (KMS developer guide, key-policy-default.html); an existing key's policy is no longer managed.
    const guard = p.kind === 'scp' || p.kind === 'rcp' || (p.kind === 'key' && p.attribute === 'policy');
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

/** Problems reading a policy that its baseline did not have: what it allows is unknown, so dangerous. */
function unreadable(before: ResourcePolicy | undefined, after: ResourcePolicy): Finding[] {
  return after.problems
    .filter((problem) => !before?.problems.includes(problem))
    .map((problem) => finding(after, 'dangerous', `cannot be read fully (${problem}): what it allows cannot be compared`));
}

/** An SCP or RCP attached to fewer targets protects fewer accounts. */
function diffTargets(before: ResourcePolicy, after: ResourcePolicy): Finding[] {
  if (after.kind !== 'scp' && after.kind !== 'rcp') return [];
  const [added, removed] = delta(before.appliesTo, after.appliesTo);
  return [
    ...(removed.length ? [finding(after, 'dangerous', `no longer attached to ${removed.join(', ')}`)] : []),
    ...(added.length ? [finding(after, 'info', `now also attached to ${added.join(', ')}`)] : []),
  ];
}

function diffStatements(before: ResourcePolicy, after: ResourcePolicy): Finding[] {
  const old = keyed(before.statements);
  const now = keyed(after.statements);
  const findings: Finding[] = [];
  for (const [key, s] of now) {
    const prior = old.get(key);
    if (!prior) {
      const accounts = newAccounts(before, s);
      const wider = s.effect === 'Allow' && !allowCovered(s, before.statements);
      const severity: Severity = s.effect === 'Deny' ? 'info' : wider || accounts.length > 0 ? 'dangerous' : 'notable';
      findings.push(
        finding(
          after,
          severity,
          `${s.effect} statement ${name(s)} added${accounts.length ? ` (new accounts: ${accounts.join(', ')})` : ''}${isOpenAllow(s) ? ' allowing anyone without conditions' : ''}${wider ? ': it grants what no statement of the policy granted before' : ''}`,
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
function isOpenAllow(s: Statement): boolean {
  return s.effect === 'Allow' && s.conditions.length === 0 && admitsAnyone(s);
}

/** Accounts an Allow statement names that the policy named nowhere before. */
function newAccounts(before: ResourcePolicy, s: Statement): string[] {
  if (s.effect !== 'Allow') return [];
  const known = new Set(accountsOf(before.statements));
  return accountsOf([s]).filter((a) => !known.has(a));
}

/** Accounts the principals of `statements` name. */
function accountsOf(statements: readonly Statement[]): string[] {
  return principalAccounts(statements.flatMap((x) => x.principals.map((p) => p.id)));
}

/** An AWS principal in any account (`arn:aws:iam::*:role/x`). */
function wildcardAccount(s: Statement): boolean {
  return s.principals.some((p) => p.type === 'AWS' && /^arn:aws[a-z-]*:(iam|sts)::[^:]*[*?]/.test(p.id));
}

/**
 * Statements by `statementKey`; a key that repeats (two statements with one Sid) gets `#2`, `#3`,
 * so a statement that shares the Sid of another is still compared, not hidden behind it.
 */
function keyed(statements: readonly Statement[]): Map<string, Statement> {
  const map = new Map<string, Statement>();
  for (const s of statements) {
    const key = statementKey(s);
    let n = 1;
    while (map.has(n === 1 ? key : `${key}#${n}`)) n++;
    map.set(n === 1 ? key : `${key}#${n}`, s);
  }
  return map;
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
