/**
 * Where `npm run plan -- --online` gets the aws provider: the user's CLI configuration wins, else
 * the offline plan's mirror discovery (a generated configuration), else the registry.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  describeOnlineSource,
  mirrorCliConfig,
  onlineInitFix,
  onlineProviderSource,
  userCliConfig,
} from '../../tooling/terraform/online-cli-config';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'online-cli-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('plan --online > provider source', () => {
  it("uses the user's TF_CLI_CONFIG_FILE when it exists and never looks for a mirror", () => {
    const rc = path.join(dir, 'user.rc');
    fs.writeFileSync(rc, 'provider_installation { direct {} }\n');
    const find = jest.fn(() => '/opt/tf-plugins');
    const source = onlineProviderSource(find, path.join(dir, 'scratch'), { TF_CLI_CONFIG_FILE: rc }, dir);
    expect(source).toEqual({ kind: 'user-config', file: rc });
    expect(find).not.toHaveBeenCalled();
    expect(describeOnlineSource(source)).toBe(`providers as your CLI configuration ${rc} says`);
  });

  it('uses ~/.terraformrc when TF_CLI_CONFIG_FILE is not set', () => {
    fs.writeFileSync(path.join(dir, '.terraformrc'), '');
    expect(userCliConfig({}, dir)).toBe(path.join(dir, '.terraformrc'));
  });

  it('treats a TF_CLI_CONFIG_FILE naming a missing file as no configuration, and falls back to the mirror', () => {
    const scratch = path.join(dir, 'scratch');
    const source = onlineProviderSource(() => '/mirror/root', scratch, { TF_CLI_CONFIG_FILE: path.join(dir, 'missing.rc') }, dir);
    expect(source).toEqual({ kind: 'mirror', mirror: '/mirror/root', cliConfig: path.join(scratch, 'terraform-online.rc') });
    expect(fs.readFileSync(path.join(scratch, 'terraform-online.rc'), 'utf8')).toBe(mirrorCliConfig('/mirror/root'));
    expect(describeOnlineSource(source)).toBe('hashicorp/aws from the mirror /mirror/root');
  });

  it('takes only hashicorp/aws from the mirror and every other provider from its registry', () => {
    expect(mirrorCliConfig('/m')).toBe(
      [
        'provider_installation {',
        '  filesystem_mirror {',
        '    path    = "/m"',
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('falls back to the registry without a configuration or a mirror, and names the air-gapped fix', () => {
    const source = onlineProviderSource(() => undefined, path.join(dir, 'scratch'), {}, dir);
    expect(source).toEqual({ kind: 'registry' });
    expect(fs.existsSync(path.join(dir, 'scratch'))).toBe(false);
    expect(onlineInitFix(source)).toMatch(/^Fix: without network access to registry\.terraform\.io, set TF_PROVIDER_MIRROR/);
  });
});
