/**
 * Terraform tier: the synthesized stacks checked by the real terraform CLI and AWS provider 5.100.0,
 * offline, through tooling/terraform. Two configs (the example and a small variant) and two stacks of
 * single constructs (the chat notifier, the deployment-monitoring rollout) share one combined root
 * with one provider configuration per distinct block, so the whole tier costs one `init`, one
 * `validate`, one `plan` and one `show` (tier.ts). This is the tier's only jest file, so that run
 * happens once; the checks live in *-checks.ts files next to it.
 *
 * Without terraform or the provider mirror the tests are skipped with a banner, except in CI
 * (`CI` set), where they fail (see toolchain-gate.ts).
 */
import * as path from 'node:path';
import {
  changedPaths,
  OFFLINE_PROVIDER_SETTINGS,
  OFFLINE_REWRITE_PATHS,
  offlineStack,
  placeholderOutputs,
  remoteStateSource,
  type StackJson,
} from '../../tooling/terraform';
import { chatNotifierStack, describeChatNotifier } from './chat-notifier-checks';
import { deploymentMonitoringStack, describeDeploymentMonitoring } from './deployment-monitoring-checks';
import { describeLogArchive } from './log-archive-checks';
import { describeOrganizationStacks } from './organization-checks';
import { describePlanChecks } from './plan-checks';
import { remoteStateProbe } from './remote-state-probe';
import { cases, getCase, LOG_ARCHIVE, removeScratch, runTerraform, synthesize } from './tier';
import { warnIfNotRun } from './toolchain-gate';

const TIER_TIMEOUT_MS = 240_000;

warnIfNotRun('test/terraform/terraform.test.ts');

beforeAll(() => synthesize((scratch) => [chatNotifierStack(path.join(scratch, 'chat-notifier')), deploymentMonitoringStack()]), 60_000);
afterAll(removeScratch);

function awsProviders(stack: StackJson): Record<string, unknown>[] {
  const aws = stack.provider?.aws;
  return aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
}

describe('terraform tier', () => {
  describe('offline rewrite (no terraform needed)', () => {
    const EMPTY = '/offline/empty.tfstate';

    it('changes only the backend, the aws provider credentials and remote state of every synthesized stack', () => {
      for (const c of cases.values()) {
        for (const stack of c.stacks) {
          const original = c.json.get(stack.name) as StackJson;
          const changed = changedPaths(original, offlineStack(original, c.json, EMPTY));
          expect({ stack: stack.name, outside: changed.filter((p) => !OFFLINE_REWRITE_PATHS.some((re) => re.test(p))) }).toEqual({
            stack: stack.name,
            outside: [],
          });
          expect(changed).toContain('terraform.backend');
          awsProviders(original).forEach((_, i) => {
            expect(changed).toEqual(expect.arrayContaining([`provider.aws[${i}].assume_role`, `provider.aws[${i}].allowed_account_ids`]));
          });
        }
      }
      expect(cases.size).toBe(2);
    });

    it('keeps region, alias and default tags of every aws provider and gives it fake static credentials', () => {
      for (const c of cases.values()) {
        for (const stack of c.stacks) {
          const original = c.json.get(stack.name) as StackJson;
          const offline = offlineStack(original, c.json, EMPTY);
          const before = awsProviders(original);
          const after = awsProviders(offline);
          expect(after).toHaveLength(before.length);
          after.forEach((block, i) => {
            expect(block).toEqual({
              ...(before[i].alias === undefined ? {} : { alias: before[i].alias }),
              region: before[i].region,
              default_tags: before[i].default_tags,
              ...OFFLINE_PROVIDER_SETTINGS,
            });
          });
          expect(offline.terraform?.backend).toBeUndefined();
          expect(offline.terraform?.required_providers).toEqual(original.terraform?.required_providers);
        }
      }
    });

    it('points remote state at the empty local state with a default for every output of the stack it reads', () => {
      let checked = 0;
      for (const c of cases.values()) {
        const consumers = [...c.json.values(), remoteStateProbe(LOG_ARCHIVE, c.json.get(LOG_ARCHIVE) as StackJson)];
        for (const consumer of consumers) {
          const offline = offlineStack(consumer, c.json, EMPTY);
          for (const [name, remote] of Object.entries(consumer.data?.terraform_remote_state ?? {})) {
            const source = c.json.get(remoteStateSource(name, remote, c.json)) as StackJson;
            const rewritten = offline.data?.terraform_remote_state?.[name];
            expect(rewritten?.backend).toBe('local');
            expect(rewritten?.config).toEqual({ path: EMPTY });
            const defaults = rewritten?.defaults as Record<string, unknown>;
            expect(Object.keys(defaults).sort()).toEqual(Object.keys(source.output ?? {}).sort());
            for (const [output, { value }] of Object.entries(source.output ?? {})) {
              if (typeof value === 'string' && !value.includes('${')) expect(defaults[output]).toBe(value);
              expect(JSON.stringify(defaults[output])).not.toContain('${');
            }
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(cases.size);
    });

    it('gives token outputs ARNs of the right shape in the account and region of their provider', () => {
      const c = getCase('');
      const defaults = placeholderOutputs(c.json.get(LOG_ARCHIVE) as StackJson);
      const account = c.config.logArchiveAccountId;
      const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
      expect(defaults.archive_key_arn).toMatch(new RegExp(`^arn:aws:kms:${c.config.homeRegion}:${account}:key/${uuid}$`));
      expect(c.config.archive.replication).toBeDefined();
      expect(defaults.replica_key_arn).toMatch(new RegExp(`^arn:aws:kms:${c.config.archive.replication?.region}:${account}:key/${uuid}$`));
      expect(defaults.archive_bucket_arn).toBe(`arn:aws:s3:::${c.config.archiveBucketName}`);
    });

    it('refuses remote state it cannot trace to a stack of the same config', () => {
      const c = getCase('');
      const stray: StackJson = {
        data: {
          terraform_remote_state: {
            other: { backend: 's3', config: { bucket: 'b', key: 'org-logging/unknown.tfstate', region: 'eu-west-1' } },
          },
        },
      };
      expect(() => offlineStack(stray, c.json, EMPTY)).toThrow(/is not the state of any stack of this config/);
      const opaque: StackJson = { data: { terraform_remote_state: { other: { backend: 'remote', config: {} } } } };
      expect(() => offlineStack(opaque, c.json, EMPTY)).toThrow(/cannot tell which stack it reads/);
    });
  });

  describe('with terraform', () => {
    beforeAll(runTerraform, TIER_TIMEOUT_MS);

    describePlanChecks();
    describeLogArchive();
    describeOrganizationStacks();
    describeChatNotifier();
    describeDeploymentMonitoring();
  });
});
