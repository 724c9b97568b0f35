import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnnotationMetadataEntryType, App } from 'cdktf';
import { parseConfig, readConfigFile } from './config/parse';
import type { OrganizationConfig } from './config/schema';
import { configWarnings } from './config/warnings';
import { type StackDeclarations, undeclaredReferences } from './local-references';
import { LOG_ARCHIVE_STACK, type LogArchiveStack } from './log-archive-stack';
import { buildOrganization, type StackSummary } from './organization-builder';
import { withoutTokenTraces } from './token-traces';
import { archivePolicySizes, policyLimitProblems } from './validate';

/** A config or synth problem, already phrased for people: one line per problem. */
export class SynthError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'SynthError';
  }
}

export interface SynthesizeOptions {
  readonly configFile: string;
  readonly outdir: string;
  /** Relative config paths (the local state folder) resolve against this. */
  readonly baseDir: string;
}

export interface SynthesizedStack {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly role: string;
  readonly resources: number;
  readonly file: string;
}

export interface SynthesizeResult {
  readonly config: OrganizationConfig;
  readonly stacks: SynthesizedStack[];
  /** Weakened defaults and irreversible choices, one line each (`warning:` or `note:`), for the reviewer. */
  readonly review: readonly string[];
  readonly summary: string;
}

/** Reads a config file and checks its shape and rules; throws SynthError with every problem. */
export function loadConfig(configFile: string): OrganizationConfig {
  const file = readConfigFile(configFile);
  if (!file.ok) throw new SynthError(file.problems);
  const parsed = parseConfig(file.raw);
  if (!parsed.ok) throw new SynthError(parsed.problems);
  return parsed.config;
}

/**
 * Validates, synthesizes into a scratch folder, then installs each stack's `cdk.tf.json` into
 * the output folder. Nothing in the output folder changes unless synthesis succeeded, and
 * files that terraform keeps next to a stack (`.terraform/`, local state) are never removed.
 */
