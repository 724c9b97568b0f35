/**
 * The package's one CLI: `cdktf-org-logging synth | plan | review | check | logs`, with the same flags
 * as this repo's npm scripts, which run through the same function (`runFromRepo`).
 *
 * Two ways to run it, which differ only in defaults and wording:
 * - installed (`node_modules/.bin/cdktf-org-logging`, the published build in dist/): relative paths
 *   resolve against the working directory and the default output folder is `./cdktf.out`, the
 *   consumer's own; messages and help name `cdktf-org-logging <command>`.
 * - repo (`npm run <command> -- ...` here): relative paths resolve against the folder npm was started
 *   in (INIT_CWD) and the default output folder is this package's `cdktf.out` (DESIGN.md, contracts).
 *
 * Exit codes are the commands' own (0 ok, 1 problems found, 2 usage); a missing optional peer of a
 * `logs` command exits 2 (nothing done: it is checked first), any other failure of a logs command 3,
 * as `npm run logs` documents.
 */
import { once } from 'node:events';
import * as path from 'node:path';
import { type CommandIo, type LogsIo, loadCheck, loadLogs, loadPlan, loadReview, loadSynth } from './commands';
import { packageJson, packageRoot } from './package-root';

export type CliMode = 'installed' | 'repo';

export interface CliIo {
  /** Writes text as is (the caller ends lines with "\n"). */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves once stdout has passed on what it holds, when it holds more than its buffer; undefined when it need not wait. */
  readonly stdoutDrained?: () => Promise<void> | undefined;
  /** Where relative paths resolve. */
  readonly cwd: string;
  /** `installed` (the default) or `repo`: see the file comment. */
  readonly mode?: CliMode;
  /** The variables synth reads ($CDKTF_ORG_LOGGING_CONFIG, $CDKTF_OUTDIR); process.env when absent. */
  readonly env?: NodeJS.ProcessEnv;
}

export const PROGRAM = 'cdktf-org-logging';

interface Command {
  readonly summary: string;
  run(argv: string[], context: Context): Promise<number> | number;
}

interface Context {
  readonly io: CliIo;
  readonly lines: CommandIo;
  readonly outDir: string;
  readonly outDirText: string;
}

/** `--out <default>` unless the user named one, so every command reads the same default folder. */
function withOut(argv: string[], outDir: string): string[] {
  return argv.some((a) => a === '--out' || a.startsWith('--out=')) ? argv : [...argv, '--out', outDir];
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  synth: {
    summary: 'validate an organization config and synthesize its stacks into <out>/stacks/<stack>/cdk.tf.json',
    run: (argv, c) => loadSynth()(argv, c.lines, { outDir: c.outDir, outDirText: c.outDirText, env: c.io.env ?? process.env }),
  },
  plan: {
    summary: 'terraform init, validate and plan of the synthesized stacks, offline (default) or --online',
    run: (argv, c) => loadPlan()(withOut(argv, c.outDir), c.lines),
  },
  review: {
    summary: 'write <out>/review.md: security diff, checks, policies, topology and cost of the synthesized stacks',
    run: (argv, c) => loadReview()(withOut(argv, c.outDir), c.lines),
  },
  check: {
    summary: 'the security rule pack over the synthesized stacks (exit 1 on an unsuppressed finding)',
    run: (argv, c) => loadCheck()(argv, c.lines, { outDir: c.outDir, outDirText: c.outDirText }),
  },
  logs: {
    summary: 'the CloudTrail archive: fetch, verify, query, questions, sql, import (logs --help lists them)',
    run: (argv, c) => {
      const io: LogsIo = { stdout: c.io.stdout, stderr: c.io.stderr, stdoutDrained: c.io.stdoutDrained, cwd: c.io.cwd };
      return loadLogs()(argv, io);
    },
  },
};

/** Runs one command line; returns its exit code. Never throws: a failure is printed and exits 1 (logs: 3; a missing optional peer: 2). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const mode = io.mode ?? 'installed';
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(`${overview(mode)}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout(`${packageJson().version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`${name}: unknown command. Fix: use one of ${Object.keys(COMMANDS).join(', ')} (${PROGRAM} --help)\n`);
    return 2;
  }
  // Messages and help are the package's own text, worded for how it runs; other stdout may carry
  // data (rows, file names, JSON) and goes out as the command wrote it.
  const helpOnly = rest.includes('--help');
  const word = mode === 'installed' ? forInstalled : (text: string) => text;
  const cliIo: CliIo = {
    ...io,
    stdout: helpOnly ? (text) => io.stdout(word(text)) : io.stdout,
    stderr: (text) => io.stderr(word(text)),
  };
  const outDir = path.join(mode === 'installed' ? io.cwd : packageRoot(), 'cdktf.out');
  const context: Context = {
    io: cliIo,
    lines: { out: (text) => cliIo.stdout(`${text}\n`), err: (text) => cliIo.stderr(`${text}\n`), cwd: io.cwd },
    outDir,
    outDirText: mode === 'installed' ? 'cdktf.out in the current folder' : 'cdktf.out in this package',
  };
  try {
    return await command.run(rest, context);
  } catch (error) {
    const peers = missingOptionalPeers(error);
    if (peers.length > 0) {
      const names = peers.map((p) => p.name).join(' and ');
      cliIo.stderr(
        `${commandLine(name, rest)}: needs ${names}, ${peers.length === 1 ? 'an optional peer dependency' : 'optional peer dependencies'} of ${PROGRAM} ` +
          `that ${peers.length === 1 ? 'is' : 'are'} not installed. Fix: npm install --save-exact ${peers.map((p) => `${p.name}@${p.version}`).join(' ')}\n`,
      );
      // Nothing was done (the command checks its peers before it reads or writes anything): usage.
      return 2;
    }
    cliIo.stderr(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    // logs: not 1 (problems found) nor 2 (usage): the command itself failed.
    return name === 'logs' ? 3 : 1;
  }
}

/** `logs query` for `logs query --db x`: the command and its subcommand, without flags or values. */
function commandLine(name: string, rest: readonly string[]): string {
  const sub = rest[0];
  return sub === undefined || sub.startsWith('-') ? name : `${name} ${sub}`;
}

