import { blocks, isFalse, texts } from '../../model';
import type { JsonObject } from '../../terraform';
import { compliant, nonCompliant, type Rule, type RuleResult } from '../types';

/**
 * CIS 3.1 / CloudTrail.1: read and write management events, with no excluded event sources
 * (Security Hub fails a trail that excludes any, such as KMS or RDS Data API events).
 */
export const CloudTrailManagementEventsAll: Rule = {
  id: 'CloudTrailManagementEventsAll',
  level: 'error',
  controls: ['CIS 3.1', 'CloudTrail.1'],
  finding: 'The trail does not record all management events (read and write, no excluded event sources).',
  reason:
    'Management events are who changed what; a gap (read-only, write-only, or excluded KMS calls) is exactly where an intruder is not seen.',
  resourceTypes: ['aws_cloudtrail'],
  evaluate: (trail) => {
    const basic = blocks(trail.config.event_selector);
    const advanced = blocks(trail.config.advanced_event_selector);
    if (basic.length === 0 && advanced.length === 0) return compliant('no event selectors: CloudTrail records all management events');
    return advanced.length > 0 ? fromAdvanced(advanced) : fromBasic(basic);
  },
};

function verdict(read: boolean, write: boolean, excluded: string[]): RuleResult {
  if (excluded.length > 0) return nonCompliant(`management events from ${excluded.join(', ')} are excluded`);
  if (read && write) return compliant('read and write management events, no exclusions');
  if (!read && !write) return nonCompliant('no event selector records management events');
  return nonCompliant(`only ${read ? 'read' : 'write'} management events are recorded`);
}

function fromBasic(selectors: JsonObject[]): RuleResult {
  let read = false;
  let write = false;
  const excluded: string[] = [];
  for (const s of selectors) {
    if (isFalse(s.include_management_events)) continue;
    const type = typeof s.read_write_type === 'string' ? s.read_write_type : 'All';
    read ||= type === 'All' || type === 'ReadOnly';
    write ||= type === 'All' || type === 'WriteOnly';
    excluded.push(...texts(s.exclude_management_event_sources));
  }
  return verdict(read, write, excluded);
}

function fromAdvanced(selectors: JsonObject[]): RuleResult {
  let read = false;
  let write = false;
  const excluded: string[] = [];
  for (const s of selectors) {
    const fields = blocks(s.field_selector);
    const category = fields.find((f) => f.field === 'eventCategory');
    if (!category || !texts(category.equals).includes('Management')) continue;
    const readOnly = fields.find((f) => f.field === 'readOnly');
    const only = readOnly ? texts(readOnly.equals) : [];
    read ||= only.length === 0 || only.includes('true');
    write ||= only.length === 0 || only.includes('false');
    for (const f of fields.filter((f) => f.field === 'eventSource')) {
      excluded.push(...texts(f.not_equals), ...texts(f.not_starts_with), ...texts(f.not_ends_with));
      // An eventSource `equals` keeps only the listed sources: everything else is left out.
      if (texts(f.equals).length > 0) excluded.push(`every event source but ${texts(f.equals).join(', ')}`);
    }
  }
  return verdict(read, write, excluded);
}
