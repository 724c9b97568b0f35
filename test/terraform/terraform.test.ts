/**
 * Terraform tier: the synthesized stacks checked by the real terraform CLI and AWS provider 5.100.0,
 * offline, through tooling/terraform. Two configs (the example and a small variant) share one
 * combined root, so the whole tier costs one `init`, one `validate`, one `plan` and one `show`:
 * about 20 s on 2 cores with the current stacks, growing by about 2 s per aws provider
 * configuration (each is its own plugin process).
 *
 * Without terraform or the provider mirror the tests are skipped with a banner, except in CI
 * (`CI` set), where they fail (see toolchain-gate.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrganizationConfig } from '../../stacks/config';
import { type SynthesizedStack, synthesizeOrganization } from '../../stacks/synthesize';
import {
  type CombinedResult,
  changedPaths,
  collectReferences,
  configResources,
  formatDiagnostic,
  type ModuleSet,
  moduleKey,
  OFFLINE_PROVIDER_SETTINGS,
  OFFLINE_REWRITE_PATHS,
  offlineStack,
  type PlanJson,
  type PlannedResource,
  placeholderOutputs,
  plannedResources,
  providerConfig,
  remoteStateSource,
  resourceChanges,
  type StackJson,
  splitByStack,
  stackPlan,
  Terraform,
  validateAndPlan,
} from '../../tooling/terraform';
import { remoteStateProbe } from './remote-state-probe';
import { requireToolchain, tfIt, warnIfNotRun } from './toolchain-gate';

const PROJECT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(PROJECT, 'examples', 'organization.json');
const LOG_ARCHIVE = 'log-archive';
const PROBE = 'remote-state-probe';
const TIER_TIMEOUT_MS = 240_000;

warnIfNotRun('test/terraform/terraform.test.ts');

/** One config, synthesized: its stacks go into the combined root as `module.<prefix>_<stack>`. */
interface Case {
  readonly prefix: string;
  readonly config: OrganizationConfig;
  readonly stacks: readonly SynthesizedStack[];
  readonly json: ReadonlyMap<string, StackJson>;
}

/** Both configs, by module prefix. The labels are for test names; configs load in beforeAll. */
const CASES = [
  { prefix: '', label: 'examples/organization.json' },
  {
    prefix: 'variant',
    label: 'a variant config (delegated administrator, local backend, no replication, no external accounts, no object lock)',
  },
] as const;

let scratch = '';
const cases = new Map<string, Case>();
let tier: CombinedResult | undefined;

beforeAll(() => {
  fs.mkdirSync(path.join(PROJECT, '.tmp'), { recursive: true });
  scratch = fs.mkdtempSync(path.join(PROJECT, '.tmp', 'terraform-tier-'));
  const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  const variantFile = path.join(scratch, 'variant.json');
  fs.writeFileSync(variantFile, JSON.stringify(variantConfig(example), null, 2));
  for (const [prefix, configFile] of [
    ['', EXAMPLE],
    ['variant', variantFile],
  ] as const) {
    const baseDir = path.join(scratch, prefix || 'example');
    const result = synthesizeOrganization({ configFile, outdir: path.join(baseDir, 'cdktf.out'), baseDir });
    const json = new Map(result.stacks.map((s) => [s.name, JSON.parse(fs.readFileSync(s.file, 'utf8')) as StackJson]));
    cases.set(prefix, { prefix, config: result.config, stacks: result.stacks, json });
  }
}, 60_000);

