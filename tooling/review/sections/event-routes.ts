/** Report section: which events (CodeDeploy states) reach which targets, one line per rule. */

import type { AppStack } from '../../model';
import type { ReviewContext } from '../context';
import { type EventRoute, eventRoutes, statesText } from '../facts';
import { blocksOf, bullets, cell, code, heading } from '../format';

/** "FAILURE, STOP → chat (Lambda ...), queue ..." per rule; empty when the stack routes nothing. */
export function eventRoutesSection(ctx: ReviewContext, stack: AppStack): string {
  const routes = eventRoutes(ctx, stack);
  if (routes.length === 0) return '';
  return blocksOf(heading(3, 'Event routes'), bullets(routes.map(routeLine)));
}

/** One route in words. */
export function routeLine(route: EventRoute): string {
  const where = route.fanOut
    ? `in every stack of StackSet ${code(route.fanOut.name)} (${[...route.fanOut.targets, route.fanOut.regions.join(', ')].filter(Boolean).join('; ') || 'no instances'}), `
    : route.cloudFormationStack
      ? `in CloudFormation stack ${route.cloudFormationStack}, `
      : '';
  const targets =
    route.targets.map((t) => `${t.label}${t.details.length > 0 ? ` [${t.details.join('; ')}]` : ''}`).join(', ') || '**no target**';
  const matched = route.schedule ? `schedule ${code(route.schedule)}` : `${route.events}, **${statesText(route)}**`;
  const filters = route.filters.length > 0 ? ` where ${route.filters.map(code).join(', ')}` : '';
  const disabled = route.enabled ? '' : ' **(rule disabled)**';
  return cell(`${where}rule ${code(route.rule)} on ${route.bus}: ${matched}${filters} → ${targets}${disabled}`);
}
