/**
 * Terraform references as synthesized: `${type.name.attribute}` tokens, whole or inside a longer
 * string, to a resource, a data source (`data.`) or a remote-state output
 * (`${data.terraform_remote_state.x.outputs.y}`).
 */
import { isJsonObject } from '../terraform/plan-json';

/** A parsed `${...}` reference to a resource or data source attribute. */
export interface Reference {
  readonly data: boolean;
  readonly type: string;
  readonly name: string;
  /** The attribute path after `type.name.`, e.g. `arn` or `outputs.archive_key_arn`. */
  readonly attribute: string;
}

/** Every `${...}` token of a string; group 1 is the expression. */
export const TOKEN = /\$\{([^{}]*)\}/g;
const SIMPLE = /^(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]"-]+)$/;

/** The reference a whole-value token holds (`"${aws_kms_key.K.arn}"`), else undefined. */
export function parseReference(value: string): Reference | undefined {
  const whole = /^\$\{([^{}]*)\}$/.exec(value.trim());
  return whole ? parseExpression(whole[1]) : undefined;
}

/** The reference an expression (a token without `${` and `}`) is, when it is a plain attribute reference. */
export function parseExpression(expression: string): Reference | undefined {
  const m = SIMPLE.exec(expression.trim());
  return m ? { data: Boolean(m[1]), type: m[2], name: m[3], attribute: m[4] } : undefined;
}

/** Every plain reference in a string, whole or embedded (`arn:${aws_s3_bucket.B.arn}/*`). */
export function referencesIn(value: string): Reference[] {
  return [...value.matchAll(TOKEN)].flatMap((m) => parseExpression(m[1]) ?? []);
}

/** Whether a JSON value mentions a token anywhere. */
export function mentionsToken(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(mentionsToken);
  return isJsonObject(value) && Object.values(value).some(mentionsToken);
}
