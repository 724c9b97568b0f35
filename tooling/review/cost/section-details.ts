/** The Cost section's detail tables: tiers per bucket, the StackSet fan-out per account x region, the prices used. */

import { blocksOf, bullets, cell, code, fmt, fold, heading, plural, table } from '../format';
import type { CostEstimate } from './estimate';
import { FREE, NOT_FOUND, PRICES, type Price, S3_PUT, S3_RULES, S3_STORAGE, S3_TRANSITION } from './prices';
import { sum } from './storage-model';

const days = (from: number, to: number) => `${fmt(from)}-${Number.isFinite(to) ? fmt(to) : 'for ever'}`;

/** One table per bucket: each population's tiers with objects, GB, storage and requests a month at steady state. */
export function tierTables(e: CostEstimate): string {
  const buckets = e.archive?.buckets ?? [];
  if (buckets.length === 0) return '';
  return blocksOf(
    heading(3, 'Archive storage by tier'),
    'Steady state: every tier holds what a month of files leaves there over the days shown (objects = files a month / 30.4 x days). "Billed GB" is what the class charges for: each object raised to 128 KB in IA and Glacier IR, plus 32 KB in Glacier and Deep Archive (whose extra 8 KB at the S3 Standard rate is in the $).',
    fold(
      `${buckets.length} buckets: files, tiers, objects, billed GB and dollars`,
      ...buckets.map((b) => {
        const lines = [
          ...b.populations.map(
            (p) =>
              `${p.label}: ${fmt(p.objectsPerMonth)} a month of ${fmt(p.bytesPerObject / 1024)} KB${p.rule ? `, lifecycle rule ${code(p.rule)}` : ', no lifecycle rule: kept in their first class for ever'}${
                p.skipped.length > 0 ? `; skips ${p.skipped.join(', ')} (under 128 KB)` : ''
              }${p.overlapping.length > 0 ? `; rules ${p.overlapping.map(code).join(', ')} match too and are not priced` : ''}`,
          ),
          ...(b.unreached.length > 0
            ? [`no file of this size reaches ${b.unreached.map(code).join(', ')}: its size filter sends them to another rule`]
            : []),
          ...(b.role.startsWith('access logs')
            ? ['S3 batches the records into log files it does not count: their PUTs are not priced']
            : []),
        ];
        const rows = b.populations.flatMap((p) =>
          p.cost.tiers.map((t) => [
            p.label,
            `${t.storageClass}${t.phase === 'noncurrent' ? ' (noncurrent)' : ''}`,
            days(t.fromDay, t.toDay),
            fmt(t.objects),
            fmt(t.dataGb),
            fmt(t.billedGb),
            fmt(t.storagePerMonth),
            fmt(t.requestsPerMonth),
          ]),
        );
        const costs = b.populations.map((p) => p.cost);
        return blocksOf(
          heading(4, `${code(b.bucket)} (${b.role})`),
          bullets(lines),
          table(
            ['files', 'tier', 'age, days', 'objects', 'data GB', 'billed GB', 'storage $ a month', 'requests $ a month'],
            [
              ...rows,
              [
                '**bucket**',
                '',
                '',
                '',
                fmt(sum(costs.flatMap((c) => c.tiers.map((t) => t.dataGb)))),
                fmt(sum(costs.flatMap((c) => c.tiers.map((t) => t.billedGb)))),
                `**${fmt(sum(costs.map((c) => c.storagePerMonth)))}**`,
                `**${fmt(sum(costs.map((c) => c.requestsPerMonth)))}**`,
              ],
            ],
          ),
        );
      }),
    ),
  );
}

/** Per StackSet (and management-account stack set): what each resource costs per account x region, and the multiplication. */
export function fanOutTables(e: CostEstimate): string {
  if (e.fanOut.length === 0) return '';
  return blocksOf(
    heading(3, 'StackSet fan-out (per account x region)'),
    'What every member account gets in every governed region, read from the StackSet templates; the management account gets the same templates as CloudFormation stacks. A cost per instance is multiplied by the instances: at a thousand accounts in 17 regions, one customer managed key per instance would be $17,000 a month.',
    fold(
      `${e.fanOut.length} StackSets and stack sets: each resource per account and region`,
      ...e.fanOut.map((f) =>
        blocksOf(
          heading(4, `${code(f.name)} (${f.kind})`),
          `${plural(f.accounts, 'account')} (${cell(f.accountsFrom)}) x ${plural(f.regions.length, 'region')} (${f.regions.join(', ') || 'none'}) = ${plural(f.instances, 'instance')}: $${fmt(f.perInstanceMonthly)} a month each, **$${fmt(f.monthly)} a month** in all.`,
          table(
            ['resource', 'type', '$ a month per instance', 'why'],
            f.resources.map((r) => [code(r.logicalId), code(r.type), r.priced ? fmt(r.monthly) : 'by volume', cell(r.note)]),
          ),
        ),
      ),
    ),
  );
}

/** Every price used, with its region, page, how it was read and when; what AWS does not charge; what was not found. */
export function priceTable(): string {
  const classes = Object.keys(S3_STORAGE) as (keyof typeof S3_STORAGE)[];
  const s3 = S3_STORAGE.STANDARD;
  return blocksOf(
    heading(3, 'Prices used'),
    `From \`tooling/review/prices.ts\`: ${s3.region} list prices read on ${s3.read}; no price is fetched at synth or review. "Stored copy" means a copy of AWS's own page held the number; "secondary" that only pages quoting AWS did (check those first).`,
    fold(
      'every price with its page, region and read date; what AWS does not charge; what was not found',
      `S3, from ${s3.page} (${s3.via}):`,
      table(
        ['storage class', 'storage, $ per GB-month', 'PUT, $ per 1,000', 'lifecycle transition into, $ per 1,000'],
        classes.map((c) => [
          code(c),
          String(S3_STORAGE[c].usd),
          String(S3_PUT[c].usd),
          S3_TRANSITION[c].usd > 0 ? String(S3_TRANSITION[c].usd) : '—',
        ]),
      ),
      table(
        ['price', 'USD', 'per', 'region', 'page', 'read via', 'read on'],
        Object.values(PRICES).map((p: Price) => [cell(p.what), String(p.usd), p.unit, p.region, p.page, cell(p.via), p.read]),
      ),
      bullets([
        `S3 billing rules applied: objects under ${S3_RULES.minimumBillableBytes / 1024} KB billed as ${S3_RULES.minimumBillableBytes / 1024} KB in ${S3_RULES.minimumBillableClasses.join(', ')}; minimum days ${Object.entries(
          S3_RULES.minimumDays,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(
            ', ',
          )}; ${S3_RULES.archiveOverheadBytes / 1024} KB at the class rate plus ${S3_RULES.archiveStandardOverheadBytes / 1024} KB at S3 Standard's per object in ${S3_RULES.archiveClasses.join(', ')} (${S3_RULES.source}).`,
        ...Object.values(FREE).map((f) => `No charge: ${f}.`),
        ...NOT_FOUND.map((n) => `Not found in the stored sources: ${n}.`),
      ]),
    ),
  );
}
