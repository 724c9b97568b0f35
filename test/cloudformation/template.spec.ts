// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation Fn::Sub placeholders, not JavaScript templates
import { equals, findInMap, getAtt, ifCondition, NO_VALUE, PSEUDO, ref, select, sub } from '../../modules/cloudformation/intrinsics';
import {
  addTemplateSizeValidation,
  CLOUDFORMATION_TEMPLATE_BODY_LIMIT,
  CloudFormationTemplate,
  terraformLiteral,
} from '../../modules/cloudformation/template';
import { testStack } from '../support/synth';

const queue = { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'dlq' } } as const;

describe('CloudFormationTemplate', () => {
  it('renders sections in CloudFormation order, leaving empty ones out', () => {
    const template = new CloudFormationTemplate({ description: 'test' })
      .addOutput('QueueArn', { Value: getAtt('Queue', 'Arn') })
      .addResource('Queue', queue)
      .addCondition('Prod', equals(ref(PSEUDO.region), 'eu-west-1'))
      .addParameter('Env', { Type: 'String', AllowedValues: ['prod', 'dev'] });
    expect(Object.keys(template.toJSON())).toEqual([
      'AWSTemplateFormatVersion',
      'Description',
      'Parameters',
      'Conditions',
      'Resources',
      'Outputs',
    ]);
    template.addMapping('Regions', { 'eu-west-1': { Index: '0' } });
    expect(Object.keys(template.toJSON())).toEqual([
      'AWSTemplateFormatVersion',
      'Description',
      'Parameters',
      'Mappings',
      'Conditions',
      'Resources',
      'Outputs',
    ]);
    expect(new CloudFormationTemplate().addResource('Queue', queue).toJSON()).toEqual({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { Queue: queue },
    });
  });

  it('renders minified JSON and measures it in UTF-8 bytes', () => {
    const template = new CloudFormationTemplate({ description: 'déploiement' }).addResource('Queue', queue);
    expect(template.render()).toBe(JSON.stringify(template.toJSON()));
    expect(template.render()).not.toContain('\n');
    expect(template.sizeBytes).toBe(template.render().length + 1);
  });

  it('states the TemplateBody limit from the CloudFormation quotas', () => {
    expect(CLOUDFORMATION_TEMPLATE_BODY_LIMIT).toBe(51200);
  });

  describe('logical ids', () => {
    it('must be alphanumeric', () => {
      expect(() => new CloudFormationTemplate().addResource('Dead-Letter', queue)).toThrow(
        'resource id "Dead-Letter" must be 1-255 characters of [A-Za-z0-9]',
      );
      expect(() => new CloudFormationTemplate().addCondition('', equals('a', 'b'))).toThrow('condition id ""');
    });

    it('must be unique among parameters and resources, and within conditions and outputs', () => {
      const template = new CloudFormationTemplate().addResource('Queue', queue).addCondition('Prod', equals('a', 'b'));
      expect(() => template.addResource('Queue', queue)).toThrow('resource id "Queue" is already used');
      expect(() => template.addParameter('Queue', { Type: 'String' })).toThrow('parameter id "Queue" is already used');
      expect(() => template.addCondition('Prod', equals('a', 'b'))).toThrow('condition id "Prod" is already used');
      template.addOutput('Prod', { Value: ref('Queue') });
      expect(() => template.addOutput('Prod', { Value: ref('Queue') })).toThrow('output id "Prod" is already used');
    });
  });

  describe('references', () => {
    it('resolve to declared parameters, resources, conditions and pseudo parameters', () => {
      const template = new CloudFormationTemplate()
        .addParameter('Env', { Type: 'String' })
        .addCondition('Prod', equals(ref('Env'), 'prod'))
        .addResource('Queue', { ...queue, Condition: 'Prod' })
        .addResource('Policy', {
          Type: 'AWS::SQS::QueuePolicy',
          DependsOn: 'Queue',
          Properties: {
            Queues: [ref('Queue')],
            PolicyDocument: { Resource: sub('arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}-${Env}-${!Literal}') },
            Other: ifCondition('Prod', getAtt('Queue', 'Arn'), NO_VALUE),
          },
        });
      expect(() => template.toJSON()).not.toThrow();
    });

    it('fail listing every dangling one', () => {
      const template = new CloudFormationTemplate().addCondition('Prod', { Condition: 'Staging' }).addResource('Policy', {
        Type: 'AWS::SQS::QueuePolicy',
        Condition: 'Dev',
        DependsOn: ['Queue'],
        Properties: {
          Queues: [ref('Queue')],
          Arn: getAtt('Topic', 'Arn'),
          Name: sub('${Missing}-${Gone.Attr}'),
          Pick: ifCondition('Test', 'a', 'b'),
        },
      });
      template.addOutput('Out', { Value: ref('Nope'), Condition: 'Never' });
      expect(() => template.toJSON()).toThrow(
        'CloudFormationTemplate: Conditions.Prod: undeclared condition "Staging"; ' +
          'Resources.Policy.Condition: undeclared condition "Dev"; ' +
          'Resources.Policy.DependsOn: undeclared resource "Queue"; ' +
          'Resources.Policy.Properties.Queues[0]: Ref to undeclared "Queue"; ' +
          'Resources.Policy.Properties.Arn: Fn::GetAtt on undeclared resource "Topic"; ' +
          'Resources.Policy.Properties.Name: Ref to undeclared "Missing"; ' +
          'Resources.Policy.Properties.Name: Fn::GetAtt on undeclared resource "Gone"; ' +
          'Resources.Policy.Properties.Pick: undeclared condition "Test"; ' +
          'Outputs.Out.Condition: undeclared condition "Never"; ' +
          'Outputs.Out.Value: Ref to undeclared "Nope"',
      );
    });

    it('resolve Fn::FindInMap to declared mappings and literal keys, and walk into Fn::Select and exports', () => {
      const template = new CloudFormationTemplate()
        .addParameter('Arns', { Type: 'CommaDelimitedList' })
        .addMapping('Regions', { 'eu-west-1': { Index: '0' } })
        .addResource('Queue', {
          ...queue,
          Properties: { QueueName: select(findInMap('Regions', ref(PSEUDO.region), 'Index'), ref('Arns')) },
        })
        .addOutput('Name', { Value: ref('Queue'), Export: { Name: sub('${AWS::StackName}-queue') } });
      expect(template.toJSON().Mappings).toEqual({ Regions: { 'eu-west-1': { Index: '0' } } });
      const dangling = new CloudFormationTemplate()
        .addMapping('Regions', { 'eu-west-1': { Index: '0' } })
        .addResource('Queue', {
          ...queue,
          Properties: {
            QueueName: select(findInMap('Zones', ref(PSEUDO.region), 'Index'), ref('Lists')),
            Other: findInMap('Regions', 'us-east-1', 'Index'),
          },
        })
        .addOutput('Name', { Value: 'x', Export: { Name: ref('Missing') } });
      expect(() => dangling.toJSON()).toThrow(
        'CloudFormationTemplate: Resources.Queue.Properties.QueueName.Fn::Select[0]: Fn::FindInMap on undeclared mapping "Zones"; ' +
          'Resources.Queue.Properties.QueueName.Fn::Select[1]: Ref to undeclared "Lists"; ' +
          'Resources.Queue.Properties.Other: mapping "Regions" has no key "us-east-1"; ' +
          'Outputs.Name.Export.Name: Ref to undeclared "Missing"',
      );
    });

    it('refuse an empty mapping, a key without values and a mapping name used twice', () => {
      expect(() => new CloudFormationTemplate().addMapping('Empty', {})).toThrow('mapping "Empty" has no keys');
      expect(() => new CloudFormationTemplate().addMapping('M', { a: {} })).toThrow('mapping "M" key "a" has no values');
      expect(() => new CloudFormationTemplate().addMapping('M', { a: { b: 'c' } }).addMapping('M', { a: { b: 'c' } })).toThrow(
        'mapping id "M" is already used',
      );
    });

    it('require at least one resource', () => {
      expect(() => new CloudFormationTemplate().toJSON()).toThrow('a template needs at least one resource');
    });
  });

  it('looks resources up by logical id', () => {
    const template = new CloudFormationTemplate().addResource('Queue', queue);
    expect(template.resourceIds).toEqual(['Queue']);
    expect(template.resource('Queue')).toBe(queue);
    expect(() => template.resource('Topic')).toThrow('no resource Topic (have Queue)');
  });

  it('refuses a description over 1,024 bytes', () => {
    expect(() => new CloudFormationTemplate({ description: 'x'.repeat(1025) })).toThrow('longer than 1,024 bytes');
  });

  describe('terraformLiteral', () => {
    it('escapes the template sequences Terraform would interpolate, and nothing else', () => {
      expect(terraformLiteral('{"Fn::Sub":"arn:aws:iam::${AWS::AccountId}:role/r"}')).toBe(
        '{"Fn::Sub":"arn:aws:iam::$${AWS::AccountId}:role/r"}',
      );
      expect(terraformLiteral('%{ if } ${a}${b} $ % {} "q"')).toBe('%%{ if } $${a}$${b} $ % {} "q"');
    });
  });

  describe('addTemplateSizeValidation', () => {
    it('passes a template within the TemplateBody limit and fails one over it', () => {
      const stack = testStack();
      const small = new CloudFormationTemplate().addResource('Queue', queue);
      const large = new CloudFormationTemplate().addResource('Queue', {
        ...queue,
        Properties: { QueueName: 'q'.repeat(CLOUDFORMATION_TEMPLATE_BODY_LIMIT) },
      });
      addTemplateSizeValidation(stack, small);
      expect(stack.node.validate()).toEqual([]);
      addTemplateSizeValidation(stack, large);
      expect(stack.node.validate()).toEqual([
        `test: template is ${large.sizeBytes} bytes; a CloudFormation template body holds at most ${CLOUDFORMATION_TEMPLATE_BODY_LIMIT} bytes`,
      ]);
    });
  });
});
