/**
 * A logs import runs itself again with glibc's MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_=131072
 * (bin/malloc-settings.ts): which command lines do, when it is left alone, that a value the user set
 * is kept, and one real second process that sees the variables.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importsRecords, MALLOC_SETTINGS, rerunWithMallocSettings } from '../../bin/malloc-settings';
import { cliEnv, REPO_ROOT, sharedCache } from './cli-support';

describe('importsRecords', () => {
  it.each([
    [['import', '--from', 'copy', '--db', 'a.duckdb'], true],
    [['query', 'codedeploy-changes', '--db=a.duckdb', '--from', 'copy'], true],
    [['sql', 'SELECT 1', '--from', 'copy', '--db', 'a.duckdb'], true],
    [['query', 'codedeploy-changes', '--db', 'a.duckdb'], false],
    [['query', 'codedeploy-changes', '--from', 'copy'], false],
    [['verify', '--from', 'copy', '--db', 'x'], false],
    [['import', '--help'], false],
    [[], false],
  ])('%j: %s', (argv, expected) => {
    expect(importsRecords(argv)).toBe(expected);
  });
});

describe('rerunWithMallocSettings', () => {
  const calls: { command: string; args: readonly string[]; env: NodeJS.ProcessEnv | undefined }[] = [];
  const spawn =
    (status: number | null, signal: NodeJS.Signals | null = null, error?: Error) =>
    (command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv }) => {
      calls.push({ command, args, env: options.env });
      return { status, signal, error };
    };
  beforeEach(() => {
    calls.length = 0;
  });

  it('runs the same command line again with 2 arenas and a 128 KiB mmap threshold, and leaves with its exit code', () => {
    expect(MALLOC_SETTINGS).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(rerunWithMallocSettings(['import'], { platform: 'linux', env: { PATH: '/bin' }, spawn: spawn(1) })).toBe(1);
    expect(calls).toEqual([
      {
        command: process.execPath,
        args: [...process.execArgv, ...process.argv.slice(1)],
        env: { PATH: '/bin', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' },
      },
    ]);
  });

  it('keeps a setting the user made and adds only the missing one', () => {
    expect(rerunWithMallocSettings(['import'], { platform: 'linux', env: { MALLOC_ARENA_MAX: '8' }, spawn: spawn(0) })).toBe(0);
    expect(calls.map((call) => call.env)).toEqual([{ MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '131072' }]);
  });

  it('reports a second process killed by a signal as 128 + its number', () => {
    expect(rerunWithMallocSettings(['import'], { platform: 'linux', env: {}, spawn: spawn(null, 'SIGTERM') })).toBe(
      128 + os.constants.signals.SIGTERM,
    );
  });

  it('goes on in this process when the second one cannot start, elsewhere than Linux, when the user set both variables, or without an import', () => {
    expect(
      rerunWithMallocSettings(['import'], { platform: 'linux', env: {}, spawn: spawn(null, null, new Error('EAGAIN')) }),
    ).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(rerunWithMallocSettings(['import'], { platform: 'darwin', env: {}, spawn: spawn(0) })).toBeUndefined();
    expect(
      rerunWithMallocSettings(['import'], {
        platform: 'linux',
        env: { MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '65536' },
        spawn: spawn(0),
      }),
    ).toBeUndefined();
    expect(
      rerunWithMallocSettings(['query', 'codedeploy-changes', '--db', 'a.duckdb'], { platform: 'linux', env: {}, spawn: spawn(0) }),
    ).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('starts a real second process that sees both settings, with the same arguments (Linux; elsewhere none)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'malloc-'));
    try {
      const script = path.join(dir, 'rerun.js');
      fs.writeFileSync(
        script,
        [
          `require(${JSON.stringify(path.join(REPO_ROOT, 'bin', 'register.js'))});`,
          `const { rerunWithMallocSettings } = require(${JSON.stringify(path.join(REPO_ROOT, 'bin', 'malloc-settings.ts'))});`,
          'const seen = [process.env.MALLOC_ARENA_MAX, process.env.MALLOC_MMAP_THRESHOLD_];',
          "if (seen.every(Boolean)) { process.stdout.write(seen.join(' ') + ' ' + process.argv.slice(2).join(' ')); process.exit(7); }",
          'process.exit(rerunWithMallocSettings(process.argv.slice(2)) ?? 0);',
        ].join('\n'),
      );
      const env = cliEnv(sharedCache(), { MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined });
      const result = spawnSync(process.execPath, [script, 'import', '--from', 'copy'], { env, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      if (process.platform === 'linux') {
        expect(result.stdout).toBe('2 131072 import --from copy');
        expect(result.status).toBe(7);
      } else {
        expect(result.stdout).toBe('');
        expect(result.status).toBe(0);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
