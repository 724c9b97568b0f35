/**
 * modules/check-suppressions.ts: `suppressCheck` records a suppression on the synthesized resource
 * under its `//` comment key, which cdktf keeps in cdk.tf.json and Terraform ignores: proved by the
 * terraform tier's one `terraform validate` of the synthesized JSON unchanged, against the real
 * hashicorp/aws 5.100.0 provider, whose stacks carry such keys (test/terraform/plan-checks.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { App, TerraformStack } from 'cdktf';
import { checkSuppressionsOf, suppressCheck } from '../../modules/check-suppressions';
import { PACK, parseSuppressions } from '../../tooling/checks';
import { synthesizeStack } from './support';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowCloudTrailToAssume', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
const REASON = 'AWS documents confused-deputy conditions as not applicable to this role (cw_role_policy).';

function roleStack(suppress: (role: IamRole) => void) {
  let role: IamRole | undefined;
  const synthesized = synthesizeStack((stack) => {
    role = new IamRole(stack, 'DeliveryRole', { name: 'delivery', assumeRolePolicy: TRUST });
    suppress(role);
  });
  return { ...synthesized, role: role! };
}

describe('suppressCheck', () => {
  it("writes the suppression into cdk.tf.json under the resource's // key, next to cdktf's metadata", () => {
    const { outDir } = roleStack((role) => suppressCheck(role, 'IamRoleTrustHasConfusedDeputyCondition', `  ${REASON} `));
    const json = JSON.parse(fs.readFileSync(path.join(outDir, 'stacks', 'trail', 'cdk.tf.json'), 'utf8'));
    expect(json.resource.aws_iam_role.DeliveryRole['//']).toEqual({
      metadata: { path: 'trail/DeliveryRole', uniqueId: 'DeliveryRole' },
      checkSuppressions: [{ rule: 'IamRoleTrustHasConfusedDeputyCondition', reason: REASON }],
    });
  });

  it('keeps every suppression of a resource (an override alone would keep only the last)', () => {
    const { resources, role } = roleStack((r) => {
      suppressCheck(r, 'IamRoleTrustHasConfusedDeputyCondition', REASON);
      suppressCheck(r, 'EvidenceResourcesPreventDestroy', 'The role holds no evidence and is recreated from config at any time.');
    });
    expect(checkSuppressionsOf(role).map((s) => s.rule)).toEqual([
      'IamRoleTrustHasConfusedDeputyCondition',
      'EvidenceResourcesPreventDestroy',
    ]);
    expect((resources[0]!.comment as { checkSuppressions: unknown[] }).checkSuppressions).toHaveLength(2);
  });

  it('refuses a reason shorter than a sentence, naming the construct and the rule', () => {
    expect(() => roleStack((role) => suppressCheck(role, 'IamRoleTrustHasConfusedDeputyCondition', 'documented'))).toThrow(
      /^trail\/DeliveryRole: suppressCheck\(IamRoleTrustHasConfusedDeputyCondition\): reason "documented" is not a sentence/,
    );
  });

  it('refuses a rule id that is not PascalCase, and the same rule twice', () => {
    expect(() => roleStack((role) => suppressCheck(role, 'iam-role-trust', REASON))).toThrow(/rule "iam-role-trust" is not a rule id/);
    expect(() =>
      roleStack((role) => {
        suppressCheck(role, 'IamRoleTrustHasConfusedDeputyCondition', REASON);
        suppressCheck(role, 'IamRoleTrustHasConfusedDeputyCondition', REASON);
      }),
    ).toThrow(/IamRoleTrustHasConfusedDeputyCondition is already suppressed on this resource/);
  });

  it.each([
    REASON,
    'S3 sends no source keys (S3 user guide).',
    'Short but four words.',
    'n/a',
    'Not applicable here.',
    'documented AWS exception for this role',
    '',
  ])('accepts and refuses the same reasons as a suppressions file of the rule pack: %j', (reason) => {
    const rule = 'IamRoleTrustHasConfusedDeputyCondition';
    const { problems } = parseSuppressions([{ rule, resource: 'trail/*', reason }], 'suppressions.json', new Set(PACK.map((r) => r.id)));
    const role = new IamRole(new TerraformStack(new App(), 'trail'), 'Role', { name: 'r', assumeRolePolicy: TRUST });
    let refused = false;
    try {
      suppressCheck(role, rule, reason);
    } catch {
      refused = true;
    }
    expect({ refused, problems: problems.length }).toEqual({ refused: problems.length > 0, problems: refused ? 1 : 0 });
  });
});
