import { costEstimateNoteText } from '../../modules/cost-estimate';
import { delegatedAdministrators } from './derived-names';
import type { IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';

/** Cross-field rules: the member accounts the config names are counted, gzip shrinks, data events need a data-event trail. */
export function checkCostEstimate(c: ParsedConfig, issue: IssueFn): void {
  const e = c.costEstimate;
  const members = new Set(
    [c.logArchiveAccountId, c.auditAccountId, ...delegatedAdministrators(c)].filter((id) => id !== c.managementAccountId),
  );
  if (e.memberAccounts < members.size) {
    issue(
      ['costEstimate', 'memberAccounts'],
      e.memberAccounts,
      `is fewer than the ${members.size} member accounts this config names (${[...members].join(', ')}). Fix: count every account of the organization except the management account`,
    );
  }
  if (e.compressedEventBytes > e.eventBytes) {
    issue(
      ['costEstimate', 'compressedEventBytes'],
      e.compressedEventBytes,
      `is more than eventBytes (${e.eventBytes}); the gzip log files hold events smaller than their JSON. Fix: use at most ${e.eventBytes} (about a tenth of it is typical)`,
    );
  }
  const d = c.trail.dataEvents;
  const recordsData = d.s3Objects !== 'None' || d.lambdaInvocations || d.dynamodbItems;
  if (e.dataEventsPerAccountMonth > 0 && !recordsData) {
    issue(
      ['costEstimate', 'dataEventsPerAccountMonth'],
      e.dataEventsPerAccountMonth,
      'counts data events, but the trail records none (trail.dataEvents). Fix: set 0, or turn on the data events you expect in trail.dataEvents',
    );
  }
}

/** The note the app records for the review (modules/cost-estimate.ts defines its format). */
export function costEstimateNote(c: Pick<ParsedConfig, 'costEstimate' | 'regions'>): string {
  return costEstimateNoteText(c.costEstimate, c.regions.length);
}
