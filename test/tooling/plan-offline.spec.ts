/** planOffline's failures, which happen before or without a working terraform: no toolchain needed. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planOffline, SynthesizedOutputError, type Toolchain } from '../../tooling/terraform';
import { archiveStack, trailStack } from './fixtures';

/** A "terraform" that fails every command. */
const BROKEN: Toolchain = { terraform: '/bin/false', terraformVersion: '0.0.0', mirror: '/nonexistent-mirror' };

let dir = '';
let outDir = '';
let workParent = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-offline-unit-'));
  outDir = path.join(dir, 'cdktf.out');
  workParent = path.join(dir, 'work');
  for (const [name, json] of [
    ['log-archive', archiveStack()],
    ['organization-trail', trailStack()],
  ] as const) {
    fs.mkdirSync(path.join(outDir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(outDir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
  }
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('planOffline', () => {
  it('refuses a folder without stacks before running terraform', () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    expect(() => planOffline({ outDir: path.join(dir, 'empty'), toolchain: BROKEN, workDir: workParent })).toThrow(SynthesizedOutputError);
    expect(fs.existsSync(workParent)).toBe(false);
  });

  it('refuses unknown stack names and an empty selection, listing the stacks there are', () => {
    expect(() => planOffline({ outDir, stacks: ['log-archive', 'nope'], toolchain: BROKEN, workDir: workParent })).toThrow(
      '"nope": no such stack in this output folder; choose from: log-archive, organization-trail',
    );
    expect(() => planOffline({ outDir, stacks: [], toolchain: BROKEN, workDir: workParent })).toThrow(
      'no stack selected; choose from: log-archive, organization-trail',
    );
  });

  it('removes its work directory when terraform fails', () => {
    expect(() => planOffline({ outDir, toolchain: BROKEN, workDir: workParent })).toThrow(
      /terraform init -backend=false .* failed \(exit 1\)/,
    );
    expect(fs.readdirSync(workParent)).toEqual([]);
  });

  it('keeps its work directory when asked to, with the stacks laid out for terraform', () => {
    expect(() =>
      planOffline({ outDir, stacks: ['organization-trail'], toolchain: BROKEN, workDir: workParent, keepWorkDir: true }),
    ).toThrow();
    const [kept] = fs.readdirSync(workParent);
    expect(kept).toMatch(/^offline-plan-/);
    expect(fs.readdirSync(path.join(workParent, kept, 'validate')).sort()).toEqual(['main.tf.json', 'organization-trail']);
  });
});
