/**
 * The security diff of stack outputs: another stack reads them through `terraform_remote_state`
 * (the trail's KMS key, the observability sinks a StackSet links every account to), so a changed
 * output changes what those stacks deploy without a change to their own text. An output another
 * stack reads that changes or disappears is dangerous; one nobody in the app reads is notable. A
 * remote state read pointed at another state is dangerous too.
 */

import type { AppStack } from '../../model';
import type { ReviewContext } from '../context';
import type { Finding } from './findings';

/** Output changes of the stacks both folders have. */
export function diffOutputs(before: ReviewContext, after: ReviewContext): Finding[] {
  return after.app.stacks.flatMap((s) => {
    const prior = before.app.stacks.find((x) => x.name === s.name);
    if (!prior) return [];
    const [old, now] = [outputs(prior), outputs(s)];
    // The other side of the same channel: a remote state read pointed at another state takes every value from there.
    const moved = s.reads
      .filter((r) => prior.reads.some((p) => p.name === r.name && p.location !== r.location))
      .map(
        (r): Finding => ({
          severity: 'dangerous',
          stack: s.name,
          subject: `remote state ${r.name}`,
          change: `reads another state: ${prior.reads.find((p) => p.name === r.name)?.location} → ${r.location}`,
        }),
      );
    return [
      ...moved,
      ...Object.keys(old)
        .filter((name) => old[name] !== now[name])
        .map((name): Finding => {
          const readers = after.app.stacks.filter((r) => reads(r, s.name, name)).map((r) => r.name);
          return {
            severity: readers.length > 0 ? 'dangerous' : 'notable',
            stack: s.name,
            subject: `output ${name}`,
            change: `${now[name] === undefined ? 'removed' : `changes from ${clip(old[name])} to ${clip(now[name])}`}${
              readers.length ? `: stack ${readers.join(', ')} read${readers.length === 1 ? 's' : ''} it` : ''
            }`,
          };
        }),
    ];
  });
}

function outputs(s: AppStack): Record<string, string> {
  const declared = (s.json as { output?: Record<string, { value?: unknown }> }).output ?? {};
  return Object.fromEntries(Object.entries(declared).map(([name, o]) => [name, JSON.stringify(o?.value) ?? 'null']));
}

/** Whether `reader` reads output `name` of `stack` through one of its remote state data sources. */
function reads(reader: AppStack, stack: string, name: string): boolean {
  const text = JSON.stringify(reader.json);
  return reader.reads.filter((r) => r.stack === stack).some((r) => text.includes(`data.terraform_remote_state.${r.name}.outputs.${name}`));
}

function clip(value: string | undefined): string {
  if (value === undefined) return '—';
  return `\`${value.length > 120 ? `${value.slice(0, 117)}...` : value}\``;
}
