/**
 * A small EventBridge input-transformer evaluator for tests, written from EventBridge's documented
 * semantics (no maintained evaluator exists on npm). Sources: EventBridge user guide,
 * eb-transform-target-input.html (awsdocs mirror awsdocs/amazon-eventbridge-user-guide,
 * doc_source/eb-transform-target-input.md: the example table and "Common Issues"), and the API
 * reference, API_InputTransformer.html.
 *
 * Semantics implemented:
 * - `InputPathsMap` maps a variable to a JSON path in dot notation from `$`, with array indices
 *   (`$.resources[0]`); keys and path segments may hold letters, digits, `_` and `-`.
 * - In `InputTemplate`, `<variable>` outside a JSON string is replaced by the value as JSON (a
 *   string keeps its quotes: `{"instance": <instance>}` gives `{"instance": "i-0123456789"}`);
 *   inside a JSON string it is replaced by the value's text, unescaped ("EventBridge doesn't escape
 *   values extracted by Input Path").
 * - Anything else throws, so a test never passes on semantics this file does not know: a path that
 *   is missing from the event (EventBridge then leaves the variable out, which a test should not
 *   rely on), wildcards, predefined `aws.events.*` variables, and a placeholder no path defines.
 */

export interface InputTransformer {
  readonly InputPathsMap?: Readonly<Record<string, string>>;
  readonly InputTemplate: string;
}

/** The text EventBridge would send to the target for `event`. */
export function transformInput(transformer: InputTransformer, event: unknown): string {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) {
    if (name.startsWith('aws.')) throw new Error(`variable "${name}": names starting with "aws." are reserved`);
    values.set(name, valueAt(event, path));
  }
  let out = '';
  let inString = false;
  const template = transformer.InputTemplate;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (char === '\\' && inString) {
      out += char + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') inString = !inString;
    const placeholder = char === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(i)) : null;
    if (!placeholder) {
      out += char;
      continue;
    }
    const name = placeholder[1];
    if (!values.has(name)) throw new Error(`placeholder <${name}> has no InputPathsMap entry (predefined variables are not implemented)`);
    const value = values.get(name);
    out += inString ? (typeof value === 'string' ? value : JSON.stringify(value)) : JSON.stringify(value);
    i += placeholder[0].length - 1;
  }
  return out;
}

function valueAt(event: unknown, path: string): unknown {
  if (!/^\$(\.[A-Za-z0-9_-]+|\[\d+\])*$/.test(path)) throw new Error(`path "${path}" is not dot notation with array indices`);
  let value: unknown = event;
  for (const [, key, index] of path.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
    if (key !== undefined)
      value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    else value = Array.isArray(value) ? value[Number(index)] : undefined;
    if (value === undefined) throw new Error(`path "${path}" is not in the event`);
  }
  return value;
}
