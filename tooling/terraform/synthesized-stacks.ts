/** Reading a synthesized output folder (`cdktf.out`): `<outDir>/stacks/<stack>/cdk.tf.json` and `manifest.json`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isJsonObject, type JsonObject, type StackJson } from './plan-json';

/** One synthesized stack, read. */
interface SynthesizedStackJson {
  /** The stack name: its folder under `<outDir>/stacks`. */
  readonly name: string;
  /** Absolute path of its `cdk.tf.json`. */
  readonly file: string;
  readonly json: StackJson;
  /** Its entry in `manifest.json` (annotations, dependencies, ...), when there is a manifest. */
  readonly manifest?: JsonObject;
}

interface SynthesizedOutput {
  /** Absolute path of the output folder. */
  readonly outDir: string;
  /** The stacks, in `manifest.json` order when there is a manifest, else by name. */
  readonly stacks: readonly SynthesizedStackJson[];
  /**
   * Stack folders the manifest does not list: left over from an earlier synth of another config
   * (synth never deletes them). Not read, and not in `stacks`.
   */
  readonly stale: readonly string[];
}

/** A synthesized output folder that cannot be read; `problems` has one line each. */
export class SynthesizedOutputError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'SynthesizedOutputError';
  }
}

/**
 * Reads every stack of a synthesized output folder. With a `manifest.json` (cdktf writes one), the
 * manifest decides which stacks there are and their order; without one, every
 * `stacks/<name>/cdk.tf.json` is read, by name. Throws `SynthesizedOutputError` with every problem
 * at once: a missing folder, no stacks, a manifest stack without its file, a file that is not JSON.
 */
export function readSynthesizedStacks(outDir: string): SynthesizedOutput {
  const dir = path.resolve(outDir);
  const fix = `Fix: synthesize first (npm run synth -- --out ${outDir}) or pass the folder synth wrote`;
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new SynthesizedOutputError([`${outDir}: no such folder. ${fix}`]);
  }
  const problems: string[] = [];
  const onDisk = stackFolders(dir);
  const manifest = readManifest(dir, problems);
  const listed: { name: string; file: string; entry?: JsonObject }[] =
    manifest ?? onDisk.map((name) => ({ name, file: path.join('stacks', name, 'cdk.tf.json') }));
  if (listed.length === 0 && problems.length === 0) {
    throw new SynthesizedOutputError([
      `${outDir}: holds no synthesized stacks (expected ${path.join(outDir, 'stacks', '<stack>', 'cdk.tf.json')}${manifest ? ', and manifest.json lists none' : ''}). ${fix}`,
    ]);
  }
  const stacks: SynthesizedStackJson[] = [];
  for (const { name, file: relative, entry } of listed) {
    const file = path.resolve(dir, relative);
    const shown = path.join(outDir, relative);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`${shown}: stack ${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). ${fix}`);
      continue;
    }
    try {
      const json: unknown = JSON.parse(text);
      if (!isJsonObject(json)) throw new Error('not a JSON object');
      stacks.push({ name, file, json: json as StackJson, ...(entry ? { manifest: entry } : {}) });
    } catch (error) {
      problems.push(`${shown}: stack ${name} is not a synthesized stack (${(error as Error).message}). ${fix}`);
    }
  }
  if (problems.length > 0) throw new SynthesizedOutputError(problems);
  const names = new Set(listed.map((s) => s.name));
  return { outDir: dir, stacks, stale: onDisk.filter((name) => !names.has(name)) };
}

/** Folders under `<dir>/stacks` that hold a `cdk.tf.json`, by name. */
function stackFolders(dir: string): string[] {
  const stacksDir = path.join(dir, 'stacks');
  if (!fs.existsSync(stacksDir)) return [];
  return fs
    .readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(stacksDir, entry.name, 'cdk.tf.json')))
    .map((entry) => entry.name)
    .sort();
}

/** The stacks `manifest.json` lists, in its order; undefined without a manifest. */
function readManifest(dir: string, problems: string[]): { name: string; file: string; entry?: JsonObject }[] | undefined {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: is not valid JSON (${(error as Error).message}). Fix: synthesize again, or delete the manifest`);
    return [];
  }
  const stacks = isJsonObject(manifest) ? manifest.stacks : undefined;
  if (!isJsonObject(stacks)) {
    problems.push(`${file}: has no "stacks" object, so it is not a cdktf manifest. Fix: synthesize again, or delete the manifest`);
    return [];
  }
  return Object.entries(stacks).map(([name, entry]) => {
    const declared = isJsonObject(entry) ? entry.synthesizedStackPath : undefined;
    return {
      name,
      file: typeof declared === 'string' ? declared : path.join('stacks', name, 'cdk.tf.json'),
      ...(isJsonObject(entry) ? { entry } : {}),
    };
  });
}
