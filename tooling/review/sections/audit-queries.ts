/**
 * Report section: who may query the archive with Athena, read from a stack's workgroups, Glue
 * tables, saved queries and customer managed policies: the account, the policy that makes a
 * principal an auditor, what the tables read, the scan cap and its price, where results go, and
 * how the tables' account lists stay current. The grants themselves (the archive's reader
 * statements, the results bucket and key, the auditor and refresh policies) are in the Policies
 * sections, as every policy is.
 */

import { type AppResource, type AppStack, block, blocks, num, text } from '../../model';
import type { ReviewContext } from '../context';
import { keyText } from '../facts';
import { blocksOf, bullets, code, heading, plural } from '../format';

/** Athena's price per TB (10^12 bytes) scanned (aws.amazon.com/athena/pricing, SQL queries). */
const PRICE_PER_TB = 5;

/** Empty unless the stack has an Athena workgroup. */
export function auditQueriesSection(ctx: ReviewContext, stack: AppStack): string {
  const workgroups = stack.resources.filter((r) => r.type === 'aws_athena_workgroup');
  if (workgroups.length === 0) return '';
  const account = stack.accounts.map(code).join(', ') || 'the stack’s account';
  return blocksOf(heading(3, 'Who may query'), ...workgroups.map((w) => workgroupBlock(ctx, stack, w, account)));
}

function workgroupBlock(ctx: ReviewContext, stack: AppStack, workgroup: AppResource, account: string): string {
  const { resolver } = ctx;
  const name = text(workgroup.config.name) ?? workgroup.name;
  const configuration = block(workgroup.config.configuration);
  const results = block(configuration.result_configuration);
  const encryption = block(results.encryption_configuration);
  const cap = num(configuration.bytes_scanned_cutoff_per_query);
  const enforced = configuration.enforce_workgroup_configuration !== false;
  const policies = stack.resources.filter((r) => r.type === 'aws_iam_policy' && /athena:StartQueryExecution/.test(String(r.config.policy)));
  const tables = stack.resources.filter((r) => r.type === 'aws_glue_catalog_table');
  const queries = stack.resources.filter((r) => r.type === 'aws_athena_named_query');
  const schedules = stack.resources.filter((r) => r.type === 'aws_scheduler_schedule');
  const output = text(results.output_location);
  const lines = [
    `**who**: principals of account ${account} whose own IAM policies allow ${code('athena:StartQueryExecution')} on workgroup ${code(name)}${
      policies.length > 0 ? `: attach ${policies.map((p) => code(text(p.config.name) ?? p.name)).join(', ')} to their roles` : ''
    }; the archive admits the whole account through its reader statements (see the log-archive Policies), so any principal there whose own policies allow ${code('s3:GetObject')} on the archive and ${code('kms:Decrypt')} on its key (an administrator) reads the log files too`,
    `**reads**: ${tables.map((t) => tableText(t)).join('; ') || 'no table of this stack'}`,
    `**scan cap**: ${cap ? `${capText(cap)} per query` : '**none**: a query scans as much as it reads'}${
      enforced ? ', enforced over client settings' : ', **not enforced**: clients may override the workgroup settings'
    }`,
    `**results**: ${output ? code(output) : '**no output location**'}, ${
      text(encryption.encryption_option)
        ? `${text(encryption.encryption_option)} with ${keyText(ctx, stack.name, encryption.kms_key_arn)}`
        : '**not encrypted**'
    }${expiryText(ctx, stack, output)}`,
    `**saved questions**: ${queries.map((q) => code(text(q.config.name) ?? q.name)).join(', ') || 'none'}`,
    `**account lists**: ${
      schedules.length > 0
        ? schedules
            .map(
              (s) =>
                `refreshed by ${resolver.label(resolver.refersTo(stack.name, block(s.config.target).arn) ?? s)} on ${code(String(s.config.schedule_expression))}`,
            )
            .join('; ')
        : 'as configured (no refresh function)'
    }`,
  ];
  return blocksOf(`Workgroup ${code(name)}:`, bullets(lines));
}

/** `db.table` over `s3://.../${account}/...`, with the number of projected accounts and regions. */
function tableText(table: AppResource): string {
  const parameters = block(table.config.parameters);
  const template = text(parameters['storage.location.template'])?.replace(/\$\$\{/g, '${');
  const count = (key: string) => (text(parameters[key]) ?? '').split(',').filter(Boolean).length;
  const projection =
    parameters['projection.enabled'] === 'true'
      ? `, projecting ${plural(count('projection.account.values'), 'account')} × ${plural(count('projection.region.values'), 'region')} × days ${code(String(parameters['projection.date.range'] ?? '?'))}`
      : '';
  return `${code(`${text(table.config.database_name)}.${text(table.config.name)}`)} over ${code(template ?? String(block(table.config.storage_descriptor).location))}${projection}`;
}

/** 10 GiB (about $0.05 at $5 per TB). */
function capText(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  const size = gib >= 1 ? `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
  return `${size} (about $${((bytes / 1e12) * PRICE_PER_TB).toFixed(2)} at $${PRICE_PER_TB} per TB scanned)`;
}

/** `, expiring after 30 days` from the lifecycle of the results bucket, when this stack has it. */
function expiryText(ctx: ReviewContext, stack: AppStack, output: string | undefined): string {
  const bucketName = output?.match(/^s3:\/\/([^/]+)/)?.[1];
  const bucket = stack.resources.find((r) => r.type === 'aws_s3_bucket' && r.config.bucket === bucketName);
  if (!bucket) return '';
  const lifecycle = stack.resources.find(
    (r) =>
      r.type === 'aws_s3_bucket_lifecycle_configuration' && ctx.resolver.refersTo(stack.name, r.config.bucket, 'aws_s3_bucket') === bucket,
  );
  const days = blocks(lifecycle?.config.rule)
    .flatMap((rule) => blocks(rule.expiration).map((e) => num(e.days)))
    .find((d) => d !== undefined);
  return days === undefined ? ', **kept until deleted**' : `, expiring after ${plural(days, 'day')}`;
}
