/** Report section: stacks with account, regions, role, backend and state reads; accounts; apply order; synth notes. */

import type { AppStack } from '../../model';
import type { ReviewContext } from '../context';
import { blocksOf, bullets, cell, code, heading, table } from '../format';

/** The stacks table in apply order, the accounts table, how the order was derived, and synth notes. */
export function overviewSection(ctx: ReviewContext): string {
  const { app } = ctx;
  const rows = app.stacks.map((s, i) => [
    String(i + 1),
    code(s.name),
    accountsText(s),
    regionsText(s),
    s.roles.map(code).join('<br>') || 'none: the caller’s own credentials',
    `${s.backend.type}: ${code(s.backend.location)}`,
    s.reads.map((r) => (r.stack ? code(r.stack) : `${code(r.location)} (not a stack here)`)).join(', ') || '—',
    String(s.resources.length),
  ]);
  const stale =
    app.stale.length > 0
      ? `Stack folders that manifest.json does not list (left from an earlier synth, not reviewed): ${app.stale.map(code).join(', ')}.`
      : '';
  return blocksOf(
    heading(2, 'Stacks, accounts and apply order'),
    table(['order', 'stack', 'account', 'region(s)', 'role Terraform assumes', 'backend', 'reads state of', 'resources'], rows),
    orderText(ctx),
    stale,
    heading(3, 'Accounts'),
    accountsTable(ctx),
    notesText(app.stacks),
  );
}

function accountsText(s: AppStack): string {
  if (s.accounts.length === 0) return 'not pinned';
  return s.accounts.map(code).join(', ') + (s.providers.every((p) => p.pinned) ? '' : ' (from the role; `allowed_account_ids` not set)');
}

function regionsText(s: AppStack): string {
  return s.providers.map((p) => `${p.region ?? '?'}${p.key === 'aws' ? '' : ` (${code(p.key)})`}`).join(', ') || '—';
}

function orderText(ctx: ReviewContext): string {
  const { order, stacks } = ctx.app;
  const edges = stacks.flatMap((s) =>
    [...s.reads.flatMap((r) => (r.stack ? [r.stack] : [])), ...s.dependencies].map((d) => `${code(d)} before ${code(s.name)}`),
  );
  const how = order.derived
    ? `Apply order: a stack comes after every stack whose state it reads (\`terraform_remote_state\`) or that manifest.json lists as its dependency (${[...new Set(edges)].join(', ')}). Stacks with no such relation keep manifest.json order, which cdktf writes alphabetically: their relative order is no dependency.`
    : edges.length > 0
      ? `Apply order: manifest.json order already satisfies every state read (${[...new Set(edges)].join(', ')}).`
      : 'Apply order: no stack reads another stack’s state, so manifest.json order (alphabetical in cdktf) is kept; it implies no dependency.';
  const cycle =
    order.cycle.length > 0
      ? `\n\n**Dependency cycle** between ${order.cycle.map(code).join(', ')}: they read each other’s state, so no order works on a first apply.`
      : '';
  return how + cycle;
}

function accountsTable(ctx: ReviewContext): string {
  const accounts = new Map<string, { stacks: string[]; roles: Set<string>; policies: Set<string> }>();
  const entry = (id: string) => accounts.get(id) ?? accounts.set(id, { stacks: [], roles: new Set(), policies: new Set() }).get(id)!;
  for (const s of ctx.app.stacks) {
    for (const id of s.accounts) {
      entry(id).stacks.push(s.name);
      for (const p of s.providers) if (p.accountIds.includes(id) && p.roleArn) entry(id).roles.add(p.roleArn);
    }
  }
  for (const p of ctx.policies) {
    for (const st of p.statements) {
      const mentioned = [
        ...st.principals.map((x) => x.id),
        ...st.conditions.filter((c) => /account|sourcearn/i.test(c.key)).flatMap((c) => c.values),
      ];
      for (const id of mentioned.flatMap(
        (v) => /^(\d{12})$|^arn:aws[a-z-]*:[a-z0-9-]+:[^:]*:(\d{12}):/.exec(v)?.slice(1).filter(Boolean) ?? [],
      )) {
        entry(id).policies.add(p.target);
      }
    }
  }
  const rows = [...accounts].map(([id, a]) => [
    code(id),
    a.stacks.map(code).join(', ') || 'no stack: named in policies only',
    [...a.roles].map((r) => code(r.replace(/^arn:aws[a-z-]*:iam::\d{12}:role\//, ''))).join(', ') || '—',
    cell(
      a.policies.size > 0 ? [...a.policies].slice(0, 4).join(', ') + (a.policies.size > 4 ? `, and ${a.policies.size - 4} more` : '') : '—',
    ),
  ]);
  return table(['account', 'stacks deployed there', 'role Terraform assumes there', 'named in the policies of'], rows);
}

function notesText(stacks: readonly AppStack[]): string {
  const notes = stacks.flatMap((s) => s.notes.map((n) => `**${n.level}** ${code(n.constructPath)}: ${cell(n.message)}`));
  return notes.length > 0
    ? blocksOf(
        heading(3, 'Notes recorded at synth'),
        'Warnings and notes the app attached to its stacks (weakened defaults, named opt-outs, irreversible choices):',
        bullets(notes),
      )
    : '';
}
