/**
 * The Cost section of the example's review: the volume the app recorded at synth (its
 * costEstimate section), the files and bytes it makes, the archive and replica tiers, the services,
 * the StackSet fan-out and the prices with their sources. Expected numbers are computed here by
 * hand from the example's config (121 organization accounts, 2 external accounts, 3 regions,
 * 1.5 million management and 4 million data events per organization account a month).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeOrganization } from '../../stacks/synthesize';
import { type Review, reviewFolder } from '../../tooling/review';
import { priceTemplateResource } from '../../tooling/review/cost/stacksets';
import { exampleConfig } from '../support/config';
import { exampleReview } from '../support/example-review';
import { rowWith, sectionOf, tableRows } from './markdown-support';

const ARCHIVE = 'acme-cloudtrail-archive-345678901234';
const REPLICA = 'acme-cloudtrail-archive-replica-345678901234';

// By hand: 123 accounts x 3 regions x 12 files an hour x 24 hours = 106,272 log files a day.
const FILES_PER_DAY = 123 * 3 * 12 * 24;
// 121 x (1.5M + 4M) + 2 x 1.5M = 668.5M events a month of 150 bytes; a month is 365/12 days.
const EVENTS_PER_MONTH = 121 * 5_500_000 + 2 * 1_500_000;
const BYTES_PER_DAY = (EVENTS_PER_MONTH * 150 * 12) / 365;
const GIB = 2 ** 30;
const num = (cell: string) => Number(cell.replace(/[*,$]/g, ''));

let scratch = '';
let review: Review;
let cost = '';
/** The example with its replica written in STANDARD_IA, as it was before it took the review's advice. */
let iaReview: Review;
let iaCost = '';

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'review-cost-'));
  review = exampleReview();
  cost = sectionOf(review.markdown, '## Cost');
  const ia = exampleConfig((c) => {
    if (c.archive?.replication) c.archive.replication.storageClass = 'STANDARD_IA';
  });
  fs.writeFileSync(path.join(scratch, 'ia.json'), JSON.stringify(ia));
  synthesizeOrganization({ configFile: path.join(scratch, 'ia.json'), outdir: path.join(scratch, 'ia'), baseDir: scratch });
  iaReview = reviewFolder(path.join(scratch, 'ia'));
  iaCost = sectionOf(iaReview.markdown, '## Cost');
}, 60_000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('review of the example > cost', () => {
  it('prices the volume the app recorded at synth, and says where each number came from', () => {
    const rows = tableRows(cost, ['input', 'value', 'from']);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['`memberAccounts`', '120', 'recorded at synth'],
      ['`managementEventsPerAccountMonth`', '1,500,000', 'recorded at synth'],
      ['`dataEventsPerAccountMonth`', '4,000,000', 'recorded at synth'],
      ['`eventBytes`', '1,500', 'recorded at synth'],
      ['`compressedEventBytes`', '150', 'recorded at synth'],
      ['`deploymentEventsPerAccountMonth`', '2,000', 'recorded at synth'],
      ['`otherManagementEventTrails`', '0', 'recorded at synth'],
      ['`governedRegions`', '3', 'recorded at synth'],
    ]);
  });

  it('counts log files from accounts x regions x deliveries every 5 minutes, and the average file from the events', () => {
    const v = review.cost.archive?.volume;
    expect(v?.accounts).toBe(123);
    expect(v?.logFiles).toBeCloseTo((FILES_PER_DAY * 365) / 12, 6);
    expect(v?.digestFiles).toBeCloseTo((123 * 3 * 24 * 365) / 12, 6);
    expect(v?.events).toBe(EVENTS_PER_MONTH);
    expect(cost).toContain('123 accounts x 3 regions x 12 an hour');
    expect(cost).toContain('= **3,232,440 a month**');
    // 668.5M x 150 bytes over 3,232,440 files: 31,021 bytes, 30.29 KB.
    expect(cost).toContain('the average log file holds **30.29 KB**: under 128 KB');
  });

  it('keeps the small log files in S3 Standard for 2,557 days, then 365 as noncurrent versions', () => {
    const rows = tableRows(sectionOf(cost, `#### \`${ARCHIVE}\` (archive)`), ['files', 'tier', 'age, days']);
    const current = rowWith(rows, 1, 'STANDARD');
    expect(current.slice(0, 3)).toEqual(['log files', 'STANDARD', '0-2,557']);
    expect(num(current[3])).toBe(FILES_PER_DAY * 2557);
    // Data GB = bytes a day x 2,557 days; $ at $0.023 a GB-month.
    expect(num(current[4])).toBeCloseTo((BYTES_PER_DAY * 2557) / GIB, 0);
    expect(num(current[6])).toBeCloseTo(((BYTES_PER_DAY * 2557) / GIB) * 0.023, 0);
    expect(rowWith(rows, 1, 'STANDARD (noncurrent)').slice(0, 3)).toEqual(['log files', 'STANDARD (noncurrent)', '2,557-2,922']);
    expect(cost).toContain(
      'reach none of `archive-log-files`, whose size filter takes larger objects: they stay in STANDARD until they expire',
    );
  });

  it('writes the replica in S3 Standard, as its own advice says for files this small, and gives no replica advice', () => {
    const rows = tableRows(sectionOf(cost, `#### \`${REPLICA}\` (replica)`), ['files', 'tier', 'age, days']);
    expect(rowWith(rows, 1, 'STANDARD').slice(0, 3)).toEqual(['log files', 'STANDARD', '0-2,557']);
    expect(review.cost.replicaInStandard).toBeUndefined();
    expect(cost).not.toContain('The replica is written in');
  });

  it('bills every file of a Standard-IA replica as 128 KB, and says so among what dominates', () => {
    const rows = tableRows(sectionOf(iaCost, `#### \`${REPLICA}\` (replica)`), ['files', 'tier', 'age, days']);
    const current = rowWith(rows, 1, 'STANDARD_IA');
    // 271,737,504 files x 128 KB = objects / 8,192 GB, at $0.0125.
    expect(num(current[5])).toBeCloseTo((FILES_PER_DAY * 2557) / 8192, 0);
    expect(num(current[6])).toBeCloseTo(((FILES_PER_DAY * 2557) / 8192) * 0.0125, 0);
    expect(iaCost).toMatch(new RegExp(`\`${REPLICA}\` \\(replica\\) is billed for [\\d,]+ GB holding [\\d,]+ GB of data \\(x4\\.\\d+\\)`));
  });

  it('tells what a Standard-IA replica would cost written in S3 Standard: what the archive costs, same files and lifecycle', () => {
    const archive = iaReview.cost.lines.filter((l) => l.label.startsWith(`S3 archive ${ARCHIVE}`));
    expect(archive).toHaveLength(2);
    const r = iaReview.cost.replicaInStandard;
    expect(r?.storageClass).toBe('STANDARD_IA');
    expect(r?.inStandard).toBeCloseTo(archive[0].monthly + archive[1].monthly, 6);
    expect(r?.monthly).toBeGreaterThan(2 * (r?.inStandard ?? 0));
    // The example's replica, written in STANDARD, costs exactly that.
    const replica = review.cost.lines.filter((l) => l.label.startsWith(`S3 replica ${REPLICA}`));
    expect(replica.reduce((n, l) => n + l.monthly, 0)).toBeCloseTo(r?.inStandard ?? -1, 6);
    expect(iaCost).toMatch(
      /The replica is written in STANDARD_IA .*: \$[\d,]+ a month; written in STANDARD it would cost \$[\d,]+, because these files are too small/,
    );
  });

  it('prices the trail services from the events: data events, Insights, CloudWatch Logs ingestion', () => {
    const rows = tableRows(cost, ['cost', 'steady state, $ a month']);
    // 121 x 4M data events at $0.10 per 100,000.
    expect(num(rowWith(rows, 0, 'CloudTrail data events')[1])).toBe(484);
    // Both Insights types: writes (10%) once more, so 1.1 x 121 x 1.5M events analyzed at $0.35 per 100,000.
    expect(num(rowWith(rows, 0, 'CloudTrail Insights')[1])).toBeCloseTo(1.1 * 121 * 1.5e6 * 0.0000035, 0);
    // 121 x 5.5M events x 1,500 bytes at $0.50 a GB (only the organization trail delivers to the log group).
    expect(num(rowWith(rows, 0, 'CloudWatch Logs ingestion')[1])).toBeCloseTo(((121 * 5.5e6 * 1500) / GIB) * 0.5, 0);
    // One SNS publish per log file at $0.50 a million, plus the HTTPS subscription's deliveries at $0.60.
    expect(num(rowWith(rows, 0, 'SNS log-delivery notifications')[1])).toBeCloseTo((((FILES_PER_DAY * 365) / 12) * 1.1) / 1e6, 2);
    const total = rowWith(rows, 0, '**total**');
    expect(num(total[1])).toBeCloseTo(review.cost.monthly, 0);
    expect(cost).toContain(`**About $${Math.round(review.cost.monthly).toLocaleString('en-US')} a month`);
  });

  it('multiplies the StackSet resources by member accounts x governed regions, cross-account events included', () => {
    const regional = sectionOf(cost, '#### `acme-deploy-monitoring-codedeploy-regional` (StackSet)');
    expect(regional).toContain('120 accounts (organization root r-7k3m: taken as every member account');
    // The regions of the stack instances resource, in the config's order.
    expect(regional).toContain('x 3 regions (eu-west-1, eu-central-1, us-east-1) = 360 instances');
    const rows = tableRows(regional, ['resource', 'type']);
    expect(rowWith(rows, 0, '`DeadLetterQueue`').slice(1, 3)).toEqual(['`AWS::SQS::Queue`', '0']);
    // 2,000 events an account over 3 regions, at $1 per million cross-account events.
    expect(num(rowWith(rows, 0, '`ForwardingRule`')[2])).toBeCloseTo(2000 / 3 / 1e6, 6);
    expect(rowWith(rows, 0, '`StopFailedCheckoutActionRule`')[2]).toBe('0');
    expect(review.cost.fanOut.find((f) => f.kind === 'StackSet' && f.name.endsWith('regional'))?.monthly).toBeCloseTo(
      (360 * 2000) / 3 / 1e6,
      9,
    );
  });

  it('lists the prices with their region, page and read date, and what the sources did not hold', () => {
    const prices = sectionOf(cost, '### Prices used');
    expect(prices).toContain('us-east-1 list prices read on 2026-11-22');
    expect(rowWith(tableRows(prices, ['storage class']), 0, '`DEEP_ARCHIVE`')).toEqual(['`DEEP_ARCHIVE`', '0.00099', '0.05', '0.05']);
    const kms = rowWith(tableRows(prices, ['price', 'USD', 'page']), 0, 'AWS KMS requests');
    expect(kms.slice(1, 5)).toEqual(['0.03', '10,000 requests', 'us-east-1', 'https://aws.amazon.com/kms/pricing/']);
    expect(prices).toContain('Not found in the stored sources: EventBridge cross-region delivery');
  });

  it('is what the README shows: every line of its Cost excerpt is in the review', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('```markdown\n## Cost\n');
    expect(start).toBeGreaterThan(0);
    const excerpt = readme.slice(start + '```markdown\n'.length, readme.indexOf('\n```', start + 1));
    const lines = excerpt.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((l) => !review.markdown.includes(l))).toEqual([]);
  });

  it('prices template resources it does not meet in the example: keys, advanced parameters, log groups, unknown types', () => {
    const at = (type: string, properties = {}) => priceTemplateResource({ logicalId: 'X', type, properties }, 0);
    expect(at('AWS::KMS::Key', { EnableKeyRotation: true })).toMatchObject({ monthly: 1, priced: true });
    expect(at('AWS::SSM::Parameter', { Tier: 'Advanced' })).toMatchObject({ monthly: 0.05, priced: true });
    expect(at('AWS::SSM::Parameter')).toMatchObject({ monthly: 0, priced: true });
    expect(at('AWS::Logs::LogGroup')).toMatchObject({ monthly: 0, priced: false });
    expect(at('AWS::EC2::Instance')).toMatchObject({ priced: false, note: expect.stringContaining('not priced') });
  });
});
