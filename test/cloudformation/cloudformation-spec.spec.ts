/**
 * The specification check (test/support/cloudformation-spec.ts) can fail: each kind of mistake it
 * exists to catch is reported, naming where it is.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation Fn::Sub placeholders, not JavaScript templates
import { type CloudFormationSpec, loadCloudFormationSpec } from '../support/cloudformation-spec';

let spec: CloudFormationSpec;
beforeAll(async () => {
  spec = await loadCloudFormationSpec();
});

const target = () => ({
  Id: 'Bus',
  Arn: 'arn:aws:events:us-east-1:333333333333:event-bus/central',
  RoleArn: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/forwarder' },
  RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
  DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
});

function template(rule: Record<string, unknown> = {}, targetOverrides: Record<string, unknown> = {}) {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'dlq', SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 } },
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'forward',
          State: 'ENABLED',
          EventPattern: { source: ['aws.codedeploy'] },
          Targets: [{ ...target(), ...targetOverrides }],
          ...rule,
        },
      },
    },
  };
}

describe('CloudFormation specification check', () => {
  it('accepts a template that conforms', () => {
    expect(spec.problems(template())).toEqual([]);
  });

  it('knows resource types and their attributes', () => {
    expect(spec.resourceType('AWS::Events::Rule')?.attributes).toHaveProperty('Arn');
    expect(spec.resourceType('AWS::Events::Rules')).toBeUndefined();
  });

  it('reports an unknown resource type', () => {
    const bad = template();
    (bad.Resources.Rule as { Type: string }).Type = 'AWS::Events::Rules';
    expect(spec.problems(bad)).toEqual(['Resources.Rule: AWS::Events::Rules is not a CloudFormation resource type']);
  });

  it('reports a misspelled property', () => {
    const bad = template({ EventPatern: { source: ['aws.codedeploy'] } });
    expect(spec.problems(bad)).toEqual(['Resources.Rule.Properties.EventPatern: AWS::Events::Rule has no property EventPatern']);
  });

  it('reports a misspelled property of a nested structure', () => {
    const bad = template({}, { RetryPolicy: { MaximumRetryAttempt: 3 } });
    expect(spec.problems(bad)).toEqual([
      'Resources.Rule.Properties.Targets[0].RetryPolicy.MaximumRetryAttempt: RetryPolicy has no property MaximumRetryAttempt',
    ]);
  });

  it('reports a missing required property, top level and nested', () => {
    const bad = template();
    delete (bad.Resources.Rule.Properties.Targets[0] as Record<string, unknown>).Id;
    (bad.Resources as Record<string, unknown>).Policy = { Type: 'AWS::SQS::QueuePolicy', Properties: { PolicyDocument: {} } };
    expect(spec.problems(bad)).toEqual([
      'Resources.Rule.Properties.Targets[0]: required property Id of Target is missing',
      'Resources.Policy.Properties: required property Queues of AWS::SQS::QueuePolicy is missing',
    ]);
  });

  it('reports values of the wrong shape and values outside the allowed ones', () => {
    const bad = template({ Targets: target(), State: 'ON' });
    expect(spec.problems(bad)).toEqual([
      'Resources.Rule.Properties.State: "ON" is not one of DISABLED, ENABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      'Resources.Rule.Properties.Targets: expected a list',
    ]);
    expect(spec.problems(template({}, { RetryPolicy: { MaximumRetryAttempts: 'many' } }))).toEqual([
      'Resources.Rule.Properties.Targets[0].RetryPolicy.MaximumRetryAttempts: expected a number',
    ]);
  });

  it('checks both branches of an Fn::If and accepts AWS::NoValue', () => {
    const ok = template({}, { RetryPolicy: { 'Fn::If': ['Prod', { MaximumRetryAttempts: 3 }, { Ref: 'AWS::NoValue' }] } });
    expect(spec.problems(ok)).toEqual([]);
    const bad = template({}, { RetryPolicy: { 'Fn::If': ['Prod', { MaximumRetryAttempts: 3 }, { MaxRetries: 1 }] } });
    expect(spec.problems(bad)).toEqual([
      'Resources.Rule.Properties.Targets[0].RetryPolicy.MaxRetries: RetryPolicy has no property MaxRetries',
    ]);
  });

  it('reports an Fn::GetAtt attribute the resource type does not have', () => {
    const bad = template({}, { DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Queue', 'QueueArn'] } } });
    expect(spec.problems(bad)).toEqual([
      'Resources.Rule.Properties.Targets[0].DeadLetterConfig.Arn: AWS::SQS::Queue has no attribute QueueArn (has Arn, QueueName, QueueUrl)',
    ]);
  });

  it('reports an unknown resource attribute and an empty template', () => {
    const bad = template();
    (bad.Resources.Rule as Record<string, unknown>).Conditon = 'Prod';
    expect(spec.problems(bad)).toEqual(['Resources.Rule: "Conditon" is not a resource attribute']);
    expect(spec.problems({ Resources: {} })).toEqual(['Resources: missing or empty']);
  });
});
