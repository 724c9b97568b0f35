/**
 * Report section: what the app costs a month and a year, from the volume the app recorded at synth
 * (or `--cost` flags): the headline, the volume, the totals, what dominates, then the details
 * (section-cost-details.ts: tiers per bucket, StackSet fan-out, prices, assumptions).
 */

import { blocksOf, bullets, cell, code, fmt, fold, heading, table } from '../format';
import type { CostEstimate } from './estimate';
import { COST_DEFAULTS_WHY, COST_INPUT_MEANINGS, COST_INPUT_NAMES } from './inputs';
import { PRICES_READ_ON } from './prices';
import { fanOutTables, priceTable, tierTables } from './section-details';
import { BUCKET_KEY_REQUEST_SHARE } from './services';
import { DAYS_PER_MONTH, sum } from './storage-model';
import { ACCESS_LOG_RECORD_BYTES, DIGEST_FILE_BYTES, HOURS_PER_MONTH, LOG_FILES_PER_HOUR } from './volume';

const usd = (n: number) => `$${fmt(n)}`;
const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

/** The Cost section of the report. */
export function costSection(estimate: CostEstimate, source: string): string {
  const a = estimate.archive;
  const when = !a
    ? 'in steady state (from the third year, when rotating keys cost $3 each)'
    : Number.isFinite(a.lifetimeDays)
      ? `once the archive is full (from day ${fmt(a.lifetimeDays)}, about ${(a.lifetimeDays / 365).toFixed(1)} years in, when the oldest log files are deleted)`
      : 'after 10 years (log files are never deleted, so storage keeps growing)';
  return blocksOf(
    heading(2, 'Cost'),
    `An estimate, not a quote: US East (N. Virginia) list prices read on ${PRICES_READ_ON} (see Prices used), without free tiers, discounts or taxes, for the volume below. Price other volumes with \`npm run review -- --out ${source || '<dir>'} --cost memberAccounts=200 --cost dataEventsPerAccountMonth=5000000\`, or state them in the config's \`costEstimate\` section.`,
    `**About ${usd(estimate.monthly)} a month, ${usd(estimate.monthly * 12)} a year** ${when}; **${usd(estimate.firstYear)} in the first 12 months**.`,
    volumeText(estimate),
    heading(3, 'Totals'),
    table(
      ['cost', 'steady state, $ a month', 'steady state, $ a year', 'first 12 months, $', 'how'],
      [
        ...estimate.lines.map((l) => [cell(l.label), fmt(l.monthly), fmt(l.monthly * 12), fmt(l.firstYear), cell(l.detail)]),
        ['**total**', `**${fmt(estimate.monthly)}**`, `**${fmt(estimate.monthly * 12)}**`, `**${fmt(estimate.firstYear)}**`, ''],
      ],
    ),
    heading(3, 'What dominates'),
    bullets(dominance(estimate)),
    tierTables(estimate),
    fanOutTables(estimate),
    priceTable(),
    heading(3, 'Assumptions'),
    fold(`${assumptions(estimate).length} assumptions behind these numbers`, bullets(assumptions(estimate))),
  );
}

function volumeText(e: CostEstimate): string {
  const rows = COST_INPUT_NAMES.map((name) => [code(name), fmt(e.inputs.values[name]), e.inputs.sources[name], COST_INPUT_MEANINGS[name]]);
  const v = e.archive?.volume;
  const t = e.topology;
  const derived =
    v && t
      ? [
          `${fmt(v.accounts)} accounts send events to ${code(t.archive.name)}: ${
            v.organizationAccounts > 0
              ? `${fmt(v.organizationAccounts)} through the organization trail (members and the management account)`
              : 'no organization trail'
          }${t.accountTrails.length > 0 ? `, ${t.accountTrails.length} through their own trails` : ''}; ${t.multiRegion ? `in ${v.regions} regions (multi-region trail)` : 'in the home region only'}.`,
          `Log files: ${fmt(v.accounts)} accounts x ${v.regions} regions x ${LOG_FILES_PER_HOUR} an hour (CloudTrail delivers about every 5 minutes per account and region) x ${fmt(HOURS_PER_MONTH)} hours = **${fmt(v.logFiles)} a month**${
            v.digestFiles > 0 ? `; digest files (log file validation), one an hour per account and region: ${fmt(v.digestFiles)}` : ''
          }.`,
          `Events: **${fmt(v.events)} a month**${v.dataEvents > 0 ? ` (${fmt(v.dataEvents)} of them data events)` : ''} x ${e.inputs.values.compressedEventBytes} bytes compressed = ${fmt(v.compressedBytes / 2 ** 30)} GB a month, so the average log file holds **${kb(v.averageLogFileBytes)}**${
            v.averageLogFileBytes < 128 * 1024
              ? ': under 128 KB, like most CloudTrail files, which S3 lifecycle treats as small objects'
              : ''
          }.`,
        ]
      : ['No trail writes to a bucket of this app, so no archive is priced.'];
  return blocksOf(
    heading(3, 'Volume priced'),
    fold(`${rows.length} inputs, where each value came from`, table(['input', 'value', 'from', 'meaning'], rows)),
    e.inputs.note
      ? ''
      : 'The app recorded no `cost estimate inputs` note at synth: the defaults stand in (measure your volume and pass `--cost`).',
    bullets(derived),
  );
}

