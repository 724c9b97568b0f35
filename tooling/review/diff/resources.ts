/**
 * The security diff of stacks and resources: stacks added or removed, where a stack deploys (account,
 * role, backend), resources destroyed, replaced (a renamed address or a changed argument that forces
 * a new resource) or left without `prevent_destroy`.
 */

import { type AppResource, type AppStack, block, isTrue, num } from '../../model';
import { isJsonObject } from '../../terraform/plan-json';
import type { ReviewContext } from '../context';
import { preventsDestroy } from '../facts';
import type { Finding } from './findings';

/** Types whose loss loses evidence or data, and the arguments that make Terraform replace them. */
const HOLDERS: Record<string, readonly string[]> = {
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region'],
  aws_cloudtrail: ['name'],
  aws_cloudwatch_log_group: ['name', 'name_prefix', 'log_group_class'],
  aws_sqs_queue: ['name', 'name_prefix', 'fifo_queue'],
  aws_kinesis_stream: ['name'],
  aws_cloudwatch_event_archive: ['name', 'event_source_arn'],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key'],
  aws_sns_topic: ['name', 'fifo_topic'],
  aws_cloudwatch_event_bus: ['name'],
};

/** Types that protect (guardrails, resource policies, public access blocks, encryption and lock settings): removing one weakens. */
const PROTECTIONS = [
  'aws_organizations_policy',
  'aws_organizations_policy_attachment',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_object_lock_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_replication_configuration',
  'aws_s3_bucket_logging',
  'aws_sns_topic_policy',
  'aws_sqs_queue_policy',
  'aws_cloudwatch_event_bus_policy',
  'aws_cloudwatch_metric_alarm',
  'aws_cloudwatch_log_metric_filter',
  'aws_s3_bucket_ownership_controls',
  'aws_kms_key_policy',
  'aws_cloudtrail_event_data_store',
  'aws_sns_topic_subscription',
];

/** How many instances `count` or `for_each` make: 1 without them, undefined when only an apply can tell. */
function instances(r: AppResource): number | undefined {
  const { count, for_each: forEach } = r.config;
  if (forEach !== undefined) {
    if (Array.isArray(forEach)) return forEach.length;
    return isJsonObject(forEach) ? Object.keys(forEach).length : undefined;
  }
  return count === undefined ? 1 : num(count);
}

/**
 * `count` or `for_each` that leave no instance destroy the resource as surely as deleting it; one
 * that only an apply can evaluate may; `for_each` added gives the instances new addresses
 * (`x["key"]`), so the old one is destroyed unless a moved block says otherwise. Terraform treats
 * `count = 1` added or removed as the same instance (`x` is `x[0]`). `ignore_changes` added makes
 * Terraform leave a change made outside it in place: the reviewed value stops being enforced.
 */
function instanceChanges(prior: AppResource, r: AppResource): Omit<Finding, 'stack' | 'subject'>[] {
  const weakens = HOLDERS[r.type] !== undefined || PROTECTIONS.includes(r.type);
  const [was, is] = [instances(prior), instances(r)];
  const found: Omit<Finding, 'stack' | 'subject'>[] = [];
  const shown = (c: AppResource) => JSON.stringify(c.config.for_each ?? c.config.count ?? 1);
  if (is === 0 && was !== 0) {
    found.push({
      severity: weakens ? 'dangerous' : 'notable',
      change: `no instance left (${r.config.for_each !== undefined ? 'for_each' : 'count'} = ${shown(r)}): destroyed on apply`,
    });
  } else if (is === undefined && shown(prior) !== shown(r)) {
    found.push({
      severity: weakens ? 'dangerous' : 'notable',
      change: `instances computed at apply (${shown(r)}): there may be none, and the reviewed one destroyed`,
    });
  } else if (prior.config.for_each === undefined && r.config.for_each !== undefined) {
    found.push({
      severity: weakens ? 'dangerous' : 'notable',
      change: 'for_each added: the instance gets a new address, destroyed and created again unless a moved block says otherwise',
    });
  }
  // Through another provider (another region or account), Terraform looks for the resource there, creates a
  // new one and leaves the reviewed one unmanaged, its protections no longer enforced.
  const where = (c: AppResource) => `${c.provider.key} (${c.provider.account ?? 'account ?'}, ${c.provider.region ?? 'region ?'})`;
  if (where(prior) !== where(r))
    found.push({ severity: weakens ? 'dangerous' : 'notable', change: `now through provider ${where(r)} instead of ${where(prior)}` });
  const ignored = (c: AppResource) => {
    const v = block(c.config.lifecycle).ignore_changes;
    return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
  };
  const newly = ignored(r).filter((a) => !ignored(prior).includes(a));
  if (newly.length > 0) {
    found.push({
      severity: weakens || newly.some((a) => /all|polic/.test(a)) ? 'dangerous' : 'notable',
      change: `ignore_changes now covers ${newly.join(', ')}: a change made outside Terraform stays, and a change to it here is not applied`,
    });
  }
  return found;
}

