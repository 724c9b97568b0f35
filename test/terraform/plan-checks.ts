/**
 * The terraform tier's checks of the run as a whole: `terraform validate` of what the offline rewrite
 * changes (backend, providers, remote state) as synthesized and the offline `terraform plan`, which
 * validates everything else before planning it, every stack of both configs planned with one create per
 * synthesized resource, and the per-stack split of the combined run (what `npm run plan` reports).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  formatDiagnostic,
  moduleKey,
  placeholderOutputs,
  plannedResources,
  providerConfig,
  resourceChanges,
  type StackJson,
  splitByStack,
  stackPlan,
} from '../../tooling/terraform';
import { cases, getPlan, getTier, LOG_ARCHIVE, moduleSets, PROBE, scratchDir } from './tier';
import { tfIt } from './toolchain-gate';

export function describePlanChecks(): void {
  describe('terraform validate (the parts the offline rewrite changes, as synthesized)', () => {
    tfIt('validates every stack of both configs without errors or warnings', () => {
      const { validate, modules } = getTier();
      expect(validate.unexpected.map(formatDiagnostic).sort()).toEqual([]);
      expect(validate.valid).toBe(true);
      const stacks = [...cases.values()].flatMap((c) => c.stacks.map((s) => moduleKey(c.prefix, s.name)));
      expect(modules.map((m) => m.key)).toEqual(expect.arrayContaining(stacks));
    });

    tfIt('validates resources carrying //.checkSuppressions (suppressCheck): Terraform ignores // keys in JSON', () => {
      // Every suppression the stacks record (modules/check-suppressions.ts), by resource; the plan, which
      // validates the resources of the offline rewrite (suppressions kept), covers them all.
      const suppressed = moduleSets()
        .flatMap((set) => set.stacks.map((s) => s.json))
        .flatMap((json) =>
          Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, r]) => ({ type, name, r }))),
        )
        .map(({ type, name, r }) => ({
          address: `${type}.${name}`,
          rules: ((r as { '//'?: { checkSuppressions?: { rule: string }[] } })['//']?.checkSuppressions ?? []).map((x) => x.rule),
        }))
        .filter((s) => s.rules.length > 0);
      // Several resource types, and a resource with more than one suppression (an array, not one object).
      expect([...new Set(suppressed.map((s) => s.address.split('.')[0]))]).toEqual(
        expect.arrayContaining(['aws_cloudtrail', 'aws_iam_role', 'aws_s3_bucket']),
      );
      expect(suppressed.some((s) => s.rules.length >= 2)).toBe(true);
      const { offline, plan } = getTier();
      const planned = [...offline.values()].flatMap((json) =>
        Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
          Object.entries(byName)
            .filter(([, r]) => (r as { '//'?: { checkSuppressions?: unknown[] } })['//']?.checkSuppressions)
            .map(([name]) => `${type}.${name}`),
        ),
      );
      expect(new Set(planned)).toEqual(new Set(suppressed.map((s) => s.address)));
      expect({ exitCode: plan.exitCode, diagnostics: plan.diagnostics.map(formatDiagnostic) }).toEqual({ exitCode: 0, diagnostics: [] });
    });

    tfIt('validates exactly what the offline rewrite changes; the plan validates the rest', () => {
      const { modules } = getTier();
      const dir = path.join(scratchDir(), 'terraform', 'validate');
      let remoteStates = 0;
      for (const set of moduleSets()) {
        for (const stack of set.stacks) {
          const module = modules.find((m) => m.key === moduleKey(set.prefix, stack.name));
          const validated = JSON.parse(fs.readFileSync(path.join(dir, module?.folder ?? '?', 'cdk.tf.json'), 'utf8')) as StackJson;
          // The terraform block, providers and remote state reads as synthesized; no resource, output or other data source.
          expect(validated.terraform).toEqual(stack.json.terraform);
          expect(validated.provider).toEqual(stack.json.provider);
          expect(validated.data?.terraform_remote_state).toEqual(stack.json.data?.terraform_remote_state);
          expect(Object.keys(validated).filter((k) => !['terraform', 'provider', 'data'].includes(k))).toEqual([]);
          expect(Object.keys(validated.data ?? {}).filter((k) => k !== 'terraform_remote_state')).toEqual([]);
          remoteStates += Object.keys(validated.data?.terraform_remote_state ?? {}).length;
        }
      }
      expect(remoteStates).toBeGreaterThan(0);
    });

    tfIt('filters out nothing but one "Backend configuration ignored" per stack', () => {
      const withBackend = moduleSets()
        .flatMap((set) => set.stacks.map((s) => s.json))
        .filter((j) => j.terraform?.backend);
      expect(withBackend.length).toBeGreaterThan(0);
      expect(getTier().validate.ignoredBackends).toBe(withBackend.length);
    });
  });

  describe('terraform plan (offline)', () => {
    tfIt('ran one init, validate, plan and show for every stack of the root', () => {
      expect(getTier().timings.map((t) => t.command)).toEqual([
        'terraform init',
        'terraform validate',
        'terraform plan',
        'terraform show plan.bin',
      ]);
    });

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
}
