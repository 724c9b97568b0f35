/**
 * `cdktf synth` / `cdktf deploy` run cdktf.json's `app` through a shell in the project folder, with
 * CDKTF_OUTDIR set to where cdktf reads the stacks from. This runs that exact command the same way
 * once (cdktf-cli itself is not installed) and checks that CDKTF_ORG_LOGGING_CONFIG chooses the
 * config; the other cases run what the app runs, `runCli(['synth'])`, in process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CliResult, CONFIG_ENV, cli, cliEnv, REPO_ROOT, run, scratchDir, sharedCache, stacksIn } from './cli-support';

jest.setTimeout(60_000);

const app = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;

let scratch: string;
/** cdktf's CDKTF_OUTDIR for the spawned app, relative to the project folder the app runs in. */
let delegatedRelative: string;
let delegated: CliResult;

beforeAll(() => {
  scratch = scratchDir('cdktf-app');
  delegatedRelative = path.relative(REPO_ROOT, path.join(scratch, 'delegated'));
  // The app as cdktf runs it: `sh -c <app>` in the project folder, the config named relative to it.
  delegated = run(
    'sh',
    ['-c', app],
    REPO_ROOT,
    cliEnv(sharedCache(), { CDKTF_OUTDIR: delegatedRelative, [CONFIG_ENV]: 'examples/delegated-administrator.json' }),
  );
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("cdktf.json's app", () => {
  it('runs the fast launcher, not a TypeScript compiler', () => {
    expect(app).toBe('node bin/cli.js');
  });

  it(`synthesizes the config named by ${CONFIG_ENV} into CDKTF_OUTDIR`, () => {
    const outdir = path.join(scratch, 'delegated');
    expect(delegated.stderr).toBe('');
    expect(delegated.status).toBe(0);
    expect(stacksIn(outdir)).toEqual([
      'audit-queries',
      'log-archive',
      'organization-guardrails',
      'organization-management',
      'organization-trail',
    ]);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
  });

  it('synthesizes the example without the variable', async () => {
    const outdir = path.join(scratch, 'example');
    const result = await cli(['synth'], { cwd: REPO_ROOT, env: { CDKTF_OUTDIR: outdir } });
    expect(result.status).toBe(0);
    const stacks = stacksIn(outdir);
    expect(stacks).toEqual(expect.arrayContaining(['log-archive', 'organization-trail']));
    expect(stacks.filter((s) => s.startsWith('external-account-')).length).toBeGreaterThan(0);
    expect(stacks).not.toContain('organization-management');
  });

  it('resolves a relative CDKTF_OUTDIR against the folder the app runs in, as cdktf does', async () => {
    // The spawned app ran in the project folder with a relative CDKTF_OUTDIR: its stacks are there.
    expect(stacksIn(path.join(REPO_ROOT, delegatedRelative))).toContain('organization-management');
    // In process the app runs in this process's folder; INIT_CWD elsewhere (say `npm run deploy` started
    // in a subfolder, the CLI's cwd) must not move cdktf's output.
    const relative = path.relative(process.cwd(), path.join(scratch, 'relative'));
    const config = path.join(REPO_ROOT, 'examples', 'delegated-administrator.json');
    const result = await cli(['synth'], { cwd: scratch, env: { CDKTF_OUTDIR: relative, [CONFIG_ENV]: config } });
    expect(result.status).toBe(0);
    expect(stacksIn(path.join(process.cwd(), relative))).toContain('organization-management');
  });
});