export function diffStacks(before: ReviewContext, after: ReviewContext): Finding[] {
  const old = new Map(before.app.stacks.map((s) => [s.name, s]));
  const findings: Finding[] = [];
  for (const s of after.app.stacks) {
    const prior = old.get(s.name);
    if (!prior) {
      findings.push({
        severity: 'notable',
        stack: s.name,
        subject: `stack ${s.name}`,
        change: `new stack in account ${s.accounts.join(', ') || '?'} (${s.resources.length} resources)`,
      });
      continue;
    }
    const changed = (what: string, a: string, b: string, severity: Finding['severity']) => {
      if (a !== b)
        findings.push({ severity, stack: s.name, subject: `stack ${s.name}`, change: `${what} changes from ${a || '—'} to ${b || '—'}` });
    };
    changed('account', prior.accounts.join(', '), s.accounts.join(', '), 'dangerous');
    changed('role Terraform assumes', prior.roles.join(', '), s.roles.join(', '), 'notable');
    // allowed_account_ids makes Terraform refuse credentials of any other account; without it, whatever the role reaches is used.
    const pins = (st: AppStack) => st.providers.map((p) => `${p.key}: ${p.pinned ? p.accountIds.join(', ') : 'not pinned'}`).join('; ');
    if (prior.providers.some((p) => p.pinned) && pins(prior) !== pins(s)) changed('allowed_account_ids', pins(prior), pins(s), 'notable');
    changed(
      'backend (state moves; migrate it first)',
      `${prior.backend.type} ${prior.backend.location}`,
      `${s.backend.type} ${s.backend.location}`,
      'dangerous',
    );
    // In another region Terraform finds none of the stack's resources: it creates new ones and leaves the old ones unmanaged.
    changed('regions', prior.regions.join(', '), s.regions.join(', '), 'dangerous');
    const notes = s.notes.filter((n) => !prior.notes.some((p) => p.message === n.message));
    for (const n of notes)
      findings.push({
        severity: n.level.startsWith('warn') ? 'notable' : 'info',
        stack: s.name,
        subject: `synth note on ${n.constructPath}`,
        change: `new ${n.level}: ${n.message}`,
      });
  }
  // A stack folder the manifest does not list is not reviewed; a pipeline that applies every folder applies it unreviewed.
  for (const folder of after.app.stale.filter((f) => !before.app.stale.includes(f)))
    findings.push({
      severity: 'dangerous',
      stack: folder,
      subject: `stack folder ${folder}`,
      change: 'not listed in manifest.json, so not reviewed: remove it, or synthesize again so the manifest lists it',
    });
  for (const s of before.app.stacks) {
    if (!after.app.stacks.some((x) => x.name === s.name)) {
      findings.push({
        severity: 'dangerous',
        stack: s.name,
        subject: `stack ${s.name}`,
        change: `no longer synthesized: its ${s.resources.length} resources stay in AWS unmanaged, or are destroyed if someone runs terraform destroy there`,
      });
    }
  }
  return findings;
}

export function diffResources(before: ReviewContext, after: ReviewContext): Finding[] {
  const key = (r: AppResource) => `${r.stack}/${r.address}`;
  const all = (ctx: ReviewContext) => ctx.app.stacks.flatMap((s: AppStack) => s.resources);
  const old = new Map(all(before).map((r) => [key(r), r]));
  const now = new Map(all(after).map((r) => [key(r), r]));
  const findings: Finding[] = [];
  const label = (ctx: ReviewContext, r: AppResource) => `${ctx.resolver.label(r)} (${r.address})`;
  const added = [...now.values()].filter((r) => !old.has(key(r)));
  for (const r of [...old.values()].filter((x) => !now.has(key(x)))) {
    if (!after.app.stacks.some((s) => s.name === r.stack)) continue; // reported with its stack
    const name = before.resolver.literalName(r);
    const moved = added.find(
      (a) => a.stack === r.stack && a.type === r.type && name !== undefined && after.resolver.literalName(a) === name,
    );
    const holds = HOLDERS[r.type] !== undefined;
    if (moved) {
      findings.push({
        severity: holds ? 'dangerous' : 'notable',
        stack: r.stack,
        subject: label(before, r),
        change: `address changes to ${moved.address}: Terraform destroys and recreates it unless a moved block says otherwise`,
      });
      added.splice(added.indexOf(moved), 1);
    } else {
      const severity = holds || PROTECTIONS.includes(r.type) ? 'dangerous' : 'notable';
      findings.push({ severity, stack: r.stack, subject: label(before, r), change: 'removed: destroyed on apply' });
    }
  }
  for (const r of added) findings.push({ severity: 'info', stack: r.stack, subject: label(after, r), change: 'added' });
  for (const r of now.values()) {
    const prior = old.get(key(r));
    if (!prior) continue;
    const forcing = (HOLDERS[r.type] ?? []).filter((attr) => JSON.stringify(prior.config[attr]) !== JSON.stringify(r.config[attr]));
    if (forcing.length > 0) {
      findings.push({
        severity: 'dangerous',
        stack: r.stack,
        subject: label(after, r),
        change: `replaced on apply (destroyed and created again): ${forcing.join(', ')} changes`,
      });
    }
    if (preventsDestroy(prior) && !preventsDestroy(r))
      findings.push({ severity: 'dangerous', stack: r.stack, subject: label(after, r), change: 'loses prevent_destroy' });
    if (!preventsDestroy(prior) && preventsDestroy(r))
      findings.push({ severity: 'info', stack: r.stack, subject: label(after, r), change: 'gains prevent_destroy' });
    findings.push(...instanceChanges(prior, r).map((change) => ({ ...change, stack: r.stack, subject: label(after, r) })));
    if (!isTrue(prior.config.force_destroy) && isTrue(r.config.force_destroy)) {
      findings.push({
        severity: 'dangerous',
        stack: r.stack,
        subject: label(after, r),
        change: 'force_destroy turned on: a destroy deletes every object first',
      });
    }
  }
  return findings;
}
