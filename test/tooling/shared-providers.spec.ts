/**
 * Shared providers in a combined root (tooling/terraform/shared-providers.ts): identical aws blocks
 * pooled at the root, passed to the modules, and the plan mapped back to the modules' own keys.
 * The terraform tier plans the example through it, so the real provider checks the layout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type PlanJson,
  type ProviderRouting,
  type StackJson,
  shareProviders,
  unshareProviders,
  writeCombinedRoot,
} from '../../tooling/terraform';
import { archiveStack, trailStack } from './fixtures';

const OFFLINE = { access_key: 'AKIAOFFLINEPLANONLY0', skip_credentials_validation: true };

/** Two stacks after the offline rewrite: log-archive's default block equals the trail's. */
function offlineStacks(): { key: string; json: StackJson }[] {
  const archive = archiveStack();
  archive.provider = {
    aws: [
      { region: 'eu-west-1', default_tags: [{ tags: { Owner: 'platform' } }], ...OFFLINE },
      { alias: 'replica', region: 'eu-central-1', default_tags: [{ tags: { Owner: 'platform' } }], ...OFFLINE },
    ],
  };
  const trail = trailStack();
  // Same content in another key order: still the same block.
  trail.provider = { aws: { ...OFFLINE, default_tags: [{ tags: { Owner: 'platform' } }], region: 'eu-west-1' } };
  return [
    { key: 'log_archive', json: archive },
    { key: 'organization_trail', json: trail },
  ];
}

