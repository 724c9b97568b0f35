import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { POLICY_LIMITS } from '../modules/arns';
import { archiveReaderAccountIds } from './config/audit-queries';
import { parseConfig } from './config/parse';
import type { OrganizationConfig } from './config/schema';
import { LOG_ARCHIVE_KIND, type LogArchiveStack } from './log-archive-stack';
import { withoutTokenTraces } from './token-traces';

/*
 * The AWS size limits that follow from a config: the archive's bucket policy (20 KB) and key
 * policy (32 KB) grow with external accounts and readers. They are measured on the real rendered
 * policies, and a problem names the field that really drives the size, with how many entries fit.
 */

export type ValidationResult = { ok: true; config: OrganizationConfig } | { ok: false; problems: string[] };

/** Sizes in bytes of the policies that grow with the config. */
export interface ArchivePolicySizes {
  readonly bucket: number;
  readonly key: number;
}

/**
 * Validates a parsed config file: shape and AWS rules first (all problems at once), then the
 * policy size limits. `synthesizeOrganization` does the same on the stacks it builds anyway.
 */
export function validateConfig(raw: unknown): ValidationResult {
  const parsed = parseConfig(raw);
  if (!parsed.ok) return parsed;
  const problems = policyLimitProblems(parsed.config);
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

/** The sizes of a built log-archive stack's growing policies. */
export function archivePolicySizes(stack: LogArchiveStack): ArchivePolicySizes {
  return { bucket: stack.archive.hardened.policyDocument().sizeBytes, key: stack.archiveKey.policyDocument().sizeBytes };
}

/** Builds only the log-archive stack (no synth) and measures its policies. */
export function measureArchivePolicies(config: OrganizationConfig): ArchivePolicySizes {
  // The app is never synthesized, but cdktf creates its outdir: a private temp folder, removed at exit.
  const outdir = scratchOutdir();
  return withoutTokenTraces(() => {
    const app = new App({ outdir, skipValidation: true, stackTraces: false });
    const [definition] = LOG_ARCHIVE_KIND.definitions(config);
    const stack = definition.build(app, { outdir, baseDir: outdir, config, definition: { ...definition, order: 1 } });
    return archivePolicySizes(stack as LogArchiveStack);
  });
}

const CHECKS = [
  {
    pick: (s: ArchivePolicySizes) => s.bucket,
    name: 'archive bucket policy',
    kind: 'an S3 bucket policy',
    limit: POLICY_LIMITS.s3BucketPolicy,
  },
  { pick: (s: ArchivePolicySizes) => s.key, name: 'archive key policy', kind: 'a KMS key policy', limit: POLICY_LIMITS.kmsKeyPolicy },
] as const;

/**
 * One problem per policy over its limit. `measured` are the sizes of the stacks already built for
 * this config, when there are (synth); the fields' shares are measured only when a limit is hit.
 */
export function policyLimitProblems(config: OrganizationConfig, measured?: ArchivePolicySizes): string[] {
  const actual = measured ?? measureArchivePolicies(config);
  const over = CHECKS.filter((check) => check.pick(actual) > check.limit);
  if (over.length === 0) return [];
  const withoutExternal = measureArchivePolicies({ ...config, externalAccountIds: [] });
  // Readers are archive.readerAccountIds plus the querying account of auditQueries.
  const withoutReaders = measureArchivePolicies({
    ...config,
    archive: { ...config.archive, readerAccountIds: [] },
    auditQueries: { ...config.auditQueries, enabled: false },
  });
  return over.map((check) => {
    const size = check.pick(actual);
    const drivers = [
      {
        field: 'externalAccountIds',
        count: config.externalAccountIds.length,
        noun: 'external account',
        share: size - check.pick(withoutExternal),
        base: check.pick(withoutExternal),
        fix: 'use a second archive for the rest',
      },
      {
        field: 'archive.readerAccountIds',
        count: archiveReaderAccountIds(config).length,
        noun: 'reader account',
        share: size - check.pick(withoutReaders),
        base: check.pick(withoutReaders),
        fix: 'let readers assume a role in one reader account instead of listing every account',
      },
    ].filter((d) => d.count > 0 && d.share > 0);
    const shares = drivers.map((d) => `${counted(d.count, d.noun)} ${d.count === 1 ? 'adds' : 'add'} ${d.share} bytes`).join(', ');
    const effect = `the ${check.name} ${size} bytes${shares ? ` (${shares})` : ''}; AWS allows at most ${check.limit} bytes in ${check.kind}, so apply would fail.`;
    const top = drivers.sort((a, b) => b.share - a.share)[0];
    if (!top) {
      return `archiveBucketName: ${JSON.stringify(config.archiveBucketName)} and the other names make ${effect} Fix: shorten archiveBucketName, trailName and archive.keyPrefix`;
    }
    const fit = entriesThatFit(config, top.field, Math.floor((check.limit - top.base) / (top.share / top.count)), check);
    const others = drivers.length > 1 ? ' with the other lists as they are' : '';
    return `${top.field}: ${counted(top.count, top.noun)} ${top.count === 1 ? 'makes' : 'make'} ${effect} At most ${counted(fit, top.noun)} ${fit === 1 ? 'fits' : 'fit'}${others}. Fix: list at most ${fit} in ${top.field} (${top.fix}), or shorten archiveBucketName/trailName/archive.keyPrefix`;
  });
}

/** `1 reader account`, `2 reader accounts`. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The estimate of how many entries of `field` fit, checked on the real policy and lowered until it does. */
function entriesThatFit(config: OrganizationConfig, field: string, estimate: number, check: (typeof CHECKS)[number]): number {
  const withCount = (n: number): OrganizationConfig =>
    field === 'externalAccountIds'
      ? { ...config, externalAccountIds: config.externalAccountIds.slice(0, n) }
      : { ...config, archive: { ...config.archive, readerAccountIds: config.archive.readerAccountIds.slice(0, n) } };
  const fits = (n: number) => check.pick(measureArchivePolicies(withCount(n))) <= check.limit;
  const count = field === 'externalAccountIds' ? config.externalAccountIds.length : config.archive.readerAccountIds.length;
  let hi = Math.max(0, Math.min(estimate, count - 1));
  if (fits(hi)) return hi;
  let lo = 0; // binary search for the largest count that fits, in about log2(hi) builds
  if (!fits(lo)) return 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

let measureOutdir: string | undefined;

function scratchOutdir(): string {
  if (!measureOutdir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-measure-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    measureOutdir = dir;
  }
  return measureOutdir;
}
