/**
 * What a CloudTrail trail records, read from its selectors into one model whatever their form:
 * basic `event_selector` blocks (management events with `read_write_type` and
 * `exclude_management_event_sources`, `data_resource` types and ARN prefixes) and
 * `advanced_event_selector` blocks (`field_selector`s on `eventCategory`, `readOnly`,
 * `resources.type`, `resources.ARN`, `eventSource`, `eventName`, ...). Each selector becomes a
 * scope: a kind of event (management events, data events of one resource type, network activity
 * of one service), whether reads and writes are recorded, and the conditions that narrow it. The
 * security diff compares scopes, the Trails section prints them, both in sentences.
 *
 * Semantics: CloudTrail API reference, EventSelector (ReadWriteType, IncludeManagementEvents,
 * ExcludeManagementEventSources, DataResource: values are ARN prefixes, "arn:aws:s3" for every
 * bucket) and AdvancedFieldSelector (Equals, StartsWith, EndsWith, NotEquals, NotStartsWith,
 * NotEndsWith; fields readOnly, eventCategory, eventSource, eventName, resources.type,
 * resources.ARN); a trail without selectors records every management event, read and write.
 */

import { blocks, isFalse, text, texts } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';

/** Operators of advanced field selectors, as the provider spells them. */
const OPERATORS = ['equals', 'starts_with', 'ends_with', 'not_equals', 'not_starts_with', 'not_ends_with'] as const;
export type Operator = (typeof OPERATORS)[number];