/**
 * The optional peer dependencies (package.json peerDependenciesMeta) an error says are missing, with
 * the versions this package is tested with: those a logs command checked before running
 * (`ERR_MISSING_OPTIONAL_PEERS`, tooling/logs/commands/io.ts), or the one a failed require names.
 */
export function missingOptionalPeers(error: unknown): { name: string; version: string }[] {
  if (!(error instanceof Error)) return [];
  const { code, peers } = error as Error & { code?: unknown; peers?: unknown };
  const pkg = packageJson();
  const optional = Object.entries(pkg.peerDependenciesMeta ?? {})
    .filter(([, meta]) => meta.optional)
    .map(([peer]) => peer);
  let names: string[];
  if (code === 'ERR_MISSING_OPTIONAL_PEERS' && Array.isArray(peers)) {
    names = peers.filter((peer): peer is string => typeof peer === 'string' && optional.includes(peer));
  } else {
    const wanted = code === 'MODULE_NOT_FOUND' ? /Cannot find module '([^']+)'/.exec(error.message)?.[1] : undefined;
    const name = wanted === undefined ? undefined : optional.find((peer) => wanted === peer || wanted.startsWith(`${peer}/`));
    names = name === undefined ? [] : [name];
  }
  return names.map((name) => ({ name, version: pkg.devDependencies?.[name] ?? pkg.peerDependencies?.[name] ?? 'latest' }));
}

/** This repo's npm scripts' wording, reworded for the installed command. */
export function forInstalled(text: string): string {
  return text
    .replace(/npm run (synth|plan|review|check|logs)( --(?= |$))?/gm, `${PROGRAM} $1`)
    .replace(/cdktf\.out in this package/g, 'cdktf.out in the current folder')
    .replace(/the folder you ran npm in/g, 'the current folder');
}

function overview(mode: CliMode): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  const usage =
    mode === 'installed'
      ? `Usage: ${PROGRAM} <command> [flags]   (${PROGRAM} <command> --help for its flags)`
      : 'Usage: npm run <command> -- [flags]   (npm run <command> -- --help for its flags)';
  const where =
    mode === 'installed'
      ? 'Relative paths resolve against the current folder; --out defaults to ./cdktf.out.'
      : "Relative paths resolve against the folder you ran npm in; --out defaults to this package's cdktf.out.";
  return [
    usage,
    '',
    ...lines,
    '',
    where,
    'Exit codes: 0 done, 1 problems found, 2 bad usage (nothing done); logs: 3 when the command itself failed.',
    '',
    '  --help     show this help',
    '  --version  print the version',
  ].join('\n');
}

/**
 * Where `plan` keeps the provider mirror it fills from the registry (when no mirror is installed),
 * for a package installed at `packageDir`: by default that mirror lands under the package's own
 * folder, so an installed package (node_modules/<package>) moves it to the project's cache folder,
 * node_modules/.cache, and nothing is written into the package. Undefined outside node_modules.
 */
export function providerCacheFor(packageDir: string): string | undefined {
  const modules = path.dirname(packageDir);
  return path.basename(modules) === 'node_modules' ? path.join(modules, '.cache', PROGRAM, 'provider-mirror') : undefined;
}

/**
 * A pipe takes process.stdout's writes asynchronously: whatever the reader has not taken yet waits in
 * this process. Writers of large output (a question's rows) wait here so that it stays bounded.
 */
function stdoutDrained(): Promise<void> | undefined {
  return process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : undefined;
}

let quietOnClosedStdout = false;

/**
 * A reader that stops early (`... | head`) closes the pipe, and the next write fails with EPIPE: the
 * command then ends at once, quietly and with the exit code it has so far (0), as command-line tools
 * do, instead of printing the error's stack and exiting 3. Any other stream error still throws.
 */
export function endQuietlyWhenStdoutCloses(): void {
  if (quietOnClosedStdout) return;
  quietOnClosedStdout = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit();
    throw error;
  });
}

/** The installed command's streams and folder: the working directory, as for any command-line tool. */
export function installedIo(): CliIo {
  endQuietlyWhenStdoutCloses();
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutDrained,
    cwd: process.cwd(),
    mode: 'installed',
  };
}

/** This repo's npm scripts: relative paths from the folder `npm run` was started in (INIT_CWD). */
export function repoIo(): CliIo {
  endQuietlyWhenStdoutCloses();
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutDrained,
    cwd: path.resolve(process.env.INIT_CWD || process.cwd()),
    mode: 'repo',
  };
}

/** `npm run <command> -- <flags>` in this repo: runs the command with the process's arguments and sets the exit code. */
export function runFromRepo(command: keyof typeof COMMANDS): Promise<number> {
  return runCli([command, ...process.argv.slice(2)], repoIo()).then((code) => {
    process.exitCode = code;
    return code;
  });
}
