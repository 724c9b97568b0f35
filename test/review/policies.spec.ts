/**
 * tooling/review/policies.ts, the policy model the review renders and the security diff compares:
 * normalization, every place a policy can live, and the words the tables use for statements.
 */

import { normalizeStatement } from '../../modules/policy';
import { appFromStacks, Resolver } from '../../tooling/model';
import { extractPolicies, type ResourcePolicy } from '../../tooling/review/policy';
import { conditionText, statementText } from '../../tooling/review/policy/text';
import type { StackJson } from '../../tooling/terraform';
import { ref } from './fixtures';

const ACCOUNT = '111122223333';

function policiesOf(resource: StackJson['resource'], data?: StackJson['data']): ResourcePolicy[] {
  const json: StackJson = {
    provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: [ACCOUNT] }] },
    resource,
    ...(data ? { data } : {}),
  };
  return extractPolicies(new Resolver(appFromStacks([{ name: 'app', json }])));
}

describe('policies > extraction', () => {
  it('reads aws_iam_policy_document data sources a policy refers to', () => {
    const [trust, inline] = policiesOf(
      {
        aws_iam_role: { R: { name: 'reader', assume_role_policy: ref('data.aws_iam_policy_document.Trust.json') } },
        aws_iam_role_policy: { P: { role: ref('aws_iam_role.R.name'), policy: ref('data.aws_iam_policy_document.Read.json') } },
      },
      {
        aws_iam_policy_document: {
          Trust: { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }] },
          Read: {
            statement: [
              {
                sid: 'ReadLogs',
                effect: 'Allow',
                actions: ['s3:GetObject'],
                resources: ['arn:aws:s3:::logs/*'],
                condition: [{ test: 'StringEquals', variable: 'aws:PrincipalOrgID', values: ['o-abc'] }],
              },
            ],
            source_policy_documents: ['{}'],
          },
        },
      },
    );
    expect(trust).toMatchObject({
      kind: 'trust',
      target: 'role reader',
      statements: [{ effect: 'Allow', principals: [{ type: 'Service', id: 'lambda.amazonaws.com' }] }],
    });
    expect(inline).toMatchObject({
      kind: 'identity',
      appliesTo: ['role reader'],
      problems: ['data.aws_iam_policy_document.Read also merges source_policy_documents: not shown'],
    });
    expect(inline.statements[0].conditions).toEqual([{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc'] }]);
    expect(inline.size).toBeUndefined();
  });

  it('names what managed policies and organization policies are attached to, and skips non-IAM organization policies', () => {
    const doc = JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }] });
    const policies = policiesOf({
      aws_iam_role: { R: { name: 'app', assume_role_policy: JSON.stringify({ Statement: [] }) } },
      aws_iam_policy: { M: { name: 'managed', policy: doc } },
      aws_iam_role_policy_attachment: {
        A: { role: ref('aws_iam_role.R.name'), policy_arn: ref('aws_iam_policy.M.arn') },
        B: { role: 'app', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      },
      aws_organizations_policy: { Scp: { name: 'deny', content: doc }, Tags: { name: 'tags', type: 'TAG_POLICY', content: '{"tags":{}}' } },
      aws_organizations_policy_attachment: { At: { policy_id: ref('aws_organizations_policy.Scp.id'), target_id: 'ou-ab12-cdefgh34' } },
    });
    expect(policies.map((p) => [p.kind, p.target, p.appliesTo, p.notes])).toEqual([
      ['trust', 'role app', [], ['also has IAM policy managed', 'also has managed policy arn:aws:iam::aws:policy/ReadOnlyAccess']],
      ['identity', 'IAM policy managed', ['role app'], []],
      ['scp', 'SCP deny', ['ou-ab12-cdefgh34'], []],
    ]);
  });

  it('turns EventBridge permissions into bus policy statements and finds policies of any other resource type', () => {
    const policies = policiesOf({
      aws_cloudwatch_event_bus: { B: { name: 'central' } },
      aws_cloudwatch_event_permission: {
        Org: {
          principal: '*',
          statement_id: 'OrgAccess',
          event_bus_name: ref('aws_cloudwatch_event_bus.B.name'),
          condition: { key: 'aws:PrincipalOrgID', type: 'StringEquals', value: 'o-abc' },
        },
      },
      aws_ecr_repository_policy: {
        E: {
          repository: 'app',
          policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'ecr:BatchGetImage' }] }),
        },
      },
      aws_sns_topic_policy: { Computed: { arn: 'arn:aws:sns:eu-west-1:1:t', policy: ref('aws_iam_policy.Elsewhere.policy') } },
    });
    expect(policies.map((p) => [p.kind, p.target])).toEqual([
      ['event-bus', 'event bus central'],
      ['other', 'ecr repository policy E'],
      ['topic', 'topic arn:aws:sns:eu-west-1:1:t'],
    ]);
    expect(policies[0].statements[0]).toMatchObject({
      sid: 'OrgAccess',
      principals: [{ type: '*', id: '*' }],
      actions: ['events:PutEvents'],
      resources: [`arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/central`],
      conditions: [{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc'] }],
    });
    expect(policies[2].problems).toEqual([`is computed (${ref('aws_iam_policy.Elsewhere.policy')}): not shown`]);
  });

  it('gives every policy a stable id for diffs', () => {
    const [p] = policiesOf({ aws_kms_key: { K: { policy: JSON.stringify({ Statement: [] }) } } });
    expect(p.id).toBe('app/aws_kms_key.K#policy');
  });
});

