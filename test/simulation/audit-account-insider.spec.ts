/**
 * Deployment monitoring in the audit account, from the example's literal synthesized policies: what
 * its own administrator may do (everything: README, "Not the audit account's own administrators")
 * and what an administrator of any other member account may not (each identity policy allows
 * everything; a cross-account request also needs the resource policy's allow).
 */
import { exampleConfig } from '../support/config';
import { allowIdentity, type Decision, type PolicyJson, policyAt, simulate, synthesizedPolicies } from '../support/simulate';
import { buildExample } from '../support/synth';

const config = exampleConfig();
const policies = synthesizedPolicies(buildExample(config).stacks.get('deployment-events'));
const BUS_POLICY = policyAt(policies, 'deployment-events/Bus/Policy');
const BUS_KEY_POLICY = policyAt(policies, 'deployment-events/Bus/Key/Key');
const BUS_DLQ_POLICY = policyAt(policies, 'deployment-events/Bus/DeadLetterQueue/Policy');

const AUDIT = config.auditAccountId;
const MEMBER = '789012345678';
const REGION = config.homeRegion;
const BUS_NAME = config.deploymentMonitoring?.busName as string;
const RULE = `arn:aws:events:${REGION}:${AUDIT}:rule/${BUS_NAME}/failures-data`;
const BUS_KEY = `arn:aws:kms:${REGION}:${AUDIT}:key/3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b`;
const BUS_DLQ = `arn:aws:sqs:${REGION}:${AUDIT}:${BUS_NAME}-bus-dlq`;
const admin = (account: string) => `arn:aws:iam::${account}:role/Administrator`;

function request(principal: string, action: string, resource: string, policy: PolicyJson): Promise<Decision> {
  return simulate({
    policy,
    action,
    resource,
    resourceAccount: AUDIT,
    principal,
    identityPolicy: allowIdentity(['*']),
    context: { 'aws:SecureTransport': 'true', 'aws:PrincipalOrgID': config.organizationId },
  });
}

/** Action, resource, its policy, and what another member account gets (the statement that decides). */
const CHANGES: [string, string, PolicyJson, Decision][] = [
  // The key trusts only its own account's root: no allow for anyone else.
  ['kms:DisableKey', BUS_KEY, BUS_KEY_POLICY, 'ImplicitlyDenied'],
  ['kms:ScheduleKeyDeletion', BUS_KEY, BUS_KEY_POLICY, 'ImplicitlyDenied'],
  // DenyRuleChangesFromOtherAccounts.
  ['events:DeleteRule', RULE, BUS_POLICY, 'ExplicitlyDenied'],
  ['events:RemoveTargets', RULE, BUS_POLICY, 'ExplicitlyDenied'],
  // The queue admits EventBridge for the bus only (AllowEventBusDeadLetters).
  ['sqs:PurgeQueue', BUS_DLQ, BUS_DLQ_POLICY, 'ImplicitlyDenied'],
  ['sqs:SendMessage', BUS_DLQ, BUS_DLQ_POLICY, 'ImplicitlyDenied'],
];

describe("an administrator of the audit account (deployment monitoring is that account's to run)", () => {
  it.each(CHANGES)('may %s on %s (documented: no guardrail covers it)', async (action, resource, policy) => {
    expect(await request(admin(AUDIT), action, resource, policy)).toBe('Allowed');
  });
});

describe('an administrator of another member account', () => {
  it.each(CHANGES)('may not %s on %s', async (action, resource, policy, decision) => {
    expect(await request(admin(MEMBER), action, resource, policy)).toBe(decision);
  });
});
