/**
 * The security diff of what runs with Terraform's credentials when a stack is planned or applied:
 * the provider plugins (`terraform.required_providers`: another source, or a version no longer
 * pinned, is other code), the provider settings that decide where requests and credentials go
 * (`endpoints`, proxies, `insecure`, credential files and profiles), provisioners (`local-exec`,
 * `remote-exec`: commands at apply), and data sources that run programs or fetch URLs at plan
 * (`external`, `http`). Any of them added or changed is dangerous: it can do whatever the deployment
 * role may, outside every policy the review reads. (Terraform language: provisioners, provider
 * requirements; hashicorp/aws provider: endpoints, insecure, custom_ca_bundle.)
 */

import { type AppResource, type AppStack, block, blocks, text } from '../../model';
import type { Finding } from './findings';

/** aws provider arguments the review reads elsewhere or that only label (region, account pin, role, tags). */
const READ_ELSEWHERE = ['alias', 'region', 'allowed_account_ids', 'forbidden_account_ids', 'assume_role', 'default_tags', 'ignore_tags'];

/** Data sources that run a program or reach a URL when the stack is planned. */
const RUNS_AT_PLAN = ['external', 'http'];

/** Execution changes of every stack (a new stack compares with nothing). */
export function diffExecution(before: readonly AppStack[], after: readonly AppStack[]): Finding[] {
  return after.flatMap((s) => {
    const prior = before.find((b) => b.name === s.name);
    const say = (subject: string, change: string): Finding => ({ severity: 'dangerous', stack: s.name, subject, change });
    // A new stack compares its providers with what the baseline's stacks already use.
    return [
      ...providers(prior ? [prior] : before, s).map((change) => say(`stack ${s.name}`, change)),
      ...s.resources
        .filter((r) => shown(r.config.provisioner) !== shown(prior && find(prior.resources, r)?.config.provisioner))
        .filter((r) => r.config.provisioner !== undefined)
        .map((r) => say(`${r.type}.${r.name}`, `provisioner ${provisioners(r)}: runs at apply with Terraform's credentials`)),
      ...s.dataSources
        .filter((d) => RUNS_AT_PLAN.includes(d.type))
        .filter((d) => shown(d.config) !== shown(prior && find(prior.dataSources, d)?.config))
        .map((d) => say(d.address, `${d.type === 'external' ? 'runs a program' : 'fetches a URL'} at plan: ${shown(d.config)}`)),
    ];
  });
}

/** Provider plugins and settings of `s` that its baseline (`priors`) does not have. */
function providers(priors: readonly AppStack[], s: AppStack): string[] {
  const required = (st: AppStack) => (st.json.terraform?.required_providers ?? {}) as Record<string, unknown>;
  const was = Object.assign({}, ...[...priors].reverse().map(required)) as Record<string, unknown>;
  const is = required(s);
  const changes = Object.entries(is).flatMap(([name, spec]): string[] => {
    const [a, b] = [was[name], spec];
    if (a === undefined)
      return [
        `provider ${name} added (${sourceOf(name, b)} ${versionOf(b) || 'any version'}): its plugin runs with Terraform's credentials`,
      ];
    if (sourceOf(name, a) !== sourceOf(name, b)) return [`provider ${name} now from ${sourceOf(name, b)} instead of ${sourceOf(name, a)}`];
    const [va, vb] = [versionOf(a), versionOf(b)];
    return va !== vb && !exact(vb) ? [`provider ${name} version ${va || 'any'} → ${vb || 'any'}: no longer one pinned version`] : [];
  });
  const settings = (st: AppStack, key: string) =>
    blocks((st.json.provider as Record<string, unknown> | undefined)?.[key]).map((p) =>
      shown(Object.fromEntries(Object.entries(p).filter(([k]) => !READ_ELSEWHERE.includes(k)))),
    );
  const keys = Object.keys((s.json.provider ?? {}) as Record<string, unknown>);
  for (const key of keys) {
    const [a, b] = [priors.flatMap((p) => settings(p, key)), settings(s, key)];
    const added = b.filter((x) => !a.includes(x) && x !== '{}');
    if (added.length > 0) changes.push(`provider ${key} settings now ${added.join(', ')}: requests and credentials may go elsewhere`);
  }
  return changes;
}

function sourceOf(name: string, spec: unknown): string {
  const source = text(block(spec).source) ?? name;
  return source.replace(/^registry\.terraform\.io\//, '').replace(/^([^/]+)$/, 'hashicorp/$1');
}

function versionOf(spec: unknown): string {
  return typeof spec === 'string' ? spec : (text(block(spec).version) ?? '');
}

function exact(version: string): boolean {
  return /^=?\s*\d+\.\d+\.\d+$/.test(version.trim());
}

function provisioners(r: AppResource): string {
  return blocks(r.config.provisioner)
    .flatMap((p) => Object.keys(p))
    .join(', ');
}

function find(list: readonly AppResource[], r: AppResource): AppResource | undefined {
  return list.find((x) => x.address === r.address);
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? '';
}
