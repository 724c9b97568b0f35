/**
 * The delegated-administrator example (examples/delegated-administrator.json), as the owner evaluates
 * it: the trail's log group, metric filters, alarms, topics, delivery role and keys live in the
 * delegated administrator (a member account, here also the audit account), so its own administrator
 * (identity policy allows everything) is stopped by the literal synthesized SCPs alone; the deployment
 * role pinned there keeps managing them (no lockout).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configSchema } from '../../stacks/config';
import { REPO_ROOT } from '../support/config';
import { allowIdentity, type Decision, policyAt, simulate, synthesizedPolicies } from '../support/simulate';
import { buildExample } from '../support/synth';

const config = configSchema.parse(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'delegated-administrator.json'), 'utf8')));
const built = buildExample(config);
const guardrailPolicies = synthesizedPolicies(built.stacks.get('organization-guardrails'));
// The trail's keys there trust their account (root): the SCP is what protects them.
const KEY_POLICY = policyAt(synthesizedPolicies(built.stacks.get('organization-trail')), 'organization-trail/CloudWatchLogs/Key/Key');
const SCPS = ['DeliveryPolicy', 'ArchivePolicy'].map((name) => policyAt(guardrailPolicies, `organization-guardrails/Guardrails/${name}`));

const DELEGATED = config.trail.delegatedAdministratorAccountId as string;
const REGION = config.homeRegion;
const ADMIN = `arn:aws:iam::${DELEGATED}:role/Administrator`;
const DEPLOYER = `arn:aws:iam::${DELEGATED}:role/${config.deployment.roleName}`;
// Names of the delegated-administrator example's organization-trail stack (written out here).
const LOG_GROUP = `arn:aws:logs:${REGION}:${DELEGATED}:log-group:cloudtrail/${config.trailName}`;
const ALARM = `arn:aws:cloudwatch:${REGION}:${DELEGATED}:alarm:${config.trailName}-trail-tampering`;
const TOPIC = `arn:aws:sns:${REGION}:${DELEGATED}:${config.trailName}-alarms`;
const DELIVERY_ROLE = `arn:aws:iam::${DELEGATED}:role/${config.trailName}-cloudwatch-logs`;
const KEY = `arn:aws:kms:${REGION}:${DELEGATED}:key/7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f`;
const KEY_ALIAS = `alias/${config.trailName}-cloudwatch-logs`;

function request(
  principal: string,
  action: string,
  resource: string,
  guardrails = true,
  extra: Record<string, string> = {},
): Decision | Promise<Decision> {
  return simulate({
    policy: action.startsWith('kms:') && resource.includes(':key/') ? KEY_POLICY : undefined,
    action,
    resource,
    resourceAccount: resource.split(':')[4] || DELEGATED,
    principal,
    identityPolicy: allowIdentity(['*']),
    context: {
      'aws:SecureTransport': 'true',
      'aws:PrincipalOrgID': config.organizationId,
      ...(action.startsWith('kms:') && resource.includes(':key/') ? { 'kms:ResourceAliases': [KEY_ALIAS] } : {}),
      ...extra,
    },
    serviceControlPolicies: guardrails ? SCPS : undefined,
  });
}

const TAMPERING: [string, string][] = [
  ['logs:DeleteLogGroup', LOG_GROUP],
  ['logs:DeleteMetricFilter', LOG_GROUP],
  ['logs:PutMetricFilter', LOG_GROUP],
  ['logs:PutRetentionPolicy', LOG_GROUP],
  ['logs:DeleteLogStream', `${LOG_GROUP}:log-stream:${config.organizationId}_${DELEGATED}_CloudTrail_${REGION}`],
  ['cloudwatch:DeleteAlarms', ALARM],
  ['cloudwatch:DisableAlarmActions', ALARM],
  ['sns:DeleteTopic', TOPIC],
  ['sns:SetTopicAttributes', TOPIC],
  // Silencing the alarm topic without touching it: drop or filter its subscriptions, or deny its messages.
  ['sns:Unsubscribe', TOPIC],
  ['sns:SetSubscriptionAttributes', TOPIC],
  ['sns:PutDataProtectionPolicy', TOPIC],
  ['iam:UpdateAssumeRolePolicy', DELIVERY_ROLE],
  ['iam:PassRole', DELIVERY_ROLE],
  ['kms:ScheduleKeyDeletion', KEY],
  ['kms:DisableKey', KEY],
  ['kms:UpdateAlias', `arn:aws:kms:${REGION}:${DELEGATED}:${KEY_ALIAS}`],
];

describe("the delegated administrator's own administrator", () => {
  it.each(TAMPERING)('cannot %s on %s (service control policy)', async (action, resource) => {
    expect(await request(ADMIN, action, resource)).toBe('ExplicitlyDenied');
  });

  it.each(TAMPERING)('could %s on %s without the guardrails (control: the SCP is what stops it)', async (action, resource) => {
    expect(await request(ADMIN, action, resource, false)).toBe('Allowed');
  });
});

describe('the deployment role pinned to the delegated administrator (no lockout)', () => {
  it.each(TAMPERING)('may still %s on %s', async (action, resource) => {
    expect(await request(DEPLOYER, action, resource)).toBe('Allowed');
  });
});

/*
 * Metric forgery: the alarms count with `Sum` over what their metric filters publish, so one data
 * point of -1000 in the same metric cancels every real match of the period and the alarm stays OK.
 */
describe("the alarms' metrics in the delegated administrator", () => {
  // The simulator needs a literal ARN; PutMetricData's only (optional) resource type is a dataset. The
  // deny's Resource is "*", so the conditions alone decide, as for a plain PutMetricData in AWS.
  const publish = (principal: string, namespace: string, region = REGION, guardrails = true) =>
    request(principal, 'cloudwatch:PutMetricData', `arn:aws:cloudwatch:${region}:${principal.split(':')[4]}:dataset/metrics`, guardrails, {
      'cloudwatch:namespace': namespace,
      'aws:RequestedRegion': region,
    });

  it.each(['CISBenchmark', 'OrgLogging'])('cannot be forged by its administrator in %s (service control policy)', async (namespace) => {
    expect(await publish(ADMIN, namespace)).toBe('ExplicitlyDenied');
  });

  it('could be forged without the guardrails (control)', async () => {
    expect(await publish(ADMIN, 'CISBenchmark', REGION, false)).toBe('Allowed');
  });

  it('leave other namespaces and other regions to the administrator (control)', async () => {
    expect(await publish(ADMIN, 'MyApp', REGION)).toBe('Allowed');
    expect(await publish(ADMIN, 'CISBenchmark', 'eu-west-1')).toBe('Allowed');
  });

  it('leave the same namespace names free in any other member account (control)', async () => {
    expect(await publish('arn:aws:iam::444455556666:role/Administrator', 'CISBenchmark')).toBe('Allowed');
  });
});
