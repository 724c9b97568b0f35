import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { moduleKey, writeCombinedRoot } from '../../tooling/terraform';
import { archiveStack, trailStack } from './fixtures';

describe('combined root', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'combined-root-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keys modules by prefix and stack name, with every other character as _', () => {
    expect(moduleKey('', 'log-archive')).toBe('log_archive');
    expect(moduleKey('variant', 'external-account-123456789012')).toBe('variant_external_account_123456789012');
    expect(moduleKey('a.b', 'c d')).toBe('a_b_c_d');
  });

  it('writes each stack into its own folder and calls each as a module of main.tf.json', () => {
    const modules = writeCombinedRoot(dir, [
      { prefix: '', stacks: [{ name: 'log-archive', json: archiveStack() }] },
      { prefix: 'variant', stacks: [{ name: 'organization-trail', json: trailStack() }] },
    ]);
    expect(modules).toEqual([
      { key: 'log_archive', folder: 'log-archive', prefix: '', stack: 'log-archive' },
      { key: 'variant_organization_trail', folder: 'variant/organization-trail', prefix: 'variant', stack: 'organization-trail' },
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'main.tf.json'), 'utf8'))).toEqual({
      module: { log_archive: { source: './log-archive' }, variant_organization_trail: { source: './variant/organization-trail' } },
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'variant', 'organization-trail', 'cdk.tf.json'), 'utf8'))).toEqual(trailStack());
  });

  it('writes what the transform returns', () => {
    writeCombinedRoot(dir, [{ prefix: '', stacks: [{ name: 's', json: archiveStack() }] }], {
      transform: () => ({ locals: { rewritten: true } }),
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 's', 'cdk.tf.json'), 'utf8'))).toEqual({ locals: { rewritten: true } });
  });

  it('refuses two stacks that would share a module key', () => {
    expect(() =>
      writeCombinedRoot(dir, [
        { prefix: '', stacks: [{ name: 'a-b', json: {} }] },
        { prefix: 'a', stacks: [{ name: 'b', json: {} }] },
      ]),
    ).toThrow('module key a_b is used twice (prefix "a", stack "b")');
  });
});
