import * as os from 'node:os';
import { App } from 'cdktf';
import type { z } from 'zod';
import { POLICY_LIMITS } from '../modules/arns';
import { configSchema, type OrganizationConfig } from './config';
import { LogArchiveStack } from './log-archive-stack';
import { closest } from './rules';

export type ValidationResult = { ok: true; config: OrganizationConfig } | { ok: false; problems: string[] };

/**
 * Validates a parsed config file: shape and AWS rules first (all problems at once), then the AWS
 * size limits that follow from the config (bucket and key policies), measured on the real
 * rendered policies.
 */
export function validateConfig(raw: unknown): ValidationResult {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error.issues, raw) };
  const problems = checkPolicyLimits(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

/** One line per problem: `<field path>: <value> <rule>. Fix: ...`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(issue.path);
      for (const key of issue.keys) {
        const suggestion = closest(key, known);
        const hint = suggestion ? `Fix: did you mean "${suggestion}"?` : `Fix: remove it (known fields: ${known.join(', ')})`;
        lines.push(
          `${formatPath([...issue.path, key])}: is not a known field; unknown fields are errors so a typo cannot silently drop a setting. ${hint}`,
        );
      }
      continue;
    }
    const value = valueAt(raw, issue.path);
    const where = formatPath(issue.path);
    if (value === undefined && issue.code === 'invalid_type') {
      lines.push(`${where}: is required. Fix: add it (see the README's config reference or config.schema.json)`);
      continue;
    }
    if (issue.code === 'invalid_key') {
      const key = issue.path[issue.path.length - 1];
      const rules = issue.issues.map((inner) => inner.message).join('; ');
      lines.push(`${where}: ${JSON.stringify(key)} ${rules}`);
      continue;
    }
    // zod's own messages start with "Invalid input"; ours state the rule and the fix.
    let message = issue.message;
    if (message.startsWith('Invalid input') || message.startsWith('Invalid key')) {
      if (issue.code === 'invalid_type')
        message = `is ${describeType(value)}; expected ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
      else message = "does not match any allowed form (see the README's config reference)";
    }
    lines.push(`${where}: ${JSON.stringify(value)} ${message}`);
  }
  return lines;
}

function checkPolicyLimits(config: OrganizationConfig): string[] {
  const measure = (c: OrganizationConfig) => {
    // Only the log-archive stack holds the policies whose size grows with the config.
    const app = new App({ outdir: os.tmpdir(), skipValidation: true, stackTraces: false });
    const logArchive = new LogArchiveStack(app, c, { outdir: os.tmpdir(), baseDir: process.cwd() });
    return {
      bucket: logArchive.archive.hardened.policyDocument().sizeBytes,
      key: logArchive.archiveKey.policyDocument().sizeBytes,
    };
  };
  const actual = measure(config);
  const problems: string[] = [];
  const checks = [
    {
      name: 'archive bucket policy',
      size: actual.bucket,
      limit: POLICY_LIMITS.s3BucketPolicy,
      pick: (m: typeof actual) => m.bucket,
      kind: 'an S3 bucket policy',
    },
    {
      name: 'archive key policy',
      size: actual.key,
      limit: POLICY_LIMITS.kmsKeyPolicy,
      pick: (m: typeof actual) => m.key,
      kind: 'a KMS key policy',
    },
  ];
  for (const check of checks) {
    if (check.size <= check.limit) continue;
    const external = config.externalAccountIds.length;
    let fit = '';
    if (external > 0) {
      const base = check.pick(measure({ ...config, externalAccountIds: [] }));
      const perAccount = (check.size - base) / external;
      const max = Math.max(0, Math.floor((check.limit - base) / perAccount));
      fit = ` At most ${max} external accounts fit. Fix: list at most ${max} accounts in externalAccountIds (use a second archive for the rest) or shorten archiveBucketName/trailName/archive.keyPrefix`;
    } else {
      fit = ' Fix: reduce archive.readerAccountIds or shorten archiveBucketName/archive.keyPrefix';
    }
    problems.push(
      `externalAccountIds: ${external} accounts make the ${check.name} ${check.size} bytes; AWS allows at most ${check.limit} bytes in ${check.kind}, so apply would fail.${fit}`,
    );
  }
  return problems;
}

function knownKeys(path: readonly PropertyKey[]): string[] {
  let schema: unknown = configSchema;
  for (const key of path) {
    schema = unwrap(schema);
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    const element = (schema as { element?: unknown }).element;
    if (typeof key === 'number' && element) schema = element;
    else if (shape && typeof key === 'string') schema = shape[key];
    else return [];
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).filter((k) => k !== '$schema') : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; in?: unknown; schema?: unknown } } | undefined;
  for (let i = 0; i < 10 && current?.def; i++) {
    const next = current.def.innerType ?? current.def.in ?? current.def.schema;
    if (!next) break;
    current = next as typeof current;
  }
  return current;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(config)';
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z$][\w$]*$/.test(name)) return `${out}[${JSON.stringify(name)}]`;
    return out ? `${out}.${name}` : name;
  }, '');
}

const EXPECTED: Record<string, string> = { array: 'a list', object: 'an object', int: 'a whole number' };

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
