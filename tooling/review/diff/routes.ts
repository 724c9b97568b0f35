/**
 * The security diff of event routes (rules of the app and of its StackSet and stack templates):
 * a route that stops notifying is dangerous, whether removed, disabled, moved to another bus, or
 * matching fewer events (its sources, detail types or filters changed, its states narrowed), or
 * when a target is dropped or now gets other input (a fixed input replaces the event). States
 * widened, targets added, are info or notable.
 */

import type { AppStack } from '../../model';
import type { ReviewContext } from '../context';
import { eventRoutes, statesText } from '../facts';
import { compare, type Pair, unless } from './compare';
import type { Finding, Severity } from './findings';

export function diffRoutes(p: Pair, before: AppStack, after: AppStack): Finding[] {
  const facts = (ctx: ReviewContext, s: AppStack) =>
    eventRoutes(ctx, s).map((r) => ({
      resource: { address: `${r.holder.address}/${r.rule}` },
      rule: r.rule,
      states: statesText(r),
      events: r.events,
      filters: r.filters.join('; '),
      bus: r.bus,
      targets: r.targets.map((t) => t.label).join('; '),
      settings: new Map(r.targets.map((t) => [t.label, t.details.join(', ') || 'the event'])),
      enabled: String(r.enabled),
    }));
  const old = facts(p.before, before);
  const now = facts(p.after, after);
  const gone = old
    .filter((o) => !now.some((n) => n.resource.address === o.resource.address))
    // Worse than disabling it, which is dangerous below: nothing it routed reaches anyone.
    .map((o) => ({
      severity: 'dangerous' as Severity,
      stack: p.stack,
      subject: `event rule ${o.rule}`,
      change: `removed: ${o.states} no longer reaches ${o.targets}`,
    }));
  return [
    ...gone,
    ...compare(p, old, now, (r) => `event rule ${r.rule}`, [
      // Fewer states (or some where any state matched) stop notifying the others.
      ['states', (r) => r.states, (a, b) => (a !== 'any state' && (b === 'any state' || within(a, b)) ? 'info' : 'dangerous')],
      // Another source or detail type, or another filter, matches other events: whether any of the old
      // ones still match cannot be compared. A filter removed only matches more.
      ['events', (r) => r.events, () => 'dangerous'],
      ['filters', (r) => r.filters, (a, b) => (within(b, a) ? 'info' : 'dangerous')],
      ['bus', (r) => r.bus, () => 'dangerous'],
      // A target dropped stops notifying it, like an alarm action removed; a target added or renamed is notable.
      ['targets', (r) => r.targets, (a, b) => (a.split('; ').every((x) => b.split('; ').includes(x)) ? 'notable' : 'dangerous')],
      ['enabled', (r) => r.enabled, unless((b) => b === 'true')],
    ]),
    ...now.flatMap((r) => {
      const prior = old.find((o) => o.resource.address === r.resource.address);
      // A fixed input replaces the event; fewer retries or no dead-letter queue lose events: all dangerous.
      return [...r.settings].flatMap(([target, settings]): Finding[] => {
        const was = prior?.settings.get(target);
        return was === undefined || was === settings
          ? []
          : [{ severity: 'dangerous', stack: p.stack, subject: `event rule ${r.rule}`, change: `target ${target}: ${was} → ${settings}` }];
      });
    }),
  ];
}

/** Whether every `; `- or `, `-separated item of `a` is in `b`. */
function within(a: string, b: string): boolean {
  const items = (v: string) => v.split(/; |, /).filter(Boolean);
  return items(a).every((x) => items(b).includes(x));
}
