import { delegatedAdministrators } from './derived-names';
import { duplicates, type IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';

/** Cross-field rules of `trail`: delegated administrators, Insights vs. management events, duplicates. */
export function checkTrail(c: ParsedConfig, issue: IssueFn): void {
  const t = c.trail;
  const delegated = delegatedAdministrators(c);
  const pathOf = (i: number): (string | number)[] =>
    t.delegatedAdministratorAccountId && i === 0
      ? ['trail', 'delegatedAdministratorAccountId']
      : ['trail', 'additionalDelegatedAdministratorAccountIds', t.delegatedAdministratorAccountId ? i - 1 : i];
  delegated.forEach((id, i) => {
    if (id === c.managementAccountId) {
      issue(
        pathOf(i),
        id,
        'is the management account; a delegated administrator must be a member account. Fix: leave it out to create the trail from the management account',
      );
    } else if (c.externalAccountIds.includes(id)) {
      issue(
        pathOf(i),
        id,
        'is an external account; a delegated administrator must be a member of the organization. Fix: choose an organization account',
      );
    } else if (delegated.indexOf(id) < i) {
      issue(pathOf(i), id, 'is listed twice. Fix: remove the duplicate');
    }
  });
  if (delegated.length > 3) {
    issue(
      ['trail', 'additionalDelegatedAdministratorAccountIds'],
      t.additionalDelegatedAdministratorAccountIds,
      `makes ${delegated.length} CloudTrail delegated administrators; an organization can have at most 3. Fix: list at most ${t.delegatedAdministratorAccountId ? 2 : 3}`,
    );
  }
  if (t.managementEvents === 'None') {
    const d = t.dataEvents;
    if (d.s3Objects === 'None' && !d.lambdaInvocations && !d.dynamodbItems) {
      issue(
        ['trail', 'managementEvents'],
        t.managementEvents,
        'makes a data-events-only trail, but trail.dataEvents turns on none: the trail would record nothing. Fix: turn on trail.dataEvents.s3Objects, lambdaInvocations or dynamodbItems, or use "All"',
      );
    }
    if (t.insights.length > 0) {
      issue(
        ['trail', 'insights'],
        t.insights,
        'needs management events (Insights analyse management API activity), but trail.managementEvents is "None". Fix: drop insights (keep them on the trail that records management events), or use "All"',
      );
    }
    if (t.excludeManagementEventSources.length > 0) {
      issue(
        ['trail', 'excludeManagementEventSources'],
        t.excludeManagementEventSources,
        'has no effect: trail.managementEvents is "None". Fix: remove it',
      );
    }
  }
  if (t.insights.length > 0 && t.managementEvents === 'ReadOnly') {
    issue(
      ['trail', 'insights'],
      t.insights,
      'needs write management events (Insights analyse write API activity), but trail.managementEvents is "ReadOnly". Fix: use "All" or "WriteOnly", or drop insights',
    );
  }
  for (const i of duplicates(t.insights)) issue(['trail', 'insights', i], t.insights[i], 'is listed twice. Fix: remove the duplicate');
  for (const i of duplicates(t.excludeManagementEventSources)) {
    issue(['trail', 'excludeManagementEventSources', i], t.excludeManagementEventSources[i], 'is listed twice. Fix: remove the duplicate');
  }
}