/** `field op values`: the event matches when the field matches any value (positive) or none (negative). */
export interface FieldCondition {
  readonly field: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** One kind of event a trail records, with how it is narrowed. */
export interface RecordingScope {
  /** Which scopes compare: `management`, `data AWS::S3::Object`, `network ec2.amazonaws.com`. */
  readonly key: string;
  /** For people: "management events", "S3 object data events". */
  readonly label: string;
  /** The advanced selector's name, when it has one. */
  readonly name?: string;
  readonly read: boolean;
  readonly write: boolean;
  /** Every condition beyond the category, the resource type and readOnly. */
  readonly conditions: readonly FieldCondition[];
}

interface TrailRecording {
  readonly scopes: readonly RecordingScope[];
  readonly insights: readonly string[];
}

const DATA_LABELS: Record<string, string> = {
  'AWS::S3::Object': 'S3 object data events',
  'AWS::Lambda::Function': 'Lambda invocation data events',
  'AWS::DynamoDB::Table': 'DynamoDB item data events',
};

/** The scopes and Insights types of a trail's synthesized arguments. */
export function trailRecording(c: JsonObject): TrailRecording {
  const advanced = blocks(c.advanced_event_selector);
  const basic = blocks(c.event_selector);
  const scopes =
    advanced.length > 0
      ? advanced.map(advancedScope)
      : basic.length > 0
        ? basic.flatMap(basicScopes)
        : [scope('management', undefined, true, true, [])];
  return { scopes, insights: blocks(c.insight_selector).map((i) => String(i.insight_type)) };
}

/** "read and write", "read only", "write only". */
export function readWriteText(s: Pick<RecordingScope, 'read' | 'write'>): string {
  return s.read && s.write ? 'read and write' : s.read ? 'read only' : s.write ? 'write only' : 'neither read nor write';
}

/** One scope in words: "management events, read and write, except calls to `kms.amazonaws.com`". */
export function scopeText(s: RecordingScope, show: (v: string) => string = (v) => `\`${v}\``): string {
  const conditions = s.conditions.map((c) => conditionText(c, show));
  return [`${s.label}, ${readWriteText(s)}`, ...conditions].join(', ');
}

/** A condition in words: "except calls to `kms.amazonaws.com`", "only ARNs starting with `arn:aws:s3:::b/`". */
function conditionText(c: FieldCondition, show: (v: string) => string = (v) => `\`${v}\``): string {
  const negative = c.operator.startsWith('not_');
  return `${negative ? 'except' : 'only'} ${subjectText(c.field, positive(c.operator), c.values, show)}`;
}

/** "calls to `x`", "ARNs starting with `a`, `b`", "`GetObject` calls", "`userIdentity.arn` ending with `x`". */
export function subjectText(field: string, operator: Operator, values: readonly string[], show: (v: string) => string): string {
  const list = values.map(show).join(', ');
  const op = operator === 'equals' ? '' : operator === 'starts_with' ? 'starting with ' : 'ending with ';
  switch (field) {
    case 'eventSource':
      return operator === 'equals' ? `calls to ${list}` : `calls to sources ${op}${list}`;
    case 'eventName':
      return operator === 'equals' ? `${list} calls` : `calls whose name ${operator === 'starts_with' ? 'starts' : 'ends'} with ${list}`;
    case 'resources.ARN':
      return operator === 'equals' ? `the resources ${list}` : `ARNs ${op}${list}`;
    case 'userIdentity.arn':
      return `calls by principals ${op}${list}`;
    default:
      return `\`${field}\` ${operator === 'equals' ? 'equal to ' : op}${list}`;
  }
}

/** The positive form of an operator: `not_starts_with` is `starts_with`. */
export function positive(operator: Operator): Operator {
  return operator.replace(/^not_/, '') as Operator;
}

function scope(key: string, name: string | undefined, read: boolean, write: boolean, conditions: FieldCondition[]): RecordingScope {
  const label = key === 'management' ? 'management events' : labelOf(key);
  return { key, label, ...(name ? { name } : {}), read, write, conditions };
}

function labelOf(key: string): string {
  const [kind, ...rest] = key.split(' ');
  const what = rest.join(' ');
  if (kind === 'data') return DATA_LABELS[what] ?? `data events on \`${what}\``;
  if (kind === 'network') return `network activity events of \`${what}\``;
  return `\`${key}\` events`;
}

function advancedScope(selector: JsonObject): RecordingScope {
  const fields = blocks(selector.field_selector).flatMap((f) =>
    OPERATORS.filter((op) => f[op] !== undefined).map((op) => ({ field: String(f.field), operator: op, values: texts(f[op]) })),
  );
  const take = (field: string) => fields.filter((f) => f.field === field);
  const category = take('eventCategory').find((f) => f.operator === 'equals')?.values[0] ?? 'Management';
  const [keyField, prefix] =
    category === 'Data' ? ['resources.type', 'data'] : category === 'NetworkActivity' ? ['eventSource', 'network'] : [undefined, undefined];
  const keyValue = keyField
    ? take(keyField)
        .find((f) => f.operator === 'equals')
        ?.values.join(', ')
    : undefined;
  const key = category === 'Management' ? 'management' : `${prefix ?? category} ${keyValue ?? '?'}`;
  const readOnly = take('readOnly');
  const only = (value: 'true' | 'false') =>
    readOnly.some(
      (f) => (f.operator === 'equals' && f.values.includes(value)) || (f.operator === 'not_equals' && !f.values.includes(value)),
    );
  const [read, write] = readOnly.length === 0 ? [true, true] : [only('true'), only('false')];
  const conditions = fields.filter(
    (f) => f.field !== 'eventCategory' && f.field !== 'readOnly' && !(f.field === keyField && f.operator === 'equals'),
  );
  return scope(key, text(selector.name), read, write, conditions);
}

function basicScopes(selector: JsonObject): RecordingScope[] {
  const rw = text(selector.read_write_type) ?? 'All';
  const [read, write] = [rw !== 'WriteOnly', rw !== 'ReadOnly'];
  const excluded = texts(selector.exclude_management_event_sources);
  const management = isFalse(selector.include_management_events)
    ? []
    : [
        scope(
          'management',
          undefined,
          read,
          write,
          excluded.length > 0 ? [{ field: 'eventSource', operator: 'not_equals', values: excluded }] : [],
        ),
      ];
  // A value that names only a service ("arn:aws:s3", "arn:aws:lambda") covers every resource of the type.
  const prefixes = (d: JsonObject) => (texts(d.values).some((v) => /^arn:[a-z-]+:[a-z0-9-]+:?$/.test(v)) ? [] : texts(d.values));
  const data = blocks(selector.data_resource).map((d) =>
    scope(
      `data ${String(d.type)}`,
      undefined,
      read,
      write,
      prefixes(d).length > 0 ? [{ field: 'resources.ARN', operator: 'starts_with', values: prefixes(d) }] : [],
    ),
  );
  return [...management, ...data];
}
