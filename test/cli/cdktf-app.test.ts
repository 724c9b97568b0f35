/**
 * `cdktf synth` / `cdktf deploy` run cdktf.json's `app` through a shell in the project folder, with
 * CDKTF_OUTDIR set to where cdktf reads the stacks from. This runs that exact command the same way
 * (cdktf-cli itself is not installed) and checks that CDKTF_ORG_LOGGING_CONFIG chooses the config.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_ENV, cliEnv, REPO_ROOT, run, scratchDir, stacksIn } from './cli-support';

jest.setTimeout(60_000);

const app = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;

let scratch: string;
let cache: string;

beforeAll(() => {
  scratch = scratchDir('cdktf-app');
  cache = path.join(scratch, 'cache');
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function cdktfRun(outdir: string, env: Record<string, string | undefined>) {
  return run('sh', ['-c', app], REPO_ROOT, cliEnv(cache, { CDKTF_OUTDIR: outdir, ...env }));
}

describe("cdktf.json's app", () => {
  it('runs the fast launcher, not a TypeScript compiler', () => {
    expect(app).toBe('node bin/cli.js');
  });

  it(`synthesizes the config named by ${CONFIG_ENV} into CDKTF_OUTDIR`, () => {
    const outdir = path.join(scratch, 'delegated');
    const result = cdktfRun(outdir, { [CONFIG_ENV]: 'examples/delegated-administrator.json' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(stacksIn(outdir)).toEqual([
      'audit-queries',
      'log-archive',
      'organization-guardrails',
      'organization-management',
      'organization-trail',
    ]);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
  });

  it('synthesizes the example without the variable', () => {
    const outdir = path.join(scratch, 'example');
    const result = cdktfRun(outdir, {});
    expect(result.status).toBe(0);
    const stacks = stacksIn(outdir);
    expect(stacks).toEqual(expect.arrayContaining(['log-archive', 'organization-trail']));
    expect(stacks.filter((s) => s.startsWith('external-account-')).length).toBeGreaterThan(0);
    expect(stacks).not.toContain('organization-management');
  });

  it('resolves a relative CDKTF_OUTDIR against the folder the app runs in, as cdktf does', () => {
    const relative = path.relative(REPO_ROOT, path.join(scratch, 'relative'));
    // INIT_CWD elsewhere (say `npm run deploy` started in a subfolder) must not move cdktf's output.
    const config = path.join(REPO_ROOT, 'examples', 'delegated-administrator.json');
    const result = cdktfRun(relative, { [CONFIG_ENV]: config, INIT_CWD: scratch });
    expect(result.status).toBe(0);
    expect(stacksIn(path.join(REPO_ROOT, relative))).toContain('organization-management');
  });
});