afterAll(() => {
  if (process.env.KEEP_TERRAFORM_SCRATCH) console.warn(`terraform tier scratch kept in ${scratch}`);
  else if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** The example without its optional features (replication, external accounts, object lock, key prefix, readers), on a local backend, in another region, with the trail created by a delegated administrator. */
function variantConfig(example: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = example;
  return {
    ...rest,
    homeRegion: 'us-east-2',
    regions: ['us-east-2', 'us-west-2'],
    archiveBucketName: 'variant-cloudtrail-archive-345678901234',
    externalAccountIds: [],
    // Delegated administrator mode: adds the organization-management stack and moves the trail.
    trail: { ...(rest.trail as Record<string, unknown>), delegatedAdministratorAccountId: rest.auditAccountId },
    archive: {
      keyAlias: 'alias/variant-cloudtrail-archive',
      lifecycle: { transitionSmallObjects: false },
      objectLock: { enabled: false },
      accessLogs: { expirationDays: 90 },
    },
    deployment: { managementAccountRoleName: 'platform-terraform', backend: { type: 'local', directory: 'terraform-state' } },
    // Deployment monitoring rolled out by a StackSets delegated administrator, every governed region,
    // no function target (the example's function lives in the example's home region).
    deploymentMonitoring: ((m) => ({
      ...m,
      regions: undefined,
      routes: (m.routes as { targets: { type: string }[] }[]).filter((r) => !r.targets.some((t) => t.type === 'lambda')),
      stackSets: { callAs: 'DELEGATED_ADMIN', delegatedAdministratorAccountId: rest.auditAccountId },
    }))(rest.deploymentMonitoring as Record<string, unknown> & { routes: unknown[] }),
  };
}

function getCase(prefix: string): Case {
  const found = cases.get(prefix);
  if (!found) throw new Error(`config "${prefix}" was not synthesized (see beforeAll)`);
  return found;
}

/** Every config's stacks, plus a remote-state probe per config that reads the log-archive outputs. */
function moduleSets(): ModuleSet[] {
  return [...cases.values()].map((c) => ({
    prefix: c.prefix,
    stacks: [
      ...c.stacks.map((s) => ({ name: s.name, json: c.json.get(s.name) as StackJson })),
      { name: PROBE, json: remoteStateProbe(LOG_ARCHIVE, c.json.get(LOG_ARCHIVE) as StackJson) },
    ],
  }));
}

function awsProviders(stack: StackJson): Record<string, unknown>[] {
  const aws = stack.provider?.aws;
  return aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
}

function getTier(): CombinedResult {
  if (!tier) throw new Error('the terraform tier did not run (see the beforeAll error above)');
  return tier;
}

function getPlan(): PlanJson {
  const { plan } = getTier();
  if (!plan.plan) throw new Error(`terraform plan failed:\n${plan.diagnostics.map(formatDiagnostic).join('\n')}\n${plan.stderr}`);
  return plan.plan;
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
    beforeAll(() => {
      const toolchain = requireToolchain();
      if (!toolchain) return;
      const tf = new Terraform(toolchain, path.join(scratch, 'terraform-cli'));
      tier = validateAndPlan(tf, path.join(scratch, 'terraform'), moduleSets());
      if (process.env.TERRAFORM_TIER_VERBOSE) {
        console.info(`terraform ${toolchain.terraformVersion}: ${tier.timings.map((t) => `${t.command} ${t.ms} ms`).join(', ')}`);
      }
    }, TIER_TIMEOUT_MS);

    describe('terraform validate (synthesized JSON unchanged)', () => {
      tfIt('validates every stack of both configs without errors or warnings', () => {
        const { validate, modules } = getTier();
        expect(validate.unexpected.map(formatDiagnostic).sort()).toEqual([]);
        expect(validate.valid).toBe(true);
        const stacks = [...cases.values()].flatMap((c) => c.stacks.map((s) => moduleKey(c.prefix, s.name)));
        expect(modules.map((m) => m.key)).toEqual(expect.arrayContaining(stacks));
      });

      tfIt('filters out nothing but one "Backend configuration ignored" per stack', () => {
        const withBackend = [...cases.values()].flatMap((c) => [...c.json.values()].filter((j) => j.terraform?.backend));
        expect(withBackend.length).toBeGreaterThan(0);
        expect(getTier().validate.ignoredBackends).toBe(withBackend.length);
      });
    });

    describe('terraform plan (offline)', () => {
      tfIt('plans without errors or warnings', () => {
        const { plan } = getTier();
        expect(plan.diagnostics.map(formatDiagnostic).sort()).toEqual([]);
        expect(plan.exitCode).toBe(0);
        expect(getPlan().errored).toBe(false);
      });

      tfIt('plans only creates', () => {
        const changes = getPlan().resource_changes ?? [];
        expect(changes.length).toBeGreaterThan(0);
        const notCreate = changes.filter((c) => c.mode === 'managed' && c.change.actions.join() !== 'create');
        expect(notCreate.map((c) => `${c.address}: ${c.change.actions.join(', ')}`)).toEqual([]);
      });

      tfIt('plans every resource of every synthesized stack', () => {
        for (const c of cases.values()) {
          for (const stack of c.stacks) {
            const key = moduleKey(c.prefix, stack.name);
            expect({ key, resources: resourceChanges(getPlan(), key).filter((r) => r.mode === 'managed').length }).toEqual({
              key,
              resources: stack.resources,
            });
          }
        }
      });

      tfIt('reports every stack ok on its own, with one create per synthesized resource and no diagnostics', () => {
        const split = splitByStack(getTier());
        expect(split.unattributed.map(formatDiagnostic)).toEqual([]);
        expect(split.stacks.map((s) => s.module.key)).toEqual(getTier().modules.map((m) => m.key));
        for (const c of cases.values()) {
          for (const stack of [...c.stacks, { name: PROBE, resources: 1 }]) {
            const key = moduleKey(c.prefix, stack.name);
            const result = split.stacks.find((s) => s.module.key === key);
            expect({
              key,
              ok: result?.ok,
              diagnostics: [...(result?.validateDiagnostics ?? []), ...(result?.planDiagnostics ?? [])],
            }).toEqual({
              key,
              ok: true,
              diagnostics: [],
            });
            expect({ key, changes: result?.changes }).toEqual({
              key,
              changes: { create: stack.resources, update: 0, delete: 0, replace: 0, noop: 0, other: 0 },
            });
          }
        }
      });

      tfIt('gives each stack its own plan JSON, addressed as if the stack were planned alone', () => {
        for (const c of cases.values()) {
          for (const stack of c.stacks) {
            const key = moduleKey(c.prefix, stack.name);
            const own = stackPlan(getPlan(), key);
            const planned = own.planned_values.root_module.resources ?? [];
            expect(planned.map((r) => r.address).sort()).toEqual(
              plannedResources(getPlan(), key)
                .map((r) => r.address.slice(`module.${key}.`.length))
                .sort(),
            );
            expect((own.resource_changes ?? []).filter((r) => r.address.startsWith('module.') || 'module_address' in r)).toEqual([]);
            expect(own.configuration.provider_config?.aws?.expressions?.region?.constant_value).toBe(stack.region);
            const resources = own.configuration.root_module.resources as { address: string; provider_config_key?: string }[];
            expect(resources.length).toBeGreaterThanOrEqual(stack.resources);
            for (const r of resources) expect(own.configuration.provider_config).toHaveProperty([r.provider_config_key ?? '']);
          }
        }
      });

      tfIt('configures each stack provider in the account region of its stack', () => {
        for (const c of cases.values()) {
          for (const stack of c.stacks) {
            const key = moduleKey(c.prefix, stack.name);
            expect({ key, region: providerConfig(getPlan(), key)?.expressions?.region?.constant_value }).toEqual({
              key,
              region: stack.region,
            });
          }
        }
      });

      tfIt('hands a consumer of remote state a default for every log-archive output', () => {
        for (const c of cases.values()) {
          const probe = plannedResources(getPlan(), moduleKey(c.prefix, PROBE)).find((r) => r.type === 'terraform_data');
          expect(probe?.values.input).toEqual(placeholderOutputs(c.json.get(LOG_ARCHIVE) as StackJson));
          expect(Object.keys(probe?.values.input as object)).toContain('archive_key_arn');
        }
      });
    });

    describe.each(CASES)('log-archive stack of $label', ({ prefix }) => {
      const key = moduleKey(prefix, LOG_ARCHIVE);
      const config = () => getCase(prefix).config;
      const resources = () => plannedResources(getPlan(), key);
      const bucketNamed = (name: string | undefined): PlannedResource => {
        const found = resources().find((r) => r.type === 'aws_s3_bucket' && r.values.bucket === name);
        if (!found) throw new Error(`no aws_s3_bucket named ${name} in module.${key}`);
        return found;
      };
      const archiveBucket = () => bucketNamed(config().archiveBucketName);
      const accessLogBucket = () => bucketNamed(config().archive.accessLogs.bucketName ?? `${config().archiveBucketName}-access-logs`);
      const allBuckets = () => [
        archiveBucket(),
        accessLogBucket(),
        ...(config().archive.replication ? [bucketNamed(config().archive.replication?.bucketName)] : []),
      ];
      /** Resources of `type` whose `expression` refers to `target` (for example the versioning of a bucket). */
      const attached = (type: string, target: PlannedResource, expression = 'bucket'): PlannedResource[] => {
        const local = target.address.slice(`module.${key}.`.length);
        const addresses = configResources(getPlan(), key)
          .filter((r) => r.type === type && collectReferences(r.expressions?.[expression]).includes(local))
          .map((r) => `module.${key}.${r.address}`);
        return resources().filter((r) => addresses.includes(r.address));
      };
      const single = (type: string, target: PlannedResource, expression = 'bucket'): Record<string, unknown> => {
        const found = attached(type, target, expression);
        expect({ type, target: target.address, count: found.length }).toEqual({ type, target: target.address, count: 1 });
        return found[0].values;
      };
      const archiveKey = (): PlannedResource => {
        const alias = resources().find((r) => r.type === 'aws_kms_alias' && r.values.name === config().archive.keyAlias);
        const aliasConfig = configResources(getPlan(), key).find((r) => `module.${key}.${r.address}` === alias?.address);
        const target = collectReferences(aliasConfig?.expressions?.target_key_id).find((ref) => ref.startsWith('aws_kms_key.'));
        const keyResource = resources().find((r) => target && r.address === `module.${key}.${target.replace(/\.key_id$/, '')}`);
        if (!keyResource) throw new Error(`no aws_kms_key behind alias ${config().archive.keyAlias} in module.${key}`);
        return keyResource;
      };
      const policyOf = (bucket: PlannedResource) =>
        JSON.parse(single('aws_s3_bucket_policy', bucket).policy as string) as { Statement: { Sid: string; [k: string]: unknown }[] };

      tfIt('creates the archive bucket without force_destroy and with object lock as configured', () => {
        expect(archiveBucket().values).toMatchObject({ force_destroy: false, object_lock_enabled: config().archive.objectLock.enabled });
        expect(accessLogBucket().values).toMatchObject({ force_destroy: false });
      });

      tfIt('enables versioning on every bucket', () => {
        for (const bucket of allBuckets()) {
          expect(single('aws_s3_bucket_versioning', bucket).versioning_configuration).toEqual([{ status: 'Enabled' }]);
        }
      });

      tfIt('blocks all public access on every bucket', () => {
        for (const bucket of allBuckets()) {
          expect(single('aws_s3_bucket_public_access_block', bucket)).toMatchObject({
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
          });
        }
      });

      tfIt('enforces bucket-owner ownership (no ACLs) on every bucket', () => {
        for (const bucket of allBuckets()) {
          expect(single('aws_s3_bucket_ownership_controls', bucket).rule).toEqual([{ object_ownership: 'BucketOwnerEnforced' }]);
        }
      });

      tfIt('encrypts the archive with its KMS key and an S3 bucket key', () => {
        const sse = single('aws_s3_bucket_server_side_encryption_configuration', archiveBucket());
        expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }], bucket_key_enabled: true }]);
        const [encryption] = attached('aws_s3_bucket_server_side_encryption_configuration', archiveBucket());
        const encryptionConfig = configResources(getPlan(), key).find((r) => `module.${key}.${r.address}` === encryption.address);
        expect(collectReferences(encryptionConfig?.expressions?.rule)).toContain(
          `${archiveKey().address.slice(`module.${key}.`.length)}.arn`,
        );
      });

      tfIt('encrypts the access-log bucket with SSE-S3 (AES256), which log delivery requires', () => {
        const sse = single('aws_s3_bucket_server_side_encryption_configuration', accessLogBucket());
        expect(sse.rule).toMatchObject([{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }]);
      });

      tfIt('sends server access logs of the archive to the access-log bucket', () => {
        expect(single('aws_s3_bucket_logging', archiveBucket())).toMatchObject({
          target_bucket: accessLogBucket().values.bucket,
          target_prefix: `${config().archiveBucketName}/`,
        });
      });

      tfIt('archives log files with the configured lifecycle', () => {
        const lifecycle = single('aws_s3_bucket_lifecycle_configuration', archiveBucket());
        const settings = config().archive.lifecycle;
        expect(lifecycle.transition_default_minimum_object_size).toBe(
          settings.transitionSmallObjects ? 'varies_by_storage_class' : 'all_storage_classes_128K',
        );
        const rules = lifecycle.rule as Record<string, unknown>[];
        const prefix = config().archive.keyPrefix ? `${config().archive.keyPrefix}/AWSLogs/` : 'AWSLogs/';
        const expiry = {
          status: 'Enabled',
          expiration: [expect.objectContaining({ days: settings.expirationDays })],
          noncurrent_version_expiration: [expect.objectContaining({ noncurrent_days: settings.noncurrentExpirationDays })],
        };
        // Files of 128 KB or more transition by tier (an explicit size filter); smaller ones only expire.
        const logs = rules.find((r) => r.id === 'archive-log-files') as Record<string, unknown>;
        expect(logs).toMatchObject({
          ...expiry,
          filter: [expect.objectContaining({ and: [expect.objectContaining({ prefix, object_size_greater_than: 131071 })] })],
        });
        expect(rules.find((r) => r.id === 'archive-log-files-small')).toMatchObject({
          ...expiry,
          filter: [expect.objectContaining({ and: [expect.objectContaining({ prefix, object_size_less_than: 131072 })] })],
          transition: [],
        });
        // Transitions are a set in the provider schema: compare without order.
        const byDays = (a: { days: number }, b: { days: number }) => a.days - b.days;
        expect(
          (logs.transition as { days: number; storage_class: string }[])
            .map((t) => ({ days: t.days, storageClass: t.storage_class }))
            .sort(byDays),
        ).toEqual([...settings.transitions].sort(byDays));
        const hygiene = rules.find((r) => r.id === 'bucket-hygiene');
        expect(hygiene?.abort_incomplete_multipart_upload).toEqual([
          { days_after_initiation: settings.abortIncompleteMultipartUploadDays },
        ]);
      });

      tfIt('locks objects by default with the configured mode and retention, or not at all', () => {
        const lock = config().archive.objectLock;
        const found = attached('aws_s3_bucket_object_lock_configuration', archiveBucket());
        if (!lock.enabled) {
          expect(found).toEqual([]);
          return;
        }
        expect(found).toHaveLength(1);
        expect(found[0].values).toMatchObject({
          object_lock_enabled: 'Enabled',
          rule: [{ default_retention: [{ mode: lock.mode, days: lock.retentionDays, years: null }] }],
        });
      });

      tfIt('rotates the archive key yearly, keeps a 30-day deletion window and names it by the configured alias', () => {
        expect(archiveKey().values).toMatchObject({
          enable_key_rotation: true,
          rotation_period_in_days: 365,
          deletion_window_in_days: 30,
          key_usage: 'ENCRYPT_DECRYPT',
          customer_master_key_spec: 'SYMMETRIC_DEFAULT',
        });
      });

      tfIt('denies insecure transport and lets the organization trail write its paths', () => {
        const c = config();
        const statements = policyOf(archiveBucket()).Statement;
        const sid = (s: string) => statements.find((st) => st.Sid === s);
        const bucketArn = `arn:aws:s3:::${c.archiveBucketName}`;
        expect(sid('DenyInsecureTransport')).toEqual({
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        });
        const prefix = c.archive.keyPrefix ? `${c.archive.keyPrefix}/` : '';
        expect(sid('AllowCloudTrailWriteOrganizationPath')).toMatchObject({
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/${prefix}AWSLogs/${c.organizationId}/*`,
          Condition: {
            StringEquals: {
              's3:x-amz-acl': 'bucket-owner-full-control',
              'aws:SourceArn': `arn:aws:cloudtrail:${c.homeRegion}:${c.managementAccountId}:trail/${c.trailName}`,
            },
          },
        });
      });

      tfIt('lets each external account trail write only its own path', () => {
        const c = config();
        const writers = policyOf(archiveBucket())
          .Statement.map((s) => s.Sid)
          .filter((s) => /^AllowCloudTrailWriteAccount\d{12}Path$/.test(s));
        expect(writers.sort()).toEqual(c.externalAccountIds.map((id) => `AllowCloudTrailWriteAccount${id}Path`).sort());
      });

      tfIt('replicates to the configured bucket in the configured region, or not at all', () => {
        const c = config();
        const replication = attached('aws_s3_bucket_replication_configuration', archiveBucket());
        const replica = c.archive.replication;
        if (!replica) {
          expect(replication).toEqual([]);
          expect(resources().filter((r) => r.type === 'aws_s3_bucket')).toHaveLength(2);
          expect(providerConfig(getPlan(), key, 'replica')).toBeUndefined();
          return;
        }
        expect(replication).toHaveLength(1);
        expect(replication[0].values).toMatchObject({
          rule: [
            expect.objectContaining({
              status: 'Enabled',
              destination: [expect.objectContaining({ bucket: `arn:aws:s3:::${replica.bucketName}`, storage_class: replica.storageClass })],
              source_selection_criteria: [expect.objectContaining({ sse_kms_encrypted_objects: [{ status: 'Enabled' }] })],
            }),
          ],
        });
        const replicaBucket = bucketNamed(replica.bucketName);
        const replicaConfig = configResources(getPlan(), key).find((r) => `module.${key}.${r.address}` === replicaBucket.address);
        const provider = getPlan().configuration.provider_config?.[replicaConfig?.provider_config_key ?? ''];
        expect(provider?.expressions?.region?.constant_value).toBe(replica.region);
      });

      tfIt('tags every taggable resource with the configured default tags', () => {
        const taggable = resources().filter((r) => 'tags_all' in r.values);
        expect(taggable.length).toBeGreaterThan(0);
        for (const r of taggable) {
          expect({ address: r.address, tags: r.values.tags_all }).toEqual({
            address: r.address,
            tags: expect.objectContaining({ ...config().deployment.defaultTags, ManagedBy: expect.any(String) }),
          });
        }
      });
    });

    describe.each(CASES)('organization-trail stack of $label', ({ prefix }) => {
      const key = moduleKey(prefix, 'organization-trail');
      const config = () => getCase(prefix).config;
      const ofType = (type: string) => plannedResources(getPlan(), key).filter((r) => r.type === type);
      const trailArn = () => `arn:aws:cloudtrail:${config().homeRegion}:${config().managementAccountId}:trail/${config().trailName}`;

      tfIt('plans a multi-region organization trail with validation, notifications and CloudWatch Logs', () => {
        const [trail] = ofType('aws_cloudtrail');
        expect(trail.values).toMatchObject({
          name: config().trailName,
          is_organization_trail: true,
          is_multi_region_trail: true,
          include_global_service_events: true,
          enable_log_file_validation: true,
          s3_bucket_name: config().archiveBucketName,
          // By name in the trail owner's account; a delegated administrator's topic by ARN.
          sns_topic_name: ((name) =>
            config().trail.delegatedAdministratorAccountId
              ? `arn:aws:sns:${config().homeRegion}:${config().trail.delegatedAdministratorAccountId}:${name}`
              : name)(config().notifications.topicName ?? `${config().trailName}-log-delivery`),
          cloud_watch_logs_group_arn: expect.stringMatching(/^arn:aws:logs:.*:\*$/),
        });
        expect(ofType('aws_cloudtrail')).toHaveLength(1);
      });

      tfIt('plans the archive key ARN read from the log-archive state', () => {
        const [trail] = ofType('aws_cloudtrail');
        expect(trail.values.kms_key_id).toMatch(new RegExp(`^arn:aws:kms:${config().homeRegion}:${config().logArchiveAccountId}:key/`));
      });

      tfIt('plans the advanced event selectors and Insights the provider accepts', () => {
        const [trail] = ofType('aws_cloudtrail');
        const selectors = trail.values.advanced_event_selector as { name: string }[];
        expect(selectors[0].name).toMatch(/^Management events/);
        expect(selectors.length).toBe(
          1 + (config().trail.dataEvents.s3Objects === 'None' ? 0 : 1) + (config().trail.dataEvents.lambdaInvocations ? 1 : 0),
        );
        expect((trail.values.insight_selector as { insight_type: string }[]).map((i) => i.insight_type).sort()).toEqual(
          [...config().trail.insights].sort(),
        );
      });

      tfIt('plans an encrypted topic whose policy names our trail, and a log group kept as configured', () => {
        const topicPolicy = ofType('aws_sns_topic_policy').find((p) => p.address.includes('Notifications'));
        expect(JSON.parse(topicPolicy?.values.policy as string).Statement[0].Condition.StringEquals['aws:SourceArn']).toBe(trailArn());
        expect(ofType('aws_cloudwatch_log_group')[0].values).toMatchObject({ retention_in_days: config().cloudWatchLogs.retentionDays });
        // The delivery topic's key, the log group's key and the alarm topic's key.
        expect(ofType('aws_kms_key')).toHaveLength(3);
        expect(ofType('aws_cloudwatch_metric_alarm').length).toBeGreaterThanOrEqual(15);
      });

      tfIt('runs in the account that creates the trail', () => {
        const expected = config().trail.delegatedAdministratorAccountId ?? config().managementAccountId;
        expect(getCase(prefix).stacks.find((s) => s.name === 'organization-trail')?.accountId).toBe(expected);
        expect(JSON.stringify(getCase(prefix).json.get('organization-trail')?.provider)).toContain(`"allowed_account_ids":["${expected}"]`);
      });
    });

    describe('management and external-account stacks', () => {
      tfIt('plans the delegated administrator registration in delegated-administrator mode', () => {
        const variant = getCase('variant').config;
        const registrations = plannedResources(getPlan(), moduleKey('variant', 'organization-management')).filter(
          (r) => r.type === 'aws_cloudtrail_organization_delegated_admin_account',
        );
        expect(registrations.map((r) => r.values.account_id)).toEqual([variant.trail.delegatedAdministratorAccountId]);
      });

      tfIt('plans one non-organization trail per external account, writing into the archive', () => {
        const example = getCase('').config;
        for (const account of example.externalAccountIds) {
          const [trail] = plannedResources(getPlan(), moduleKey('', `external-account-${account}`)).filter(
            (r) => r.type === 'aws_cloudtrail',
          );
          expect({ account, values: trail?.values }).toEqual({
            account,
            values: expect.objectContaining({
              is_organization_trail: false,
              is_multi_region_trail: true,
              s3_bucket_name: example.archiveBucketName,
            }),
          });
        }
      });
    });

    describe.each(CASES)('deployment monitoring stacks of $label: agent logs', ({ prefix }) => {
      const config = () => getCase(prefix).config;
      const regions = () => config().deploymentMonitoring?.regions ?? config().regions;
      const planned = (stack: string) => plannedResources(getPlan(), moduleKey(prefix, stack));
      /** The sink ARNs the rollout stacks read from the deployment-events state, as the offline plan stubs them. */
      const sinkArns = () =>
        placeholderOutputs(getCase(prefix).json.get('deployment-events') as StackJson).observability_sink_arns as Record<string, string>;

      tfIt('plans an observability sink and its organization policy in every governed region of the audit account', () => {
        const sinks = planned('deployment-events').filter((r) => r.type === 'aws_oam_sink');
        expect(sinks).toHaveLength(regions().length);
        const key = moduleKey(prefix, 'deployment-events');
        const sinkRegions = configResources(getPlan(), key)
          .filter((r) => r.type === 'aws_oam_sink')
          .map((r) => getPlan().configuration.provider_config?.[r.provider_config_key ?? '']?.expressions?.region?.constant_value);
        expect(sinkRegions.sort()).toEqual([...regions()].sort());
        const sinkPolicies = planned('deployment-events').filter((r) => r.type === 'aws_oam_sink_policy');
        expect(sinkPolicies).toHaveLength(regions().length);
        for (const policy of sinkPolicies) {
          expect(JSON.parse(policy.values.policy as string).Statement[0].Condition.StringEquals).toEqual({
            'aws:PrincipalOrgID': config().organizationId,
          });
        }
      });

      tfIt('hands the sink ARNs of every region, in region order, to the member stack set and the management account', () => {
        expect(Object.keys(sinkArns()).sort()).toEqual([...regions()].sort());
        const expected = regions()
          .map((region) => {
            expect(sinkArns()[region]).toMatch(new RegExp(`^arn:aws:oam:${region}:${config().auditAccountId}:sink/`));
            return sinkArns()[region];
          })
          .join(',');
        const regional = planned('deployment-rollout').find(
          (r) => r.type === 'aws_cloudformation_stack_set' && String(r.values.name).endsWith('-codedeploy-regional'),
        );
        expect(regional?.values.parameters).toEqual({ ObservabilitySinkArns: expected });
        const management = planned('deployment-management-account').filter(
          (r) => r.type === 'aws_cloudformation_stack' && String(r.values.name).endsWith('-codedeploy-regional'),
        );
        expect(management).toHaveLength(regions().length);
        for (const stack of management) expect(stack.values.parameters).toEqual({ ObservabilitySinkArns: expected });
      });

      tfIt('sends the agent-log templates: log groups, agent configurations and the link in every region, the instance policy once', () => {
        const bodies = planned('deployment-rollout')
          .filter((r) => r.type === 'aws_cloudformation_stack_set')
          .map((r) => JSON.parse(r.values.template_body as string) as { Resources: Record<string, { Type: string }> });
        const types = bodies.flatMap((b) => Object.values(b.Resources).map((r) => r.Type));
        expect(types.filter((t) => t === 'AWS::Logs::LogGroup')).toHaveLength(3);
        expect(types.filter((t) => t === 'AWS::SSM::Parameter')).toHaveLength(2);
        expect(types.filter((t) => t === 'AWS::Oam::Link')).toHaveLength(1);
        expect(types.filter((t) => t === 'AWS::IAM::ManagedPolicy')).toHaveLength(1);
        expect(types.filter((t) => t === 'AWS::KMS::Key')).toHaveLength(0);
      });
    });

    describe.each(CASES)('organization-guardrails stack of $label', ({ prefix }) => {
      const config = () => getCase(prefix).config;
      const planned = () => plannedResources(getPlan(), moduleKey(prefix, 'organization-guardrails'));

      tfIt(
        'plans the trail, archive and (with deploymentMonitoring) monitoring service control policies and a resource control policy, each within 5,120 characters',
        () => {
          const policies = planned().filter((r) => r.type === 'aws_organizations_policy');
          expect(policies.map((p) => [p.values.name, p.values.type]).sort()).toEqual([
            ['org-logging-archive-perimeter', 'RESOURCE_CONTROL_POLICY'],
            ...(config().deploymentMonitoring ? [['org-logging-protect-deployment-monitoring', 'SERVICE_CONTROL_POLICY']] : []),
            ['org-logging-protect-log-archive', 'SERVICE_CONTROL_POLICY'],
            ['org-logging-protect-trail-delivery', 'SERVICE_CONTROL_POLICY'],
          ]);
          expect(config().deploymentMonitoring).toBeDefined();
          for (const policy of policies) expect((policy.values.content as string).length).toBeLessThanOrEqual(5120);
        },
      );

      tfIt('attaches every policy to every configured target', () => {
        const policies = planned().filter((r) => r.type === 'aws_organizations_policy');
        const attachments = planned().filter((r) => r.type === 'aws_organizations_policy_attachment');
        expect(policies).toHaveLength(4);
        expect(attachments).toHaveLength(policies.length * config().guardrails.targetIds.length);
        expect(new Set(attachments.map((a) => a.values.target_id))).toEqual(new Set(config().guardrails.targetIds));
      });
    });
  });
});
