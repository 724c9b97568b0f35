/**
 * Typed CloudFormation intrinsic functions and condition functions, so a template built in
 * TypeScript reads like the JSON CloudFormation evaluates. Only what the templates of this
 * library use; every helper checks the argument counts CloudFormation enforces, so a malformed
 * template fails at synth instead of at stack creation.
 * (CloudFormation User Guide, "Intrinsic function reference" and "Condition functions".)
 */

/** `{ "Ref": name }`: a parameter, a resource or a pseudo parameter (`AWS::AccountId`). */
export interface RefValue {
  readonly Ref: string;
}

/** `{ "Fn::Sub": "...${AWS::Region}..." }`. */
export interface SubValue {
  readonly 'Fn::Sub': string;
}

/** `{ "Fn::GetAtt": [logicalId, attribute] }`. */
export interface GetAttValue {
  readonly 'Fn::GetAtt': readonly [string, string];
}

/** `{ "Fn::If": [condition, whenTrue, whenFalse] }`. */
export interface IfValue {
  readonly 'Fn::If': readonly [string, TemplateValue, TemplateValue];
}

/** `{ "Fn::FindInMap": [mapping, topLevelKey, secondLevelKey] }`. */
export interface FindInMapValue {
  readonly 'Fn::FindInMap': readonly [string, TemplateValue, TemplateValue];
}

/** `{ "Fn::Select": [index, list] }`. */
export interface SelectValue {
  readonly 'Fn::Select': readonly [TemplateValue, TemplateValue];
}

export type Intrinsic = RefValue | SubValue | GetAttValue | IfValue | FindInMapValue | SelectValue;

/** Any value a template property can hold: JSON, with intrinsics anywhere. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | Intrinsic
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue | undefined };

/** A condition function, as the `Conditions` section and `Fn::And`/`Fn::Or` hold them. */
export type ConditionExpression =
  | { readonly 'Fn::Equals': readonly [TemplateValue, TemplateValue] }
  | { readonly 'Fn::And': readonly ConditionExpression[] }
  | { readonly 'Fn::Or': readonly ConditionExpression[] }
  | { readonly 'Fn::Not': readonly [ConditionExpression] }
  | { readonly Condition: string };

/** Pseudo parameters: resolved by CloudFormation in the account and Region of each stack. */
export const PSEUDO = {
  accountId: 'AWS::AccountId',
  region: 'AWS::Region',
  partition: 'AWS::Partition',
  stackName: 'AWS::StackName',
  noValue: 'AWS::NoValue',
} as const;

export function ref(name: string): RefValue {
  return { Ref: name };
}

/**
 * `Fn::Sub` with a string: `${AWS::Region}`, `${Param}` and `${Resource.Attribute}` are replaced;
 * write `${!Literal}` for a literal `${Literal}`.
 */
export function sub(template: string): SubValue {
  return { 'Fn::Sub': template };
}

export function getAtt(logicalId: string, attribute: string): GetAttValue {
  return { 'Fn::GetAtt': [logicalId, attribute] };
}

/** `Fn::If` on a named condition; pass `NO_VALUE` to drop the property when the condition is false. */
export function ifCondition(condition: string, whenTrue: TemplateValue, whenFalse: TemplateValue): IfValue {
  return { 'Fn::If': [condition, whenTrue, whenFalse] };
}

/**
 * `Fn::FindInMap` on a mapping of the template: `findInMap('GovernedRegions', ref(PSEUDO.region), 'SinkIndex')`.
 * The keys may be `Ref`s (or other `Fn::FindInMap`s) resolved per stack.
 */
export function findInMap(mapping: string, topLevelKey: TemplateValue, secondLevelKey: TemplateValue): FindInMapValue {
  return { 'Fn::FindInMap': [mapping, topLevelKey, secondLevelKey] };
}

/**
 * `Fn::Select`: one element of a list by index (from 0). The index may be a literal, a `Ref` or an
 * `Fn::FindInMap`; the list a literal, a `CommaDelimitedList` parameter (`Ref`) or another list
 * function (CloudFormation Template Reference, intrinsic-function-reference-select.html, "Supported
 * functions"). CloudFormation checks neither nulls nor bounds: a bad index fails the stack.
 */
export function select(index: number | TemplateValue, list: TemplateValue): SelectValue {
  if (typeof index === 'number' && !(Number.isInteger(index) && index >= 0))
    throw new Error(`select: index ${index} is not a whole number`);
  return { 'Fn::Select': [typeof index === 'number' ? String(index) : index, list] };
}

/** `{ "Ref": "AWS::NoValue" }`: removes the property it is assigned to. */
export const NO_VALUE: RefValue = ref(PSEUDO.noValue);

export function equals(left: TemplateValue, right: TemplateValue): ConditionExpression {
  return { 'Fn::Equals': [left, right] };
}

/** `Fn::And`: CloudFormation takes 2 to 10 conditions. */
export function and(...conditions: ConditionExpression[]): ConditionExpression {
  checkArity('Fn::And', conditions.length);
  return { 'Fn::And': conditions };
}

/** `Fn::Or`: CloudFormation takes 2 to 10 conditions. */
export function or(...conditions: ConditionExpression[]): ConditionExpression {
  checkArity('Fn::Or', conditions.length);
  return { 'Fn::Or': conditions };
}

export function not(condition: ConditionExpression): ConditionExpression {
  return { 'Fn::Not': [condition] };
}

/** A reference to a named condition, inside another condition. */
export function conditionRef(name: string): ConditionExpression {
  return { Condition: name };
}

/**
 * True when any of `conditions` holds, for any number of them: one condition is returned as is,
 * more are grouped into nested `Fn::Or`s of at most 10 (CloudFormation's limit per `Fn::Or`).
 */
export function anyOf(conditions: readonly ConditionExpression[]): ConditionExpression {
  if (conditions.length === 0) throw new Error('anyOf: needs at least one condition');
  if (conditions.length === 1) return conditions[0];
  if (conditions.length <= MAX_CONDITIONS) return or(...conditions);
  const groups: ConditionExpression[] = [];
  for (let i = 0; i < conditions.length; i += MAX_CONDITIONS) groups.push(anyOf(conditions.slice(i, i + MAX_CONDITIONS)));
  return anyOf(groups);
}

/**
 * Deep-copies `value`, turning every string that holds a `${...}` placeholder into `Fn::Sub`.
 * Lets a policy built with the one policy builder (plain strings such as
 * `arn:aws:iam::${AWS::AccountId}:role/x`) be placed in a template and resolved per stack.
 * IAM policy variables (`${aws:username}`) must then be written `${!aws:username}`.
 */
export function substitutePlaceholders(value: unknown): TemplateValue {
  if (typeof value === 'string') return value.includes('${') ? sub(value) : value;
  if (Array.isArray(value)) return value.map((item) => substitutePlaceholders(item));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, TemplateValue> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = substitutePlaceholders(item);
    return out;
  }
  if (value === undefined) throw new Error('substitutePlaceholders: undefined is not a template value');
  return value as TemplateValue;
}

const MAX_CONDITIONS = 10;

function checkArity(fn: string, count: number): void {
  if (count < 2 || count > MAX_CONDITIONS) {
    throw new Error(`${fn}: CloudFormation takes 2 to ${MAX_CONDITIONS} conditions, got ${count}; use anyOf() or nest them`);
  }
}
