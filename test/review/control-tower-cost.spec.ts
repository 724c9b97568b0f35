/**
 * Coexisting with Control Tower's organization trail (issue 13.11): what the Cost section prices
 * when another trail already records management events (a paid second copy, $2.00 per 100,000),
 * and what a data-events-only trail (`trail.managementEvents` "None") leaves: no paid copy, the
 * archive and the log group fed by data events only, and the CIS 3.1 finding suppressed with a
 * reason. Expected numbers are by hand from the example's config (121 organization accounts,
 * 2 external accounts, 1.5 million management and 4 million data events per account a month).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeOrganization } from '../../stacks/synthesize';
import { runChecks } from '../../tooling/checks/run-checks';
import { reviewFolder } from '../../tooling/review';
import { exampleConfig } from '../support/config';
import { exampleOutput } from '../support/example-output';
import { rowWith, sectionOf, tableRows } from './markdown-support';

const GIB = 2 ** 30;
const num = (cell: string) => Number(cell.replace(/[*,$]/g, ''));
const PAID_COPY = 'CloudTrail management events, paid copy';

let scratch = '';
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'review-control-tower-'));
  const dataOnly = exampleConfig((c) => {
    c.trail = { ...c.trail, managementEvents: 'None', insights: [] };
    c.costEstimate = { ...c.costEstimate, otherManagementEventTrails: 1 };
  });
  fs.writeFileSync(path.join(scratch, 'data-only.json'), JSON.stringify(dataOnly));
  synthesizeOrganization({ configFile: path.join(scratch, 'data-only.json'), outdir: path.join(scratch, 'data-only'), baseDir: scratch });
}, 60_000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('review > cost beside Control Tower', () => {
  it('prices no second copy of management events when no other trail records them (the default)', () => {
    const rows = tableRows(sectionOf(reviewFolder(exampleOutput()).markdown, '## Cost'), ['cost']);
    expect(rows.filter((r) => r[0].startsWith(PAID_COPY))).toEqual([]);
  });

  it('prices the copy at $2.00 per 100,000 when another trail already records them, and says what avoids it', () => {
    const review = reviewFolder(exampleOutput(), { cost: { otherManagementEventTrails: 1 } });
    const cost = sectionOf(review.markdown, '## Cost');
    // 121 organization accounts x 1.5M management events at $2 per 100,000 = $3,630 a month.
    expect(num(rowWith(tableRows(cost, ['cost', 'steady state, $ a month']), 0, PAID_COPY)[1])).toBeCloseTo(3630, 0);
    expect(cost).toContain("Another trail already records the management events (`otherManagementEventTrails`, such as Control Tower's");
    expect(cost).toContain('a data-events-only trail (`trail.managementEvents`: "None"');
  });

  it('prices a data-events-only trail without the copy: the archive and the log group hold data events (and external trails) only', () => {
    const review = reviewFolder(path.join(scratch, 'data-only'));
    const rows = tableRows(sectionOf(review.markdown, '## Cost'), ['cost', 'steady state, $ a month']);
    expect(rows.filter((r) => r[0].startsWith(PAID_COPY))).toEqual([]);
    expect(rows.filter((r) => r[0].startsWith('CloudTrail Insights'))).toEqual([]);
    // Only data events reach the log group: 121 x 4M x 1,500 bytes at $0.50 a GB.
    expect(num(rowWith(rows, 0, 'CloudWatch Logs ingestion')[1])).toBeCloseTo(((121 * 4e6 * 1500) / GIB) * 0.5, 0);
    // The archive: 121 x 4M data events + the external accounts' own trails, 2 x 1.5M management events.
    expect(review.cost.archive?.volume.events).toBe(121 * 4e6 + 2 * 1.5e6);
  });

  it('reports the CIS 3.1 finding of a data-events-only trail as suppressed with its reason, not open', () => {
    const report = runChecks(path.join(scratch, 'data-only'));
    const findings = report.findings.filter((f) => f.rule === 'CloudTrailManagementEventsAll');
    expect(findings.map((f) => [f.stack, f.suppression?.source])).toEqual([['organization-trail', 'construct']]);
    expect(findings[0].suppression?.reason).toContain('data-events-only trail by choice');
    expect(report.counts.error).toBe(0);
  });
});
