/**
 * References a synthesized stack makes to resources or data sources it does not declare. The app's
 * stacks skip cdktf's preparing pass (AccountStack.prepareStack), the pass that turns a reference to
 * another stack's resource into an output there and a remote state read here; without it such a
 * reference would be written as it is, pointing at nothing in this stack. Synth fails on any (see
 * synthesize.ts), so the skipped pass can never produce a broken stack silently.
 */

/** A synthesized stack's JSON, as far as declarations go. */
export interface StackDeclarations {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

/** `<type>.<name>` or `data.<type>.<name>` in a Terraform expression; resource types hold an underscore (`aws_s3_bucket`). */
const REFERENCE = /(?<![\w.$-])(data\.)?([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** The `${...}` expressions of a string (not `$${`, Terraform's escape for a literal `${`). */
function expressions(text: string): string[] {
  const found: string[] = [];
  for (let at = text.indexOf('${'); at >= 0; at = text.indexOf('${', at + 2)) {
    if (at > 0 && text[at - 1] === '$') continue;
    let depth = 0;
    let end = at + 2;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}') {
        if (depth === 0) break;
        depth--;
      }
    }
    found.push(text.slice(at + 2, end));
  }
  return found;
}

function strings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') {
    if (value.includes('${')) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) strings(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) strings(item, out);
  }
  return out;
}

/** Each reference to an undeclared resource or data source, as written (`aws_s3_bucket.Archive`), once, sorted. */
export function undeclaredReferences(stack: StackDeclarations): string[] {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(stack.resource ?? {}))
    for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(stack.data ?? {}))
    for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  const missing = new Set<string>();
  for (const text of strings(stack, [])) {
    for (const expression of expressions(text)) {
      for (const [, data, type, name] of expression.matchAll(REFERENCE)) {
        const address = `${data ?? ''}${type}.${name}`;
        if (!declared.has(address)) missing.add(address);
      }
    }
  }
  return [...missing].sort();
}
