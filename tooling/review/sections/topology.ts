/** Report section: the topology as a Mermaid flowchart, accounts as subgraphs. */
import type { ReviewContext } from '../context';
import { type NodeShape, type TopologyNode, topology } from '../facts';
import { blocksOf, fold, heading } from '../format';

const SHAPE: Record<NodeShape, [string, string]> = {
  store: ['[(', ')]'],
  key: ['{{', '}}'],
  trail: ['([', '])'],
  topic: ['>', ']'],
  box: ['[', ']'],
  function: ['[[', ']]'],
  bus: ['[/', '/]'],
  deploy: ['[\\', '\\]'],
  policy: ['[/', '\\]'],
  external: ['(', ')'],
};

/** A Mermaid flowchart of the app; accounts are subgraphs named after the stacks deployed there. */
export function topologySection(ctx: ReviewContext): string {
  const graph = topology(ctx);
  if (graph.nodes.length === 0) return '';
  const stacksIn = (account: string) => ctx.app.stacks.filter((s) => s.accounts.includes(account)).map((s) => s.name);
  const accounts = [...new Set(graph.nodes.map((n) => n.account))];
  const lines = ['flowchart LR'];
  for (const account of accounts) {
    const members = graph.nodes.filter((n) => n.account === account);
    if (!account) {
      lines.push(...members.map((n) => `  ${node(n)}`));
      continue;
    }
    const stacks = stacksIn(account);
    const title = /^\d{12}$/.test(account)
      ? `account ${account}${stacks.length ? `: ${stacks.join(', ')}` : ' (not deployed by this app)'}`
      : account;
    lines.push(`  subgraph ${subgraphId(account)}["${mermaidText(title)}"]`, ...members.map((n) => `    ${node(n)}`), '  end');
  }
  lines.push(...graph.edges.map((e) => `  ${e.from} -->|${mermaidText(e.label)}| ${e.to}`));
  return blocksOf(
    heading(2, 'Topology'),
    'Each box is an account (named after the stacks deployed there); rounded nodes outside the app’s resources are things it only points at. Edges: delivery, encryption, replication, event routes (with the states that travel them), StackSet fan-out and the targets organization policies guard.',
    fold(
      `Mermaid diagram: ${accounts.length} accounts, ${graph.nodes.length} nodes, ${graph.edges.length} edges`,
      ['```mermaid', ...lines, '```'].join('\n'),
    ),
  );
}

function node(n: TopologyNode): string {
  const [open, close] = SHAPE[n.shape];
  return `${n.id}${open}"${mermaidText(n.label)}"${close}`;
}

function subgraphId(account: string): string {
  return `acct_${account.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function mermaidText(label: string): string {
  return label
    .replace(/"/g, '#quot;')
    .replace(/\|/g, '#124;')
    .replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
}
