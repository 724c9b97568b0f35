/** The pack as a whole: ids, one file per rule, sourced controls, a test for each rule, the README's rule table. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatRuleTable, PACK } from '../../tooling/checks';
import { ruleTestSources } from './support';

const REPO = path.resolve(__dirname, '..', '..');

/**
 * Controls a rule may cite: the ones shared/reference/aws-facts.md §7 lists with a source (CIS AWS
 * Foundations v3 sections 3-4, Security Hub CSPM controls, checkov ids at bridgecrewio/checkov@03d5fdad).
 */
const SOURCED_CONTROLS = new Set([
  ...['3.1', '3.2', '3.4', '3.5', '3.6', ...Array.from({ length: 15 }, (_, i) => `4.${i + 1}`)].map((id) => `CIS ${id}`),
  ...['CloudTrail.1', 'CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5', 'CloudTrail.6', 'CloudTrail.7'],
  ...['S3.5', 'S3.6', 'S3.8', 'S3.9', 'S3.12', 'S3.14', 'S3.15', 'S3.17', 'KMS.1', 'KMS.2', 'KMS.4', 'KMS.5', 'SNS.1', 'SNS.4'],
  ...['CloudWatch.15', 'CloudWatch.16', 'CloudWatch.17'],
  ...['CKV_AWS_7', 'CKV_AWS_18', 'CKV_AWS_21', 'CKV_AWS_26', 'CKV_AWS_27', 'CKV_AWS_33', 'CKV_AWS_35', 'CKV_AWS_36', 'CKV_AWS_43'],
  ...['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV_AWS_67', 'CKV_AWS_70', 'CKV_AWS_115', 'CKV_AWS_116', 'CKV_AWS_143'],
  ...[
    'CKV_AWS_145',
    'CKV_AWS_158',
    'CKV_AWS_168',
    'CKV_AWS_169',
    'CKV_AWS_185',
    'CKV_AWS_227',
    'CKV_AWS_251',
    'CKV_AWS_319',
    'CKV_AWS_338',
  ],
  ...['CKV_AWS_385', 'CKV2_AWS_6', 'CKV2_AWS_10', 'CKV2_AWS_65', 'CKV2_AWS_73'],
]);

/** `CloudTrailMultiRegion` -> `cloudtrail-multi-region` (CloudTrail, CloudWatch and CloudFormation stay one word). */
function kebab(id: string): string {
  return id
    .replace(/Cloud(Trail|Watch|Formation)/g, (_m, rest: string) => `Cloud${rest.toLowerCase()}`)
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

describe('the rule pack', () => {
  it('gives every rule a unique PascalCase id', () => {
    const ids = PACK.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Za-z0-9]+$/);
  });

  it('keeps one rule per file in tooling/checks/rules, named after the rule', () => {
    const files = fs.readdirSync(path.join(REPO, 'tooling', 'checks', 'rules')).sort();
    const expected = PACK.map((r) => `${kebab(r.id)}.ts`);
    expect(files).toEqual([...expected].sort());
  });

  it('gives every rule a level, a one-line finding and a reason, both full sentences', () => {
    for (const rule of PACK) {
      expect(['error', 'warning']).toContain(rule.level);
      expect(rule.finding).toMatch(/^[A-Z].*\.$/);
      expect(rule.finding).not.toContain('\n');
      expect(rule.reason).toMatch(/^[A-Z].*\.$/);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      for (const type of rule.resourceTypes) expect(type).toMatch(/^aws_[a-z0-9_]+$/);
    }
  });

  it('cites only controls with a source (aws-facts §7)', () => {
    const unsourced = PACK.flatMap((r) => r.controls.filter((c) => !SOURCED_CONTROLS.has(c)).map((c) => `${r.id}: ${c}`));
    expect(unsourced).toEqual([]);
  });

  it('has compliant, non-compliant and not-applicable cases for every rule (describeRule in test/checks/rules)', () => {
    const sources = ruleTestSources();
    const missing = PACK.filter((r) => !sources.includes(`describeRule(${r.id},`)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('is the rule table of the README, word for word', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain(formatRuleTable(PACK, 'markdown'));
  });
});
