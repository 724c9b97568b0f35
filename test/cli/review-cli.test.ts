/**
 * `npm run review` as a process, the way a reviewer runs it: on a folder `npm run synth` wrote, it
 * exits 0, writes review.md there and prints the summary; relative paths resolve against the
 * folder npm ran in; a folder without stacks and a bad flag fail with their exit codes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliEnv, EXAMPLE, REPO_ROOT, run, runCli, scratchDir } from './cli-support';

jest.setTimeout(120_000);

let scratch = '';
let cache = '';
let out = '';

beforeAll(() => {
  scratch = scratchDir('review-cli');
  cache = path.join(scratch, 'cache');
  out = path.join(scratch, 'out');
  const synth = runCli(['--config', EXAMPLE, '--out', out], scratch, cliEnv(cache));
  expect(synth.status).toBe(0);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `npm run review -- <args>`, started in `cwd` (npm's INIT_CWD) for the package in the repo. */
function npmReview(args: readonly string[], cwd = scratch) {
  return run('npm', ['--prefix', REPO_ROOT, 'run', '--silent', 'review', '--', ...args], cwd, cliEnv(cache));
}

describe('npm run review', () => {
  it('writes review.md into the synthesized folder and prints the summary', () => {
    fs.rmSync(path.join(out, 'review.md'), { force: true });
    const result = npmReview(['--out', 'out']);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'Wrote out/review.md:',
      '  5 stacks in 4 accounts, 58 resources; apply order log-archive → external-account-567890123456 → external-account-678901234567 → organization-guardrails → organization-trail',
      expect.stringMatching(/^ {2}16 policies with \d+ statements \(\d+ Deny\)$/),
    ]);
    const markdown = fs.readFileSync(path.join(out, 'review.md'), 'utf8');
    expect(markdown.startsWith(`# Review of ${out}\n`)).toBe(true);
    expect(markdown).toContain('## Stacks, accounts and apply order');
  });

  it('exits 1 for a folder without stacks and writes nothing', () => {
    fs.mkdirSync(path.join(scratch, 'empty'), { recursive: true });
    const result = npmReview(['--out', 'empty']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('holds no synthesized stacks');
    expect(fs.readdirSync(path.join(scratch, 'empty'))).toEqual([]);
  });

  it('exits 2 for an unknown --fail-on level', () => {
    const result = npmReview(['--out', 'out', '--fail-on', 'everything']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fail-on: "everything" is not a level; the only one is "dangerous"');
  });
});
