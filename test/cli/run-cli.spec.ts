/**
 * The package's one CLI, `runCli(argv, io)`, in process: the command list, usage errors, how each
 * mode words its help and where it looks by default (installed: the working directory's cdktf.out;
 * this repo's npm scripts: the package's), that data on stdout is never reworded, and the error for
 * a missing optional peer. The installed binary itself runs in test/packaging/consumer.test.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_CACHE_ENV } from '../../bin/commands';
import { type CliMode, COMMANDS, forInstalled, missingOptionalPeers, providerCacheFor, type runCli } from '../../bin/run-cli';
import { PROVIDER_CACHE_ENV as PLAN_READS } from '../../tooling/terraform/provider-source';
import { type CliResult, cli as inProcess, REPO_ROOT, scratchDir } from './cli-support';

let scratch: string;

beforeAll(() => {
  scratch = scratchDir('run-cli');
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The CLI in process as installed (the default here) or as this repo's npm scripts run it, started in `scratch` unless told. */
function cli(argv: string[], options: { mode?: CliMode; cwd?: string; run?: typeof runCli } = {}): Promise<CliResult> {
  return inProcess(argv, { cwd: options.cwd ?? scratch, mode: options.mode ?? 'installed', run: options.run });
}

describe('the command list', () => {
  it('--help lists synth, plan, review, check and logs under the installed name, and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^Usage: cdktf-org-logging <command> \[flags\] {3}\(cdktf-org-logging <command> --help for its flags\)\n/,
    );
    expect(Object.keys(COMMANDS)).toEqual(['synth', 'plan', 'review', 'check', 'logs']);
    for (const name of Object.keys(COMMANDS)) expect(result.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    expect(result.stdout).toContain('--out defaults to ./cdktf.out');
  });

  it("is what the README's section on the command line shows", async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const shown = /\n```\n(Usage: cdktf-org-logging <command>[^`]*)```/.exec(readme)?.[1];
    expect(shown).toBe((await cli(['--help'])).stdout);
  });

  it('without a command prints the list on stderr and exits 2 (usage)', async () => {
    const result = await cli([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: cdktf-org-logging <command>/);
  });

  it('an unknown command exits 2 and names the commands', async () => {
    const result = await cli(['reveiw', '--out', 'cdktf.out']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('reveiw: unknown command. Fix: use one of synth, plan, review, check, logs (cdktf-org-logging --help)\n');
  });

  it("--version prints package.json's version", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('help, worded for how the CLI runs', () => {
  const helps = ['synth', 'plan', 'review', 'check', 'logs', 'logs verify', 'logs query', 'logs fetch'];

  it.each(helps)('installed: %s --help names cdktf-org-logging and the current folder, never npm', async (name) => {
    const result = await cli([...name.split(' '), '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: cdktf-org-logging ${name}\\b`));
    expect(result.stdout).not.toMatch(/npm run|in this package|ran npm in/);
  });

  it('installed: the default output folder reads as the current folder', async () => {
    for (const command of ['synth', 'plan', 'review', 'check']) {
      expect((await cli([command, '--help'])).stdout).toContain('cdktf.out in the current folder');
    }
  });

  it("repo: the npm scripts' help keeps npm's wording and this package's cdktf.out", async () => {
    for (const command of ['synth', 'plan', 'review', 'check']) {
      const result = await cli([command, '--help'], { mode: 'repo' });
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: npm run ${command} --`));
      expect(result.stdout).toContain('cdktf.out in this package');
    }
  });

  it('rewords npm script invocations and nothing else', () => {
    expect(forInstalled('Fix: see npm run logs -- verify --help; then npm run review, npm run check -- --list')).toBe(
      'Fix: see cdktf-org-logging logs verify --help; then cdktf-org-logging review, cdktf-org-logging check --list',
    );
    expect(forInstalled('npm run synth -- --out x (default: cdktf.out in this package)')).toBe(
      'cdktf-org-logging synth --out x (default: cdktf.out in the current folder)',
    );
    expect(forInstalled('npm install --save-exact x; npm run bench')).toBe('npm install --save-exact x; npm run bench');
  });
});

describe('the installed defaults', () => {
  it.each([
    ['check', 2, 'no such folder'],
    ['review', 2, 'no such folder'],
    ['plan', 2, 'no such folder'],
  ])('%s reads cdktf.out in the working directory when --out is not given', async (command, code, message) => {
    const cwd = path.join(scratch, `empty-${command}`);
    fs.mkdirSync(cwd);
    const result = await cli([command as string], { cwd });
    expect(result.status).toBe(code);
    expect(result.stderr).toContain(`${path.join(cwd, 'cdktf.out')}: ${message}`);
    // Messages name the installed command, never npm.
    expect(result.stderr).not.toContain('npm run');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('synth without --config synthesizes the example the package ships into ./cdktf.out', async () => {
    const cwd = path.join(scratch, 'synth-default');
    fs.mkdirSync(cwd);
    const result = await cli(['synth'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(cwd, 'cdktf.out', 'stacks'))).toEqual(expect.arrayContaining(['log-archive', 'organization-trail']));
  });
});

describe("plan's provider mirror", () => {
  it('is moved by the variable the installed launcher sets (out of the installed package)', () => {
    expect(PROVIDER_CACHE_ENV).toBe(PLAN_READS);
  });

  it("goes to the project's node_modules/.cache when the package is installed, and stays put in this repo", () => {
    expect(providerCacheFor('/work/platform/node_modules/cdktf-org-logging')).toBe(
      '/work/platform/node_modules/.cache/cdktf-org-logging/provider-mirror',
    );
    expect(providerCacheFor(REPO_ROOT)).toBeUndefined();
  });
});

describe('data on stdout', () => {
  it('is written as the command prints it, even where it reads like an npm script', async () => {
    const out = path.join(scratch, 'npm run review');
    fs.mkdirSync(path.join(out, 'stacks', 'app'), { recursive: true });
    fs.writeFileSync(
      path.join(out, 'stacks', 'app', 'cdk.tf.json'),
      JSON.stringify({
        provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }] },
        resource: { aws_s3_bucket: { Logs: { bucket: 'plain-logs' } } },
      }),
    );
    const result = await cli(['review', '--out', 'npm run review']);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Wrote npm run review/review.md:');
  });
});

describe('a missing optional peer', () => {
  function notFound(name: string): Error {
    return Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /x/duckdb-session.js`), { code: 'MODULE_NOT_FOUND' });
  }

  it('is named with the version this package is tested with', () => {
    const { devDependencies } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(missingOptionalPeers(notFound('@duckdb/node-api'))).toEqual([
      { name: '@duckdb/node-api', version: devDependencies['@duckdb/node-api'] },
    ]);
    expect(missingOptionalPeers(notFound('@aws-sdk/client-s3/dist-cjs/index.js')).map((p) => p.name)).toEqual(['@aws-sdk/client-s3']);
    // What a logs command reports after checking its peers, all at once.
    const checked = Object.assign(new Error('not installed'), {
      code: 'ERR_MISSING_OPTIONAL_PEERS',
      peers: ['@aws-sdk/client-s3', '@aws-sdk/client-cloudtrail', 'zod'],
    });
    expect(missingOptionalPeers(checked)).toEqual([
      { name: '@aws-sdk/client-s3', version: devDependencies['@aws-sdk/client-s3'] },
      { name: '@aws-sdk/client-cloudtrail', version: devDependencies['@aws-sdk/client-cloudtrail'] },
    ]);
  });

  it('stops logs query and logs fetch before any work, naming every missing package and the install command (exit 2)', async () => {
    const peers = ['@duckdb/node-api', '@aws-sdk/client-s3', '@aws-sdk/client-cloudtrail'];
    const { devDependencies } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const cwd = path.join(scratch, 'no-peers');
    fs.mkdirSync(cwd);
    fs.writeFileSync(path.join(cwd, 'store.duckdb'), '');
    let query: CliResult | undefined;
    let fetch: CliResult | undefined;
    let help: CliResult | undefined;
    // A fresh module registry in which requiring any optional peer fails as it does when it is not installed.
    await jest
      .isolateModulesAsync(async () => {
        for (const peer of peers)
          jest.doMock(peer, () => {
            throw notFound(peer);
          });
        const { runCli: withoutPeers } = require('../../bin/run-cli') as typeof import('../../bin/run-cli');
        query = await cli(['logs', 'query', 'codedeploy-changes', '--db', 'store.duckdb'], { cwd, run: withoutPeers });
        fetch = await cli(['logs', 'fetch', '--bucket', 'platform-trail-archive', '--since', '2026-01-01', '--out', 'copy'], {
          cwd,
          run: withoutPeers,
        });
        help = await cli(['logs', 'query', '--help'], { cwd, run: withoutPeers });
      })
      .finally(() => {
        // doMock outlives the isolated registry: later requires in this file get the real packages.
        for (const peer of peers) jest.dontMock(peer);
      });
    expect(query).toEqual({
      status: 2,
      stdout: '',
      stderr: `logs query: needs @duckdb/node-api, an optional peer dependency of cdktf-org-logging that is not installed. Fix: npm install --save-exact @duckdb/node-api@${devDependencies['@duckdb/node-api']}\n`,
    });
    expect(fetch).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'logs fetch: needs @aws-sdk/client-s3 and @aws-sdk/client-cloudtrail, optional peer dependencies of cdktf-org-logging that are not installed. ' +
        `Fix: npm install --save-exact @aws-sdk/client-s3@${devDependencies['@aws-sdk/client-s3']} @aws-sdk/client-cloudtrail@${devDependencies['@aws-sdk/client-cloudtrail']}\n`,
    });
    expect(fs.readdirSync(cwd)).toEqual(['store.duckdb']);
    expect(fs.statSync(path.join(cwd, 'store.duckdb')).size).toBe(0);
    // What needs no peer still runs without them.
    expect(help?.status).toBe(0);
    expect(help?.stdout).toMatch(/^Usage: cdktf-org-logging logs query /);
  });

  it('is not claimed for any other missing module or error', () => {
    expect(missingOptionalPeers(notFound('zod'))).toEqual([]);
    expect(missingOptionalPeers(notFound('@duckdb/node-api-extra'))).toEqual([]);
    expect(missingOptionalPeers(new Error("Cannot find module '@duckdb/node-api'"))).toEqual([]);
  });
});