describe('policies > statements in words', () => {
  const display = (v: string) => v;
  const bucketPolicy = { kind: 'bucket', target: 'bucket b', appliesTo: [] } as unknown as ResourcePolicy;

  it('folds the conditions that only narrow who into "who" and keeps the rest under "when"', () => {
    const text = statementText(
      bucketPolicy,
      normalizeStatement({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc', 's3:ExistingObjectTag/team': 'red' } },
      }),
      display,
    );
    expect(text).toEqual({
      who: 'anyone, only principals in organization `o-abc`',
      may: 's3: GetObject',
      on: '`arn:aws:s3:::b/*`',
      when: '`s3:ExistingObjectTag/team` = `red`',
    });
  });

  it('calls an unconditioned wildcard Allow public and a wildcard Deny everyone', () => {
    expect(statementText(bucketPolicy, normalizeStatement({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }), display).who).toBe(
      'anyone (public)',
    );
    expect(statementText(bucketPolicy, normalizeStatement({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*' }), display).who).toBe(
      'everyone',
    );
  });

  it('words operators, IfExists and set operators, and Null checks', () => {
    expect(conditionText({ operator: 'ForAnyValue:StringLikeIfExists', key: 'aws:TagKeys', values: ['a*', 'b'] }, display)).toBe(
      '`aws:TagKeys` any value like `a*` or `b` (if present)',
    );
    expect(conditionText({ operator: 'Null', key: 'aws:SourceAccount', values: ['false'] }, display)).toBe(
      '`aws:SourceAccount` is present',
    );
    expect(conditionText({ operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8'] }, display)).toBe(
      '`aws:SourceIp` from `10.0.0.0/8`',
    );
  });

  it('words principals: accounts, roles in any account, service principals with regions, unknown services', () => {
    const who = (principal: unknown) =>
      statementText(bucketPolicy, normalizeStatement({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject' }), display).who;
    expect(who({ AWS: ['123456789012', 'arn:aws:iam::*:role/Deploy'] })).toBe('account 123456789012, role Deploy in any account');
    expect(who({ Service: 'logs.eu-west-1.amazonaws.com' })).toBe('CloudWatch Logs');
    expect(who({ Service: 'example.amazonaws.com' })).toBe('service example.amazonaws.com');
  });
});
