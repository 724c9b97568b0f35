import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSynthesizedStacks, SynthesizedOutputError } from '../../tooling/terraform';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesized-stacks-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeStack(name: string, content: string | object = { resource: { terraform_data: { [name.replace(/-/g, '_')]: {} } } }): void {
  fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
  fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), typeof content === 'string' ? content : JSON.stringify(content));
}

function writeManifest(names: string[]): void {
  const stacks = Object.fromEntries(names.map((n) => [n, { name: n, synthesizedStackPath: `stacks/${n}/cdk.tf.json` }]));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks }));
}

function problemsOf(outDir: string): readonly string[] {
  try {
    readSynthesizedStacks(outDir);
  } catch (error) {
    expect(error).toBeInstanceOf(SynthesizedOutputError);
    return (error as SynthesizedOutputError).problems;
  }
  throw new Error(`readSynthesizedStacks(${outDir}) did not fail`);
}

describe('readSynthesizedStacks', () => {
  describe('a usable folder', () => {
    it('reads the stacks in manifest order, not by name', () => {
      for (const name of ['a-first', 'b-second', 'c-third']) writeStack(name);
      writeManifest(['c-third', 'a-first', 'b-second']);
      const output = readSynthesizedStacks(dir);
      expect(output.stacks.map((s) => s.name)).toEqual(['c-third', 'a-first', 'b-second']);
      expect(output.stacks[0]).toEqual({
        name: 'c-third',
        file: path.join(dir, 'stacks', 'c-third', 'cdk.tf.json'),
        json: { resource: { terraform_data: { c_third: {} } } },
        manifest: expect.objectContaining({ synthesizedStackPath: 'stacks/c-third/cdk.tf.json' }),
      });
      expect(output.outDir).toBe(dir);
      expect(output.stale).toEqual([]);
    });

    it('leaves out and reports stack folders the manifest does not list', () => {
      writeStack('current');
      writeStack('left-over');
      writeManifest(['current']);
      const output = readSynthesizedStacks(dir);
      expect(output.stacks.map((s) => s.name)).toEqual(['current']);
      expect(output.stale).toEqual(['left-over']);
    });

    it('reads every stack folder by name without a manifest, skipping folders without cdk.tf.json', () => {
      writeStack('zeta');
      writeStack('alpha');
      fs.mkdirSync(path.join(dir, 'stacks', 'empty'), { recursive: true });
      expect(readSynthesizedStacks(dir).stacks.map((s) => s.name)).toEqual(['alpha', 'zeta']);
    });
  });

  describe('errors', () => {
    it('names a missing folder and the fix', () => {
      const missing = path.join(dir, 'nope');
      expect(problemsOf(missing)).toEqual([
        `${missing}: no such folder. Fix: synthesize first (npm run synth -- --out ${missing}) or pass the folder synth wrote`,
      ]);
    });

    it('refuses a folder that holds no stacks', () => {
      expect(problemsOf(dir)).toEqual([
        expect.stringMatching(/: holds no synthesized stacks \(expected .*stacks\/<stack>\/cdk\.tf\.json\)\. Fix: synthesize first/),
      ]);
      fs.mkdirSync(path.join(dir, 'stacks'));
      expect(problemsOf(dir)).toEqual([expect.stringContaining('holds no synthesized stacks')]);
    });

    it('refuses a manifest that lists no stacks, even with stack folders present', () => {
      writeStack('orphan');
      writeManifest([]);
      expect(problemsOf(dir)).toEqual([expect.stringContaining('holds no synthesized stacks (expected ')]);
      expect(problemsOf(dir)[0]).toContain('and manifest.json lists none');
    });

    it('reports every bad stack at once: a listed stack without its file and a file that is not JSON', () => {
      writeStack('broken', '{ "resource": ');
      writeStack('list', '[]');
      writeManifest(['missing', 'broken', 'list']);
      const problems = problemsOf(dir);
      expect(problems).toEqual([
        expect.stringMatching(/stacks\/missing\/cdk\.tf\.json: stack missing cannot be read \(ENOENT\)/),
        expect.stringMatching(/stacks\/broken\/cdk\.tf\.json: stack broken is not a synthesized stack \(.*JSON.*\)/),
        expect.stringMatching(/stacks\/list\/cdk\.tf\.json: stack list is not a synthesized stack \(not a JSON object\)/),
      ]);
    });

    it('refuses a manifest that is not JSON or not a cdktf manifest', () => {
      writeStack('a');
      fs.writeFileSync(path.join(dir, 'manifest.json'), '{');
      expect(problemsOf(dir)).toEqual([expect.stringMatching(/manifest\.json: is not valid JSON/)]);
      fs.writeFileSync(path.join(dir, 'manifest.json'), '{"version":"1"}');
      expect(problemsOf(dir)).toEqual([expect.stringMatching(/manifest\.json: has no "stacks" object/)]);
    });
  });
});