export function synthesizeOrganization(options: SynthesizeOptions): SynthesizeResult {
  const config = loadConfig(options.configFile);
  const scratch = `${options.outdir}.synth-${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(scratch), { recursive: true });
    if (fs.existsSync(options.outdir) && !fs.statSync(options.outdir).isDirectory()) throw new Error('a file');
  } catch (error) {
    // A file where the output folder or a folder above it should be (EEXIST, ENOTDIR), or no right to create it.
    const code = (error as NodeJS.ErrnoException).code;
    throw new SynthError([
      `--out: ${JSON.stringify(options.outdir)} cannot be created as a folder (${code === 'EACCES' || code === 'EPERM' ? `${code}: no permission` : 'it or a folder above it is a file'}). Fix: pass a folder path you may write to`,
    ]);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  let built: readonly StackSummary[];
  let review: string[] = [];
  let problems: string[] = [];
  try {
    // Token creation traces are most of the build's time and only decorate errors (token-traces.ts).
    built = withoutTokenTraces(() => {
      // skipValidation: the validations run once, below, across all stacks (validationProblems);
      // app.synth() would run them all again.
      const app = new App({ outdir: scratch, stackTraces: false, skipValidation: true });
      // Backend paths are computed for the final folder, not the scratch one.
      const organization = buildOrganization(app, config, { outdir: options.outdir, baseDir: options.baseDir });
      // The policies that grow with the config are measured on the stacks just built, before synth.
      problems = policyLimitProblems(config, archivePolicySizes(organization.get<LogArchiveStack>(LOG_ARCHIVE_STACK)));
      // Construct validations (policy sizes, coherence of trails and routes with the policies they
      // use): every problem of every stack at once, one line each, before anything is written.
      // app.synth() would run them stack by stack and stop at the first failing stack.
      if (problems.length === 0) problems = validationProblems(app);
      if (problems.length === 0) {
        app.synth();
        review = [...configWarnings(config).map((line) => `warning: ${line}`), ...reviewNotes(app)];
      }
      return organization.all;
    });
  } catch (error) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new SynthError([`synth: ${(error as Error).message.split('\n').join(' ')}`]);
  }
  if (problems.length > 0) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new SynthError(problems);
  }

  // Each stack as written, checked before anything moves: a reference to a resource the stack does
  // not declare (AccountStack skips cdktf's cross-stack wiring) fails synth with nothing written.
  const written = built.map((summary) => {
    const json = JSON.parse(fs.readFileSync(path.join(scratch, 'stacks', summary.name, 'cdk.tf.json'), 'utf8')) as StackDeclarations;
    return { summary, json, undeclared: undeclaredReferences(json) };
  });
  const dangling = written.flatMap(({ summary, undeclared }) =>
    undeclared.map(
      (address) =>
        `synth: ${summary.name}: refers to ${address}, which the stack does not declare (a reference to another stack's resource?). Fix: read it through the other stack's outputs (outputsOf)`,
    ),
  );
  if (dangling.length > 0) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new SynthError(dangling);
  }

  const stacks: SynthesizedStack[] = [];
  try {
    for (const { summary, json } of written) {
      const from = path.join(scratch, 'stacks', summary.name, 'cdk.tf.json');
      const toDir = path.join(options.outdir, 'stacks', summary.name);
      fs.mkdirSync(toDir, { recursive: true });
      const file = path.join(toDir, 'cdk.tf.json');
      const resources = resourcesIn(json);
      moveInto(from, file);
      // Files the stack references by path (the chat notifier's zip), next to it so the folder stays movable.
      const assetsFrom = path.join(scratch, 'stacks', summary.name, 'assets');
      const assetsTo = path.join(toDir, 'assets');
      fs.rmSync(assetsTo, { recursive: true, force: true });
      if (fs.existsSync(assetsFrom)) moveInto(assetsFrom, assetsTo);
      stacks.push({ ...summary, resources, file });
    }
    moveInto(path.join(scratch, 'manifest.json'), path.join(options.outdir, 'manifest.json'));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const stale = listStale(options.outdir, new Set(built.map((s) => s.name)));
  return { config, stacks, review, summary: formatSummary(stacks, options.outdir, stale, review) };
}

/**
 * What the constructs' validations report (`node.addValidation`), for the whole app: the checks
 * `app.synth()` runs per stack, collected across stacks, one `synth:` line per problem.
 */
export function validationProblems(app: App): string[] {
  return app.node.findAll().flatMap((construct) => construct.node.validate().map((problem) => `synth: ${problem}`));
}

/**
 * Moves a file or folder from the scratch folder to the output folder: a rename (the scratch folder
 * is the output folder's sibling, so one file system as a rule; a file is replaced atomically and
 * nothing is copied), or a copy when the output folder is another file system (EXDEV: a mount).
 * Measured: copying and then deleting the scratch tree took 60-150 ms of a synth on a shared disk.
 * `rename` is for tests.
 */
export function moveInto(from: string, to: string, rename: (from: string, to: string) => void = fs.renameSync): void {
  try {
    rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true });
  }
}

/** Number of managed resources in a synthesized stack. */
export function countResources(file: string): number {
  return resourcesIn(JSON.parse(fs.readFileSync(file, 'utf8')) as StackDeclarations);
}

function resourcesIn(json: StackDeclarations): number {
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

function listStale(outdir: string, current: Set<string>): string[] {
  const stacksDir = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacksDir)) return [];
  return fs.readdirSync(stacksDir).filter((name) => !current.has(name));
}

/** Warnings and notes the constructs recorded (named opt-outs of secure defaults, irreversible settings). */
export function reviewNotes(app: App): string[] {
  const notes: string[] = [];
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === AnnotationMetadataEntryType.WARN) notes.push(`warning: ${construct.node.path}: ${entry.data}`);
      if (entry.type === AnnotationMetadataEntryType.INFO) notes.push(`note: ${construct.node.path}: ${entry.data}`);
    }
  }
  return notes;
}

function formatSummary(stacks: readonly SynthesizedStack[], outdir: string, stale: readonly string[], review: readonly string[]): string {
  const rows = [
    ['order', 'stack', 'account', 'region', 'resources', 'role'],
    ...stacks.map((s, i) => [`${i + 1}`, s.name, s.accountId, s.region, `${s.resources}`, s.role]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const total = stacks.reduce((n, s) => n + s.resources, 0);
  lines.unshift(
    `Synthesized ${stacks.length} stacks (${total} resources) into ${path.relative(process.cwd(), outdir) || '.'}/stacks; apply them in this order:`,
  );
  lines.push(...review);
  for (const name of stale) {
    lines.push(
      `warning: ${name} is no longer in the config; its folder was left in place (it may hold terraform state). Destroy or remove it deliberately.`,
    );
  }
  return lines.join('\n');
}