/** The largest lines with their share, and what makes the archive's storage cost what it is. */
export function dominance(e: CostEstimate): string[] {
  const total = e.monthly || 1;
  const top = [...e.lines]
    .filter((l) => l.monthly / total >= 0.01)
    .sort((x, y) => y.monthly - x.monthly)
    .slice(0, 3);
  const out = top.map((l) => `${cell(l.label)}: ${usd(l.monthly)} a month, ${Math.round((100 * l.monthly) / total)}% of the total.`);
  for (const b of e.archive?.buckets ?? []) {
    const tiers = b.populations.flatMap((p) => p.cost.tiers);
    const data = sum(tiers.map((t) => t.dataGb));
    const billed = sum(tiers.map((t) => t.billedGb));
    if (data > 0 && billed > 1.5 * data) {
      out.push(
        `${code(b.bucket)} (${b.role}) is billed for ${fmt(billed)} GB holding ${fmt(data)} GB of data (x${fmt(billed / data)}): its small files pay the 128 KB minimum of IA and Glacier IR, or 40 KB of archive overhead each in Glacier and Deep Archive.`,
      );
    }
    if (b.unreached.length > 0) {
      out.push(
        `${code(b.bucket)} (${b.role}): files of ${b.populations.map((p) => kb(p.bytesPerObject)).join(' and ')} reach none of ${b.unreached.map(code).join(', ')}, whose size filter takes larger objects: they stay in ${[
          ...new Set(b.populations.map((p) => p.cost.tiers[0]?.storageClass)),
        ].join(', ')} until they expire.`,
      );
    }
    const skipped = b.populations.filter((p) => p.skipped.length > 0);
    for (const p of skipped)
      out.push(
        `${code(b.bucket)}: ${p.label} of ${kb(p.bytesPerObject)} skip ${p.skipped.join(', ')} (S3 moves no object under 128 KB there by default).`,
      );
  }
  const r = e.replicaInStandard;
  if (r && r.inStandard < r.monthly) {
    out.push(
      `The replica is written in ${r.storageClass} (\`destination.storage_class\`; in this app's config, \`archive.replication.storageClass\`): ${usd(r.monthly)} a month; written in STANDARD it would cost ${usd(r.inStandard)}, because these files are too small for ${r.storageClass} to save anything.`,
    );
  }
  const copy = e.lines.find((l) => l.label === 'CloudTrail management events, paid copy');
  if (copy) {
    out.push(
      `Another trail already records the management events (\`otherManagementEventTrails\`, such as Control Tower's organization trail), so this trail's copy costs ${usd(copy.monthly)} a month; a data-events-only trail (\`trail.managementEvents\`: "None", see README, Control Tower) records only what the other lacks.`,
    );
  }
  const v = e.archive?.volume;
  if (v) {
    out.push(
      `Scale: storage, CloudWatch Logs and CloudTrail charges grow with events (${fmt(v.events)} a month); requests, notifications and per-object overhead with accounts x regions (${fmt(v.logFiles)} files a month), whatever the volume.`,
    );
  }
  return out;
}

function assumptions(e: CostEstimate): string[] {
  return [
    `Defaults, for what nobody stated (the config's \`costEstimate\` defaults): ${COST_DEFAULTS_WHY}. Measure your own (CloudTrail Lake or Athena over the archive, events per account and month by \`eventCategory\`).`,
    `A month is 365/12 = ${fmt(DAYS_PER_MONTH)} days; 1 GB is 2^30 bytes, as S3 bills. Every account and region writes the same share of the events, so every log file has the average size; real files vary (busy account-regions write larger ones), which a single average cannot show.`,
    `Each account writes ${LOG_FILES_PER_HOUR} log files an hour in every counted region, even a quiet one; regions outside the governed ones (if enabled and active) add files not counted here.`,
    `A digest file holds about ${kb(DIGEST_FILE_BYTES)}; an S3 server access log record about ${ACCESS_LOG_RECORD_BYTES} bytes (one per PUT, transition and replication read), delivered in log files whose PUTs are not priced.`,
    `S3 Bucket Keys cut KMS requests to ${BUCKET_KEY_REQUEST_SHARE * 100}% of one per object (AWS: "up to 99 percent"); without one, each write and each replication side calls KMS once. Reads of the archive are not priced (nobody reads on a schedule).`,
    'SNS sends one notification per log file; deliveries to SQS and Lambda are free, the queue and function themselves are not priced. CloudWatch Logs stores events at the compressed size of the log files.',
    `Free tiers (KMS 20,000 requests, SNS 1 million publishes, ...) are left out; the same prices are used in every region. ${e.inputs.values.dataEventsPerAccountMonth === 0 && e.topology?.recordsDataEvents ? '**The trail records data events but no data-event volume is stated (`dataEventsPerAccountMonth`), so data events, usually the largest volume, are not priced.**' : ''}`.trim(),
  ];
}
