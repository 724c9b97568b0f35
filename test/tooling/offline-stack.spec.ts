import {
  changedPaths,
  OFFLINE_PROVIDER_SETTINGS,
  OFFLINE_REWRITE_PATHS,
  offlineStack,
  placeholderOutputs,
  remoteStateSource,
  type StackJson,
} from '../../tooling/terraform';
import { archiveStack, sources, trailStack } from './fixtures';

const EMPTY = '/work/plan/offline-empty.tfstate';

const outside = (before: StackJson, after: StackJson) =>
  changedPaths(before, after).filter((p) => !OFFLINE_REWRITE_PATHS.some((re) => re.test(p)));

describe('offlineStack', () => {
  describe('backend and providers', () => {
    it('drops the backend and keeps required_providers, resources and outputs as synthesized', () => {
      const original = archiveStack();
      const offline = offlineStack(original, sources(), EMPTY);
      expect(offline.terraform).toEqual({ required_providers: original.terraform?.required_providers });
      expect(offline.resource).toEqual(original.resource);
      expect(offline.output).toEqual(original.output);
    });

    it('gives every aws provider fake static credentials instead of assume_role, keeping region, alias and tags', () => {
      const offline = offlineStack(archiveStack(), sources(), EMPTY);
      expect(offline.provider?.aws).toEqual([
        { region: 'eu-west-1', default_tags: [{ tags: { Owner: 'platform' } }], ...OFFLINE_PROVIDER_SETTINGS },
        { alias: 'replica', region: 'eu-central-1', default_tags: [{ tags: { Owner: 'platform' } }], ...OFFLINE_PROVIDER_SETTINGS },
      ]);
    });

    it('rewrites a provider given as a single block, not a list', () => {
      const offline = offlineStack(trailStack(), sources(), EMPTY);
      expect(offline.provider?.aws).toEqual({ region: 'eu-west-1', ...OFFLINE_PROVIDER_SETTINGS });
    });

    it('skips the credential checks that would call AWS and uses no real-looking secret', () => {
      expect(OFFLINE_PROVIDER_SETTINGS).toMatchObject({
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
      });
      expect(OFFLINE_PROVIDER_SETTINGS.access_key).toMatch(/^AKIA[A-Z0-9]{16}$/);
      expect(OFFLINE_PROVIDER_SETTINGS.secret_key).toContain('not-a-real-credential');
    });

    it('returns a copy and leaves the synthesized stack untouched', () => {
      const original = archiveStack();
      offlineStack(original, sources(), EMPTY);
      expect(original).toEqual(archiveStack());
    });

    it('passes a stack without backend, providers or remote state through unchanged', () => {
      const bare: StackJson = { resource: { terraform_data: { x: { input: 1 } } } };
      expect(offlineStack(bare, sources(), EMPTY)).toEqual(bare);
    });
  });

  describe('remote state', () => {
    it('points remote state at the empty local state with placeholder defaults for every output of the stack it reads', () => {
      const offline = offlineStack(trailStack(), sources(), EMPTY);
      expect(offline.data?.terraform_remote_state?.LogArchiveState).toEqual({
        backend: 'local',
        config: { path: EMPTY },
        defaults: placeholderOutputs(archiveStack()),
      });
      expect(Object.keys(offline.data?.terraform_remote_state?.LogArchiveState.defaults as object).sort()).toEqual(
        Object.keys(archiveStack().output ?? {}).sort(),
      );
    });

    it('traces s3 remote state by the key and local remote state by the path', () => {
      const all = sources();
      expect(remoteStateSource('a', { backend: 's3', config: { key: 'prefix/deep/log-archive.tfstate' } }, all)).toBe('log-archive');
      expect(remoteStateSource('b', { backend: 'local', config: { path: '/state/organization-trail.tfstate' } }, all)).toBe(
        'organization-trail',
      );
      expect(remoteStateSource('c', { backend: 'local', config: { path: 'log-archive.tfstate' } }, all)).toBe('log-archive');
    });

    it('refuses remote state that is not the state of a stack of the same config, naming the data source and the stacks', () => {
      const all = sources();
      expect(() => remoteStateSource('other', { backend: 's3', config: { key: 'org-logging/log-archive-old.tfstate' } }, all)).toThrow(
        'data.terraform_remote_state.other: "org-logging/log-archive-old.tfstate" is not the state of any stack of this config (log-archive, organization-trail)',
      );
      const stray = trailStack();
      (stray.data?.terraform_remote_state?.LogArchiveState.config as { key: string }).key = 'elsewhere/unknown.tfstate';
      expect(() => offlineStack(stray, all, EMPTY)).toThrow(/LogArchiveState: "elsewhere\/unknown.tfstate" is not the state of any stack/);
    });

    it('refuses remote state whose backend it cannot read a stack name from', () => {
      expect(() => remoteStateSource('opaque', { backend: 'remote', config: { organization: 'acme' } }, sources())).toThrow(
        /data.terraform_remote_state.opaque: cannot tell which stack it reads \(backend "remote"/,
      );
      expect(() => remoteStateSource('nokey', { backend: 's3', config: {} }, sources())).toThrow(/cannot tell which stack it reads/);
    });
  });

  describe('OFFLINE_REWRITE_PATHS', () => {
    it('covers everything the rewrite changes', () => {
      for (const stack of [archiveStack(), trailStack()]) expect(outside(stack, offlineStack(stack, sources(), EMPTY))).toEqual([]);
    });

    it('does not cover changes to resources, outputs, provider regions or the rest of the terraform block', () => {
      const original = archiveStack();
      const tampered = offlineStack(original, sources(), EMPTY);
      (tampered.resource as Record<string, Record<string, Record<string, unknown>>>).aws_s3_bucket.Archive.bucket = 'other';
      (tampered.output as Record<string, { value: unknown }>).archive_bucket_name.value = 'other';
      (tampered.provider as { aws: Record<string, unknown>[] }).aws[1].region = 'us-east-1';
      (tampered.terraform as Record<string, unknown>).required_providers = {};
      expect(outside(original, tampered).sort()).toEqual([
        'output.archive_bucket_name.value',
        'provider.aws[1].region',
        'resource.aws_s3_bucket.Archive.bucket',
        'terraform.required_providers.aws',
      ]);
    });
  });
});
