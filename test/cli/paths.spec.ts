/**
 * The CLI's path contract: relative --config and --out resolve against the folder `npm run` was
 * started in (INIT_CWD), else the working directory; the default config is the package's own
 * example wherever the CLI runs; CDKTF_ORG_LOGGING_CONFIG stands in for --config. `npm run synth`
 * runs once as a process, from a subfolder (INIT_CWD); the rest runs `runCli` in process, started in
 * the folder `repoIo` (bin/run-cli.ts) takes from INIT_CWD, as the npm scripts do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoIo } from '../../bin/run-cli';
import { CONFIG_ENV, cli, cliEnv, DELEGATED, EXAMPLE, REPO_ROOT, run, scratchDir, sharedCache, stacksIn } from './cli-support';

jest.setTimeout(60_000);

let scratch: string;
const cache = sharedCache();
/** Where the user "ran npm" (INIT_CWD). */
let invoked: string;
/** The process's working directory, as npm sets it for scripts (the package root in real use). */
let elsewhere: string;

beforeAll(() => {
  scratch = scratchDir('cli-paths');
  invoked = path.join(scratch, 'invoked');
  elsewhere = path.join(scratch, 'elsewhere');
  fs.mkdirSync(invoked);
  fs.mkdirSync(elsewhere);
  fs.copyFileSync(EXAMPLE, path.join(invoked, 'my-org.json'));
  fs.copyFileSync(DELEGATED, path.join(invoked, 'delegated.json'));
  fs.copyFileSync(DELEGATED, path.join(elsewhere, 'delegated.json'));
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `read()` with INIT_CWD set to `value` (undefined: unset), as npm would set it; restored afterwards. */
function withInitCwd<T>(value: string | undefined, read: () => T): T {
  const saved = process.env.INIT_CWD;
  if (value === undefined) delete process.env.INIT_CWD;
  else process.env.INIT_CWD = value;
  try {
    return read();
  } finally {
    if (saved === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = saved;
  }
}

function externalAccountStacks(outdir: string): string[] {
  return stacksIn(outdir).filter((s) => s.startsWith('external-account-'));
}

describe('relative --config and --out', () => {
  it('resolve against INIT_CWD, the folder npm run was started in', async () => {
    // The npm scripts start in INIT_CWD, not in the process's working directory (npm sets that to the package).
    const io = withInitCwd(invoked, repoIo);
    expect(io.cwd).toBe(invoked);
    const result = await cli(['synth', '--config', 'my-org.json', '--out', 'out'], { cwd: io.cwd });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(stacksIn(path.join(invoked, 'out'))).toEqual(expect.arrayContaining(['log-archive', 'organization-trail']));
    expect(externalAccountStacks(path.join(invoked, 'out')).length).toBeGreaterThan(0);
  });

  it('resolve against the working directory when INIT_CWD is not set', async () => {
    expect(withInitCwd(undefined, repoIo).cwd).toBe(process.cwd());
    const result = await cli(['synth', '--config', 'delegated.json', '--out', 'out-cwd'], { cwd: elsewhere });
    expect(result.status).toBe(0);
    expect(stacksIn(path.join(elsewhere, 'out-cwd'))).toContain('organization-management');
    expect(fs.existsSync(path.join(invoked, 'out-cwd'))).toBe(false);
  });

  it("resolve the config's own relative paths (local state) against the same folder", async () => {
    const outdir = path.join(invoked, 'out-state');
    const result = await cli(['synth', '--config', 'delegated.json', '--out', 'out-state'], { cwd: invoked });
    expect(result.status).toBe(0);
    const stackDir = path.join(outdir, 'stacks', 'log-archive');
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      terraform: { backend: { local: { path: string } } };
    };
    const stateFile = path.resolve(stackDir, tf.terraform.backend.local.path);
    expect(stateFile.startsWith(`${invoked}${path.sep}`)).toBe(true);
  });

  it('work through npm run from a subfolder of the package', () => {
    const outdir = path.join(scratch, 'npm-out');
    const result = run(
      'npm',
      [
        'run',
        '--silent',
        'synth',
        '--',
        '--config',
        'delegated-administrator.json',
        '--out',
        path.relative(path.join(REPO_ROOT, 'examples'), outdir),
      ],
      path.join(REPO_ROOT, 'examples'),
      cliEnv(cache, { npm_config_update_notifier: 'false' }),
    );
    expect(result.status).toBe(0);
    expect(stacksIn(outdir)).toEqual([
      'audit-queries',
      'log-archive',
      'organization-guardrails',
      'organization-management',
      'organization-trail',
    ]);
  });
});

describe('the default config', () => {
  it("is the package's example wherever the CLI is started", async () => {
    const result = await cli(['synth', '--out', 'out-default'], { cwd: invoked });
    expect(result.status).toBe(0);
    expect(externalAccountStacks(path.join(invoked, 'out-default')).length).toBeGreaterThan(0);
  });

  it(`is replaced by ${CONFIG_ENV} (relative to the same folder as --config), and --config wins over it`, async () => {
    const fromEnv = await cli(['synth', '--out', 'out-env'], { cwd: invoked, env: { [CONFIG_ENV]: 'delegated.json' } });
    expect(fromEnv.status).toBe(0);
    expect(stacksIn(path.join(invoked, 'out-env'))).toEqual([
      'audit-queries',
      'log-archive',
      'organization-guardrails',
      'organization-management',
      'organization-trail',
    ]);

    const flagWins = await cli(['synth', '--config', 'my-org.json', '--out', 'out-flag'], {
      cwd: invoked,
      env: { [CONFIG_ENV]: 'delegated.json' },
    });
    expect(flagWins.status).toBe(0);
    expect(stacksIn(path.join(invoked, 'out-flag'))).not.toContain('organization-management');
    expect(externalAccountStacks(path.join(invoked, 'out-flag')).length).toBeGreaterThan(0);
  });
});

describe('the command line contract', () => {
  it('a bad config exits 1 with one line per problem, no stack trace, and writes nothing', async () => {
    const bad = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(invoked, 'bad.json'), JSON.stringify({ ...bad, trailName: 'x', archiveBucketName: 'Bad_Name' }));
    const result = await cli(['synth', '--config', 'bad.json', '--out', 'out-bad'], { cwd: invoked });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^trailName: "x" is not a valid trail name/),
      expect.stringMatching(/^archiveBucketName: "Bad_Name" is not a valid S3 bucket name/),
    ]);
    expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(fs.existsSync(path.join(invoked, 'out-bad'))).toBe(false);
  });

  it('names a missing config by its resolved path', async () => {
    const result = await cli(['synth', '--config', 'missing.json', '--out', 'out-missing'], { cwd: invoked });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(JSON.stringify(path.join(invoked, 'missing.json')));
  });

  it('names an --out under a file, with no stack trace, and writes nothing', async () => {
    const file = path.join(elsewhere, 'notes.txt');
    fs.writeFileSync(file, 'a file, not a folder\n');
    const before = fs.readdirSync(elsewhere);
    const result = await cli(['synth', '--config', DELEGATED, '--out', 'notes.txt/out'], { cwd: elsewhere });
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `--out: ${JSON.stringify(path.join(file, 'out'))} cannot be created as a folder (it or a folder above it is a file). Fix: pass a folder path you may write to\n`,
    });
    expect(fs.readdirSync(elsewhere)).toEqual(before);
    fs.rmSync(file);
  });

  it('--help prints the usage and exits 0; an unknown flag exits 2 with the usage', async () => {
    const help = await cli(['synth', '--help'], { cwd: elsewhere });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run synth -- \[--config <file>\] \[--out <dir>\]/);
    expect(help.stdout).toContain(CONFIG_ENV);

    const unknown = await cli(['synth', '--conifg', 'x.json'], { cwd: elsewhere });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Usage: npm run synth');
  });
});
