import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY_LIMITS } from '../../modules/arns';
import { configSchema } from '../../stacks/config';
import { type ArchivePolicySizes, measureArchivePolicies, validateConfig } from '../../stacks/validate';
import { exampleInput, expectProblem, type Mutable, manyAccounts, problemsOf, REPO_ROOT } from '../support/config';

/** A claim of a policy-size line: which field, which policy, how many entries fit. */
interface FitClaim {
  readonly field: 'externalAccountIds' | 'archive.readerAccountIds';
  readonly policy: keyof ArchivePolicySizes;
  readonly fit: number;
}

const LIMIT: Record<keyof ArchivePolicySizes, number> = { bucket: POLICY_LIMITS.s3BucketPolicy, key: POLICY_LIMITS.kmsKeyPolicy };

function claimOf(line: string): FitClaim {
  const match =
    /^(externalAccountIds|archive\.readerAccountIds): \d+ .* make the archive (bucket|key) policy .* At most (\d+) .* fits?\b/.exec(line);
  if (!match) throw new Error(`not a policy size line: ${line}`);
  return { field: match[1] as FitClaim['field'], policy: match[2] as FitClaim['policy'], fit: Number(match[3]) };
}

/** The example with `external` external accounts and `readers` reader accounts. */
function withAccounts(external: string[], readers?: string[]): Mutable {
  const input = exampleInput() as Mutable;
  input.externalAccountIds = external;
  if (readers) (input.archive as Mutable).readerAccountIds = readers;
  return input;
}

/** The measured size of one policy with the first `count` entries of the claim's field. */
function sizeWith(claim: FitClaim, input: Mutable, count: number): number {
  const changed = structuredClone(input);
  const archive = changed.archive as Mutable;
  if (claim.field === 'externalAccountIds') changed.externalAccountIds = (changed.externalAccountIds as string[]).slice(0, count);
  else archive.readerAccountIds = (archive.readerAccountIds as string[]).slice(0, count);
  return measureArchivePolicies(configSchema.parse(changed))[claim.policy];
}

/** "At most N fit" is true: N entries fit that policy, N + 1 do not. */
function expectClaimHolds(claim: FitClaim, input: Mutable): void {
  expect({ claim, size: sizeWith(claim, input, claim.fit) <= LIMIT[claim.policy] }).toEqual({ claim, size: true });
  expect({ claim, oneMore: sizeWith(claim, input, claim.fit + 1) > LIMIT[claim.policy] }).toEqual({ claim, oneMore: true });
}

/** The largest count in [0, max] for which `valid(count)` holds (it holds for 0 and fails above some count). */
function largestValid(max: number, valid: (count: number) => boolean): number {
  let lo = 0;
  let hi = max;
  expect(valid(lo)).toBe(true);
  expect(valid(hi)).toBe(false);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (valid(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe('config', () => {
  describe('AWS policy size limits', () => {
    describe('reader accounts', () => {
      // The querying account of auditQueries is a reader too: off here, so the list alone is counted.
      const input: Mutable = { ...withAccounts([], manyAccounts(500, 800000000000)), auditQueries: { enabled: false } };

      it('blames archive.readerAccountIds, not externalAccountIds, when 500 readers and no external accounts overflow the policies', () => {
        const problems = problemsOf(input);
        expect(problems.length).toBeGreaterThan(0);
        for (const line of problems)
          expect(line).toMatch(/^archive\.readerAccountIds: 500 reader accounts make the archive (bucket|key) policy/);
        expectProblem(
          input,
          'archive.readerAccountIds',
          'AWS allows at most 20480 bytes in an S3 bucket policy',
          'let readers assume a role',
        );
      });

      it('tells how many readers fit each policy, and that many do while one more does not', () => {
        const claims = problemsOf(input).map(claimOf);
        expect(claims.map((c) => c.policy).sort()).toEqual(['bucket', 'key']);
        for (const claim of claims) expectClaimHolds(claim, input);
      });

      it('tells the number of readers that makes the config valid', () => {
        const fit = Math.min(...problemsOf(input).map((line) => claimOf(line).fit));
        const readers = (input.archive as Mutable).readerAccountIds as string[];
        const off = { auditQueries: { enabled: false } };
        expect(problemsOf({ ...withAccounts([], readers.slice(0, fit)), ...off })).toEqual([]);
        expect(problemsOf({ ...withAccounts([], readers.slice(0, fit + 1)), ...off })).not.toEqual([]);
      });
    });

    describe('external accounts', () => {
      const input = withAccounts(manyAccounts(120));

      it('blames externalAccountIds when 120 external accounts overflow the bucket policy, with the number that fits', () => {
        const fits = largestValid(120, (count) => validateConfig(withAccounts(manyAccounts(count))).ok);
        const line = expectProblem(input, 'externalAccountIds', 'S3 bucket policy', '20480 bytes');
        expect(line).toMatch(/^externalAccountIds: 120 external accounts make the archive bucket policy \d+ bytes/);
        expect(claimOf(line)).toEqual({ field: 'externalAccountIds', policy: 'bucket', fit: fits });
        expect(line).toContain(`Fix: list at most ${fits} in externalAccountIds (use a second archive for the rest)`);
      });

      it('tells how many external accounts fit each policy, and that many do while one more does not', () => {
        const claims = problemsOf(input).map(claimOf);
        expect(claims.length).toBeGreaterThan(0);
        for (const claim of claims) expect(claim.field).toBe('externalAccountIds');
        for (const claim of claims) expectClaimHolds(claim, input);
      });

      it("counts the example's one reader account in the singular", () => {
        expectProblem(input, 'externalAccountIds', '1 reader account adds');
      });

      it("fits 33 external accounts with the example's names but not 34, as the README states", () => {
        expect(problemsOf(withAccounts(manyAccounts(33)))).toEqual([]);
        expectProblem(
          withAccounts(manyAccounts(34)),
          'externalAccountIds',
          '34 external accounts make',
          'At most 33 external accounts fit',
        );
        const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
        expect(readme).toContain("(33 with the example's names)");
      });
    });
  });
});
