/**
 * Report section: every policy of a stack as a table of who may do what on which resource under
 * which conditions (Deny rows marked), with its size against AWS's limit and, for resource
 * policies, who may read, write, delete or administer at a glance.
 */

import type { AppStack } from '../../model';
import type { ReviewContext } from '../context';
import { blocksOf, bullets, cell, code, foldTable, heading, plural, table } from '../format';
import { ACCESS, grants, POLICY_KINDS, type PolicyKind, type ResourcePolicy, statementText } from '../policy';

/** How the tables read; printed once at the top of the report. */
export const POLICY_LEGEND =
  'Policy tables: one row per statement. **who** names the principals in words and folds in the conditions that only narrow who (`aws:SourceArn` of a service, `aws:PrincipalOrgID`, the exceptions of a Deny); **when** lists every other condition. All conditions of a row must hold; a list of values matches any one of them. "account X" means any principal of X that X’s own IAM policies allow. **Deny** rows win over any Allow. ‹…› marks a value known only after apply.';

const RESOURCE_KINDS: readonly PolicyKind[] = [
  'bucket',
  'key',
  'grant',
  'topic',
  'queue',
  'stream',
  'event-bus',
  'lambda',
  'sink',
  'other',
];

/** The stack's policies: an overview table, then each policy's statements. */
export function policiesSection(ctx: ReviewContext, stack: AppStack): string {
  const policies = ctx.policies.filter((p) => p.stack === stack.name);
  if (policies.length === 0) return '';
  const overview = table(
    ['policy', 'on', 'statements', 'deny', 'size'],
    policies.map((p) => [
      POLICY_KINDS[p.kind].title,
      cell(p.target),
      String(p.statements.length),
      String(p.statements.filter((s) => s.effect === 'Deny').length),
      sizeText(p),
    ]),
  );
  return blocksOf(heading(3, 'Policies'), overview, ...policies.map((p) => policyBlock(ctx, p)));
}

/** One policy: heading, where it is, size, notes, the statement table and the access summary. */
export function policyBlock(ctx: ReviewContext, p: ResourcePolicy): string {
  const display = (v: string) => ctx.resolver.display(p.stack, v);
  const texts = p.statements.map((s) => statementText(p, s, display));
  const rows = p.statements.map((s, i) => [
    String(i + 1),
    s.effect === 'Deny' ? '**Deny**' : 'Allow',
    s.sid ? code(s.sid) : '',
    cell(texts[i].who),
    texts[i].may,
    cell(texts[i].on),
    cell(texts[i].when),
  ]);
  const facts = [
    `${code(`${p.address}`)} (${code(p.attribute)})`,
    p.appliesTo.length > 0 && p.kind !== 'identity' ? `attached to ${p.appliesTo.map(code).join(', ')}` : '',
    plural(p.statements.length, 'statement'),
    p.size !== undefined ? sizeText(p) : '',
  ].filter(Boolean);
  const problems = p.problems.map((x) => `**not read**: ${cell(x)}`);
  const denies = p.statements.filter((s) => s.effect === 'Deny').length;
  return blocksOf(
    heading(4, `${POLICY_KINDS[p.kind].title} on ${p.target}`),
    facts.join(' · '),
    bullets([...problems, ...p.notes.map(cell)]),
    RESOURCE_KINDS.includes(p.kind) ? accessSummary(ctx, p) : '',
    foldTable(
      `${plural(p.statements.length, 'statement')}${denies ? `, ${denies} Deny` : ''}: who may do what on which resource, when`,
      ['#', 'effect', 'Sid', 'who', 'may', 'on', 'when'],
      rows,
    ),
  );
}

/** Who the Allow statements let read, write, delete or change the policy (before any Deny). */
export function accessSummary(ctx: ReviewContext, p: ResourcePolicy): string {
  const display = (v: string) => ctx.resolver.display(p.stack, v);
  const lines = ACCESS.flatMap(([what, actions]) => {
    const allowed = p.statements.filter((s) => s.effect === 'Allow' && grants(s, actions));
    if (allowed.length === 0) return [];
    const who = [...new Set(allowed.map((s) => statementText(p, s, display).who))];
    return [`**${what}**: ${who.map(cell).join('; ')}`];
  });
  const denies = p.statements.filter((s) => s.effect === 'Deny').length;
  if (lines.length === 0) return '';
  const still = denies === 1 ? ' (its Deny statement still applies)' : denies > 1 ? ` (its ${denies} Deny statements still apply)` : '';
  return blocksOf(`Allowed at a glance${still}:`, bullets(lines));
}

function sizeText(p: ResourcePolicy): string {
  if (p.size === undefined) return '—';
  const limit = POLICY_KINDS[p.kind].limit;
  const tokens = p.statements.some((s) => JSON.stringify(s).includes('${')) ? ' (before ‹…› values are filled in)' : '';
  return limit
    ? `${p.size.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} bytes${tokens}`
    : `${p.size.toLocaleString('en-US')} bytes${tokens}`;
}