describe('a reader that stops early', () => {
  it('ends the command quietly with exit 0 when stdout is closed (`| head`), instead of printing EPIPE', () => {
    // More than a pipe buffer of output into `head -c 5`, which closes its end after 5 bytes.
    const script = `
      require('./bin/run-cli').installedIo();
      const line = 'x'.repeat(1023) + '\\n';
      const more = () => { while (process.stdout.write(line)); process.stdout.once('drain', more); };
      more();`;
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" -r ./bin/register.js -e "$0" | head -c 5`, script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: 'xxxxx', stderr: '' });
  });
});

describe('a mistyped flag', () => {
  it.each([
    [['synth', '--confg', 'org.json'], '--confg: not a flag of this command. Fix: did you mean --config? (cdktf-org-logging synth --help)'],
    [['plan', '--stak', 'log-archive'], '--stak: not a flag of this command. Fix: did you mean --stack? (cdktf-org-logging plan --help)'],
    [
      ['review', '--againts', 'main.out'],
      '--againts: not a flag of this command. Fix: did you mean --against? (cdktf-org-logging review --help)',
    ],
    [
      ['check', '--suppresions', 's.json'],
      '--suppresions: not a flag of this command. Fix: did you mean --suppressions? (cdktf-org-logging check --help)',
    ],
    [
      ['check', '--strict'],
      '--strict: not a flag of this command. Fix: use one of --out, --suppressions, --format, --fail-on, --list, --help (cdktf-org-logging check --help)',
    ],
    [
      ['review', 'out'],
      "Unexpected argument 'out'. This command does not take positional arguments. Fix: see cdktf-org-logging review --help",
    ],
    [
      ['logs', 'query', 'codedeploy-changes', '--form', 'copy'],
      '--form: not a flag of this command. Fix: did you mean --from? (cdktf-org-logging logs query --help)',
    ],
  ])('%j: one line naming the flag and the fix, exit 2, nothing written', async (argv, line) => {
    const cwd = fs.mkdtempSync(path.join(scratch, 'flags-'));
    const result = await cli(argv, { cwd });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(line);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});
