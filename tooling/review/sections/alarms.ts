/** Report section: CloudWatch alarms with the log metric filters that feed them and whom they notify. */

import { type AppResource, type AppStack, block, isFalse, text, texts } from '../../model';
import type { ReviewContext } from '../context';
import { alarmCondition } from '../facts';
import { blocksOf, cell, code, foldTable, heading, plural } from '../format';

/** One row per alarm (and per metric filter no alarm watches); empty without either. */
export function alarmsSection(ctx: ReviewContext, stack: AppStack): string {
  const filters = stack.resources.filter((r) => r.type === 'aws_cloudwatch_log_metric_filter');
  const alarms = stack.resources.filter((r) => r.type === 'aws_cloudwatch_metric_alarm');
  if (filters.length + alarms.length === 0) return '';
  const metricOf = (f: AppResource) => {
    const m = block(f.config.metric_transformation);
    return `${text(m.namespace)}/${text(m.name)}`;
  };
  const watched = new Set<AppResource>();
  const rows = alarms.map((a) => {
    const c = a.config;
    const metric = `${text(c.namespace) ?? '?'}/${text(c.metric_name) ?? '?'}`;
    const feeding = filters.filter((f) => metricOf(f) === metric);
    for (const f of feeding) watched.add(f);
    const watches = feeding.length > 0 ? feeding.map((f) => filterText(ctx, f)).join('<br>') : code(metric);
    const when = `${alarmCondition(c)}${c.treat_missing_data ? `; missing data ${c.treat_missing_data}` : ''}`;
    const actions = (key: string) => texts(c[key]).map((v) => targetLabel(ctx, a, v));
    const notifies = [
      ...actions('alarm_actions'),
      ...actions('ok_actions').map((x) => `${x} (OK)`),
      ...actions('insufficient_data_actions').map((x) => `${x} (insufficient data)`),
    ];
    return [
      code(ctx.resolver.literalName(a) ?? a.name),
      watches,
      cell(when),
      isFalse(c.actions_enabled) ? '**actions disabled**' : cell(notifies.join(', ') || '**nobody**'),
    ];
  });
  const unwatched = filters
    .filter((f) => !watched.has(f))
    .map((f) => [code(text(f.config.name) ?? f.name), filterText(ctx, f), '—', '**no alarm**']);
  const all = [...rows, ...unwatched];
  return blocksOf(
    heading(3, 'Alarms'),
    foldTable(
      `${plural(alarms.length, 'alarm')}${unwatched.length ? `, ${plural(unwatched.length, 'metric filter')} without an alarm` : ''}: what each watches, when it fires, whom it notifies`,
      ['alarm', 'watches', 'fires when', 'notifies'],
      all,
    ),
  );
}

function filterText(ctx: ReviewContext, f: AppResource): string {
  const group = ctx.resolver.refersTo(f.stack, f.config.log_group_name, 'aws_cloudwatch_log_group');
  return `${group ? ctx.resolver.label(group) : code(ctx.resolver.display(f.stack, f.config.log_group_name))}: ${code(ctx.resolver.display(f.stack, f.config.pattern ?? ''))}`;
}

function targetLabel(ctx: ReviewContext, alarm: AppResource, value: string): string {
  const r = ctx.resolver.refersTo(alarm.stack, value);
  return r ? ctx.resolver.label(r) : code(ctx.resolver.display(alarm.stack, value));
}