describe('shareProviders', () => {
  it('makes one root block per distinct block, aliased by region, and routes each module to it', () => {
    const shared = shareProviders(offlineStacks());
    expect(shared.blocks).toEqual([
      { alias: 'eu_west_1', region: 'eu-west-1', default_tags: [{ tags: { Owner: 'platform' } }], ...OFFLINE },
      { alias: 'eu_central_1', region: 'eu-central-1', default_tags: [{ tags: { Owner: 'platform' } }], ...OFFLINE },
    ]);
    expect(shared.modules.get('log_archive')?.providers).toEqual({ aws: 'aws.eu_west_1', 'aws.replica': 'aws.eu_central_1' });
    expect(shared.modules.get('organization_trail')?.providers).toEqual({ aws: 'aws.eu_west_1' });
    expect(shared.requiredProvider).toEqual({ source: 'aws', version: '5.100.0' });
  });

  it('removes the blocks from the modules, declares their aliases and leaves everything else as it was', () => {
    const [archive] = offlineStacks();
    const json = shareProviders([archive]).modules.get('log_archive')?.json;
    expect(json?.provider).toBeUndefined();
    expect(json?.terraform?.required_providers).toEqual({
      aws: { source: 'aws', version: '5.100.0', configuration_aliases: ['aws.replica'] },
    });
    const { provider: _p, terraform: _t, ...rest } = archive.json;
    const { provider: _p2, terraform, ...restShared } = json as StackJson;
    expect(restShared).toEqual(rest);
    expect(terraform?.backend).toEqual(archive.json.terraform?.backend);
  });

  it('keeps different default tags or credentials apart, and gives two equal blocks of one module two root blocks', () => {
    const [archive, trail] = offlineStacks();
    const tagged = structuredClone(trail.json);
    tagged.provider = { aws: { region: 'eu-west-1', default_tags: [{ tags: { Owner: 'other' } }], ...OFFLINE } };
    const twice: StackJson = { provider: { aws: [{ region: 'eu-west-1' }, { alias: 'again', region: 'eu-west-1' }] } };
    const shared = shareProviders([archive, { key: 'tagged', json: tagged }, { key: 'twice', json: twice }]);
    expect(shared.modules.get('tagged')?.providers).toEqual({ aws: 'aws.eu_west_1_2' });
    expect(shared.modules.get('twice')?.providers).toEqual({ aws: 'aws.eu_west_1_3', 'aws.again': 'aws.eu_west_1_4' });
    expect(shared.blocks.map((b) => b.alias)).toEqual(['eu_west_1', 'eu_central_1', 'eu_west_1_2', 'eu_west_1_3', 'eu_west_1_4']);
  });

  it('leaves a module with another provider type, or none, as it is', () => {
    const mixed: StackJson = { provider: { aws: { region: 'eu-west-1' }, archive: {} } };
    const shared = shareProviders([
      { key: 'mixed', json: mixed },
      { key: 'none', json: { resource: {} } },
    ]);
    expect(shared.modules.size).toBe(0);
    expect(shared.blocks).toEqual([]);
  });

  it('writes the root providers and the module routing into main.tf.json with writeCombinedRoot', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-providers-'));
    try {
      const stacks = offlineStacks();
      const modules = writeCombinedRoot(
        dir,
        [{ prefix: '', stacks: stacks.map((s) => ({ name: s.key.replace('_', '-'), json: s.json })) }],
        { shareProviders: true },
      );
      const main = JSON.parse(fs.readFileSync(path.join(dir, 'main.tf.json'), 'utf8'));
      expect(main.provider.aws.map((b: { alias: string }) => b.alias)).toEqual(['eu_west_1', 'eu_central_1']);
      expect(main.terraform.required_providers.aws).toEqual({ source: 'aws', version: '5.100.0' });
      expect(main.module.log_archive).toEqual({
        source: './log-archive',
        providers: { aws: 'aws.eu_west_1', 'aws.replica': 'aws.eu_central_1' },
      });
      expect(modules.map((m) => m.providers)).toEqual([
        { aws: 'aws.eu_west_1', 'aws.replica': 'aws.eu_central_1' },
        { aws: 'aws.eu_west_1' },
      ]);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'log-archive', 'cdk.tf.json'), 'utf8')).provider).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unshareProviders', () => {
  /** What terraform shows for a root with shared providers: resources keyed by the root's configurations. */
  function sharedPlan(): PlanJson {
    const config = (alias: string, region: string) => ({
      name: 'aws',
      full_name: 'registry.terraform.io/hashicorp/aws',
      alias,
      version_constraint: '5.100.0',
      expressions: { region: { constant_value: region } },
    });
    const resource = (address: string, key: string) => ({
      address,
      mode: 'managed',
      type: 'aws_kms_key',
      name: 'K',
      provider_config_key: key,
    });
    return {
      format_version: '1.2',
      terraform_version: '1.11.4',
      planned_values: { root_module: {} },
      configuration: {
        provider_config: {
          aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', version_constraint: '5.100.0' },
          'aws.eu_west_1': config('eu_west_1', 'eu-west-1'),
          'aws.eu_central_1': config('eu_central_1', 'eu-central-1'),
          'module.other:terraform': { name: 'terraform', module_address: 'module.other' },
        },
        root_module: {
          module_calls: {
            log_archive: {
              module: {
                resources: [resource('aws_kms_key.ArchiveKey', 'aws.eu_west_1'), resource('aws_kms_key.ReplicaKey', 'aws.eu_central_1')],
              },
            },
            organization_trail: { module: { resources: [resource('aws_cloudtrail.Trail', 'aws.eu_west_1')] } },
          },
        },
      },
    };
  }

  it("keys every module's resources and providers as if the module had its own, with its alias and address", () => {
    const routing = new Map<string, ProviderRouting>([
      ['log_archive', { aws: 'aws.eu_west_1', 'aws.replica': 'aws.eu_central_1' }],
      ['organization_trail', { aws: 'aws.eu_west_1' }],
    ]);
    const plan = unshareProviders(sharedPlan(), routing);
    const base = { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', version_constraint: '5.100.0' };
    expect(plan.configuration.provider_config).toEqual({
      'module.other:terraform': { name: 'terraform', module_address: 'module.other' },
      'module.log_archive:aws': { ...base, module_address: 'module.log_archive', expressions: { region: { constant_value: 'eu-west-1' } } },
      'module.log_archive:aws.replica': {
        ...base,
        alias: 'replica',
        module_address: 'module.log_archive',
        expressions: { region: { constant_value: 'eu-central-1' } },
      },
      'module.organization_trail:aws': {
        ...base,
        module_address: 'module.organization_trail',
        expressions: { region: { constant_value: 'eu-west-1' } },
      },
    });
    const calls = plan.configuration.root_module.module_calls as Record<
      string,
      { module: { resources: { provider_config_key: string }[] } }
    >;
    expect(calls.log_archive.module.resources.map((r) => r.provider_config_key)).toEqual([
      'module.log_archive:aws',
      'module.log_archive:aws.replica',
    ]);
    expect(calls.organization_trail.module.resources.map((r) => r.provider_config_key)).toEqual(['module.organization_trail:aws']);
  });

  it('changes nothing of the plan it is given', () => {
    const original = sharedPlan();
    unshareProviders(original, new Map([['log_archive', { aws: 'aws.eu_west_1' }]]));
    expect(original).toEqual(sharedPlan());
  });
});
