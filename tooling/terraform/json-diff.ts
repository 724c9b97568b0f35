/** Where two JSON documents differ: used to prove a rewrite touched only what it may. */
import { isJsonObject } from './plan-json';

/**
 * Paths where two JSON values differ (`a.b[0].c`), stopping at the first difference on each path:
 * an added, removed or changed key is reported once, at its own path; arrays of different lengths
 * and values of different kinds are reported at their own path; equal values give `[]`.
 */
export function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  if (Object.is(a, b)) return [];
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((v, i) => changedPaths(v, b[i], `${at}[${i}]`));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => {
      const child = at ? `${at}.${k}` : k;
      if (!(k in a) || !(k in b)) return [child];
      return changedPaths(a[k], b[k], child);
    });
  }
  return [at || '(root)'];
}
