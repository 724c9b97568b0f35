/**
 * The one wildcard matcher: IAM's `*` (any run of characters) and `?` (one character), matched
 * against the whole value (IAM user guide, reference_policies_elements_action.html,
 * reference_policies_elements_resource.html, and the `StringLike` and `ArnLike` condition
 * operators). With `segments`, the path dialect of suppression files: `*` and `?` stay within one
 * `/`-separated segment and `**` crosses them.
 */

export interface WildcardOptions {
  /** IAM compares action names case-insensitively; resources and condition values are case-sensitive. @default false */
  readonly ignoreCase?: boolean;
  /** `*` and `?` stop at `/`, `**` crosses it (suppression file patterns). @default false: IAM's dialect */
  readonly segments?: boolean;
}

/** Compiled patterns: the same few patterns are matched against many values. */
const COMPILED = new Map<string, RegExp>();

/** Whether `pattern` matches all of `value`. */
export function wildcardMatch(pattern: string, value: string, options: WildcardOptions = {}): boolean {
  const { ignoreCase = false, segments = false } = options;
  if (!/[*?]/.test(pattern)) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const key = `${ignoreCase ? 'i' : 's'}${segments ? '/' : '-'}${pattern}`;
  let compiled = COMPILED.get(key);
  if (!compiled) {
    const source = pattern
      .split(segments ? /(\*\*|\*|\?)/ : /(\*|\?)/)
      .map((part) => WILDCARDS[segments ? 'segments' : 'iam'][part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
      .join('');
    compiled = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    COMPILED.set(key, compiled);
  }
  return compiled.test(value);
}

const WILDCARDS: Record<'iam' | 'segments', Readonly<Record<string, string>>> = {
  iam: { '*': '.*', '?': '.' },
  segments: { '**': '.*', '*': '[^/]*', '?': '[^/]' },
};

/** Whether an IAM action pattern (`s3:Get*`, `*`) matches an action; action names are case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, { ignoreCase: true });
}
