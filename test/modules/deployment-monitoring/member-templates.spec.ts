// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation Fn::Sub placeholders, not JavaScript templates
import { CLOUDFORMATION_TEMPLATE_BODY_LIMIT, type CloudFormationTemplateJson } from '../../../modules/cloudformation/template';
import type { InstanceAction, MemberRolloutSettings } from '../../../modules/deployment-monitoring/member-settings';
import {
  DEAD_LETTER_RETENTION_SECONDS,
  FORWARDING_RETRY_POLICY,
  globalMemberTemplate,
  INSTANCE_ACTION_RETRY_POLICY,
  regionalMemberTemplate,
} from '../../../modules/deployment-monitoring/member-templates';
import { type CloudFormationSpec, loadCloudFormationSpec } from '../../support/cloudformation-spec';
import { codeDeploySample, samplesMatching } from '../../support/codedeploy-fixtures';
import { matchesEventPattern } from '../../support/event-pattern';
import { transformInput } from '../../support/input-transformer';
import { CENTRAL_BUS, FORWARDING_ONLY, resolvedInAccount, SETTINGS } from '../../support/member-settings';

let spec: CloudFormationSpec;
beforeAll(async () => {
  spec = await loadCloudFormationSpec();
});

// Template JSON is read field by field; its exact shapes are asserted, not typed.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;
const resources = (json: CloudFormationTemplateJson) => json.Resources as Record<string, Json>;
const sub = (text: string) => ({ 'Fn::Sub': text });
const DLQ_ARN = { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] };

/** The trust policy every member role has: this account's rules of the given names, any Region. */
const trust = (...rules: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowOwnEventBridgeRules',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': sub('${AWS::AccountId}') },
        ArnLike: {
          'aws:SourceArn':
            rules.length === 1
              ? sub(`arn:aws:events:*:\${AWS::AccountId}:rule/${rules[0]}`)
              : rules.map((r) => sub(`arn:aws:events:*:\${AWS::AccountId}:rule/${r}`)),
        },
      },
    },
  ],
});

const ALL_KINDS: MemberRolloutSettings = {
  ...SETTINGS,
  instanceActions: [
    ...SETTINGS.instanceActions,
    { name: 'terminate-failed', action: 'terminate', states: ['FAILURE'] },
    { name: 'restart-stopped', action: 'restart', states: ['STOP'], deploymentGroups: ['canary'] },
  ],
};

/** The runbook of each action kind, written out here (not read from the module). */
const RUNBOOKS = {
  stop: 'AWS-StopEC2Instance',
  terminate: 'AWS-TerminateEC2Instance',
  restart: 'AWS-RestartEC2Instance',
  'create-image': 'AWS-CreateImage',
} as const;

/** The trust policy of every runbook role: Systems Manager Automation of this account. */
const RUNBOOK_TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowAutomationOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'ssm.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': sub('${AWS::AccountId}') },
        ArnLike: { 'aws:SourceArn': sub('arn:aws:ssm:*:${AWS::AccountId}:automation-execution/*') },
      },
    },
  ],
};

describe('member templates', () => {
  describe('globalMemberTemplate', () => {
    const json = globalMemberTemplate(SETTINGS).toJSON();

    it('creates the forwarding role and, per action kind in use, the rule role and the runbook role', () => {
      expect(Object.keys(json.Resources)).toEqual([
        'ForwardingRole',
        'StopActionRole',
        'StopRunbookRole',
        'CreateImageActionRole',
        'CreateImageRunbookRole',
      ]);
      expect(Object.keys(resources(globalMemberTemplate(ALL_KINDS).toJSON()))).toEqual([
        'ForwardingRole',
        'StopActionRole',
        'StopRunbookRole',
        'TerminateActionRole',
        'TerminateRunbookRole',
        'RestartActionRole',
        'RestartRunbookRole',
        'CreateImageActionRole',
        'CreateImageRunbookRole',
      ]);
      expect(Object.keys(resources(globalMemberTemplate(FORWARDING_ONLY).toJSON()))).toEqual(['ForwardingRole']);
      expect(Object.keys(resources(globalMemberTemplate({ ...SETTINGS, forwardingKinds: [] }).toJSON()))).toEqual([
        'StopActionRole',
        'StopRunbookRole',
        'CreateImageActionRole',
        'CreateImageRunbookRole',
      ]);
    });

    it('lets only this account’s forwarding rules assume the forwarding role, to put events on the central bus only', () => {
      expect(resources(json).ForwardingRole).toEqual({
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'acme-codedeploy-forwarder',
          Description: 'Lets the CodeDeploy forwarding rules put events on the central bus',
          AssumeRolePolicyDocument: trust('acme-codedeploy-forward'),
          Policies: [
            {
              PolicyName: 'Permissions',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Sid: 'PutEventsOnCentralBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: CENTRAL_BUS }],
              },
            },
          ],
        },
      });
      expect(json.Outputs).toEqual({ ForwardingRoleArn: { Value: { 'Fn::GetAtt': ['ForwardingRole', 'Arn'] } } });
    });

    it('lets each rule role start only its runbook, and pass only its runbook role to Systems Manager', () => {
      const roles = resources(globalMemberTemplate(ALL_KINDS).toJSON());
      for (const [kind, id, rule] of [
        ['stop', 'StopActionRole', 'stop-failed-prod'],
        ['terminate', 'TerminateActionRole', 'terminate-failed'],
        ['restart', 'RestartActionRole', 'restart-stopped'],
        ['create-image', 'CreateImageActionRole', 'image-before-deploy'],
      ] as const) {
        expect(roles[id].Properties.RoleName).toBe(`acme-codedeploy-${kind}`);
        expect(roles[id].Properties.AssumeRolePolicyDocument).toEqual(trust(`acme-codedeploy-${rule}`));
        expect(roles[id].Properties.Policies[0].PolicyDocument.Statement).toEqual([
          {
            Sid: 'StartRunbook',
            Effect: 'Allow',
            Action: 'ssm:StartAutomationExecution',
            Resource: [
              `arn:aws:ssm:*:*:automation-definition/${RUNBOOKS[kind]}`,
              `arn:aws:ssm:*:*:automation-definition/${RUNBOOKS[kind]}:*`,
              `arn:aws:ssm:*:*:document/${RUNBOOKS[kind]}`,
              sub('arn:aws:ssm:*:${AWS::AccountId}:automation-execution/*'),
            ],
          },
          {
            Sid: 'PassRunbookRole',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: sub(`arn:aws:iam::\${AWS::AccountId}:role/acme-codedeploy-${kind}-runbook`),
            Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          },
        ]);
        expect(roles[id].Condition).toBeUndefined();
      }
    });

    it('lets each runbook role, assumed by this account’s Automation only, make its runbook’s EC2 calls on this account’s instances', () => {
      const roles = resources(globalMemberTemplate(ALL_KINDS).toJSON());
      const instances = sub('arn:aws:ec2:*:${AWS::AccountId}:instance/*');
      const stateReads = {
        Sid: 'ReadInstanceState',
        Effect: 'Allow',
        Action: ['ec2:DescribeInstanceStatus', 'ec2:DescribeInstances'],
        Resource: '*',
      };
      for (const [id, kind, statements] of [
        [
          'StopRunbookRole',
          'stop',
          [{ Sid: 'ActOnInstancesOfThisAccount', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: instances }, stateReads],
        ],
        [
          'TerminateRunbookRole',
          'terminate',
          [{ Sid: 'ActOnInstancesOfThisAccount', Effect: 'Allow', Action: 'ec2:TerminateInstances', Resource: instances }, stateReads],
        ],
        [
          'RestartRunbookRole',
          'restart',
          [
            {
              Sid: 'ActOnInstancesOfThisAccount',
              Effect: 'Allow',
              Action: ['ec2:StopInstances', 'ec2:StartInstances'],
              Resource: instances,
            },
            stateReads,
          ],
        ],
        [
          'CreateImageRunbookRole',
          'create-image',
          [
            {
              Sid: 'ActOnInstancesOfThisAccount',
              Effect: 'Allow',
              Action: 'ec2:CreateImage',
              Resource: [instances, 'arn:aws:ec2:*::image/*', 'arn:aws:ec2:*::snapshot/*'],
            },
            { Sid: 'ReadInstanceState', Effect: 'Allow', Action: 'ec2:DescribeImages', Resource: '*' },
          ],
        ],
      ] as const) {
        expect(roles[id].Properties.RoleName).toBe(`acme-codedeploy-${kind}-runbook`);
        expect(roles[id].Properties.AssumeRolePolicyDocument).toEqual(RUNBOOK_TRUST);
        expect(roles[id].Properties.Policies[0].PolicyDocument.Statement).toEqual(statements);
      }
    });

    it('trusts every rule of a kind when several actions share it', () => {
      const settings = {
        ...FORWARDING_ONLY,
        instanceActions: [0, 1].map((i): InstanceAction => ({ name: `stop-${i}`, action: 'stop', states: ['FAILURE'] })),
      };
      expect(resources(globalMemberTemplate(settings).toJSON()).StopActionRole.Properties.AssumeRolePolicyDocument).toEqual(
        trust('acme-codedeploy-stop-0', 'acme-codedeploy-stop-1'),
      );
    });

    it('has no conditions: every account gets the same roles', () => {
      expect(json.Conditions).toBeUndefined();
    });
  });

  describe('regionalMemberTemplate', () => {
    const json = regionalMemberTemplate(SETTINGS).toJSON();

    it('creates the dead-letter queue, the forwarding rule and one rule per action', () => {
      expect(Object.keys(json.Resources)).toEqual([
        'DeadLetterQueue',
        'DeadLetterQueuePolicy',
        'ForwardingRule',
        'StopFailedProdActionRule',
        'ImageBeforeDeployActionRule',
      ]);
      expect(Object.keys(resources(regionalMemberTemplate(FORWARDING_ONLY).toJSON()))).toEqual([
        'DeadLetterQueue',
        'DeadLetterQueuePolicy',
        'ForwardingRule',
      ]);
    });

    it('forwards deployment and instance state changes from the default bus to the central bus with its role', () => {
      expect(resources(json).ForwardingRule).toEqual({
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'acme-codedeploy-forward',
          Description: 'Forwards CodeDeploy deployment and instance state changes to the central event bus',
          State: 'ENABLED',
          EventPattern: {
            source: ['aws.codedeploy'],
            'detail-type': ['CodeDeploy Deployment State-change Notification', 'CodeDeploy Instance State-change Notification'],
          },
          Targets: [
            {
              Id: 'CentralEventBus',
              Arn: CENTRAL_BUS,
              RoleArn: sub('arn:aws:iam::${AWS::AccountId}:role/acme-codedeploy-forwarder'),
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
              DeadLetterConfig: { Arn: DLQ_ARN },
            },
          ],
        },
      });
      expect(resources(json).ForwardingRule.Properties.EventBusName).toBeUndefined();
    });

    it('runs the stop action through its Automation runbook, on the EC2 instance the event names', () => {
      expect(resources(json).StopFailedProdActionRule).toEqual({
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'acme-codedeploy-stop-failed-prod',
          Description:
            'Runs AWS-StopEC2Instance (stops the instance) on CodeDeploy instance state changes of EC2 instances (stop-failed-prod)',
          State: 'ENABLED',
          EventPattern: {
            source: ['aws.codedeploy'],
            'detail-type': ['CodeDeploy Instance State-change Notification'],
            detail: { state: ['FAILURE'], application: ['checkout'], deploymentGroup: ['prod'], instanceId: [{ prefix: 'i-' }] },
          },
          Targets: [
            {
              Id: 'AWS-StopEC2Instance',
              Arn: sub('arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:automation-definition/AWS-StopEC2Instance'),
              InputTransformer: {
                InputPathsMap: { instanceId: '$.detail.instanceId' },
                InputTemplate: sub(
                  '{"InstanceId":[<instanceId>],"AutomationAssumeRole":["arn:aws:iam::${AWS::AccountId}:role/acme-codedeploy-stop-runbook"]}',
                ),
              },
              RoleArn: sub('arn:aws:iam::${AWS::AccountId}:role/acme-codedeploy-stop'),
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3600 },
              DeadLetterConfig: { Arn: DLQ_ARN },
            },
          ],
        },
      });
    });

    it('targets each runbook with its rule role and its runbook role; create-image without a reboot', () => {
      const rules = resources(regionalMemberTemplate(ALL_KINDS).toJSON());
      for (const [id, kind] of [
        ['TerminateFailedActionRule', 'terminate'],
        ['RestartStoppedActionRule', 'restart'],
        ['ImageBeforeDeployActionRule', 'create-image'],
      ] as const) {
        const runbookRole = `arn:aws:iam::\${AWS::AccountId}:role/acme-codedeploy-${kind}-runbook`;
        expect(rules[id].Condition).toBeUndefined();
        expect(rules[id].Properties.Targets).toEqual([
          {
            Id: RUNBOOKS[kind],
            Arn: sub(`arn:aws:ssm:\${AWS::Region}:\${AWS::AccountId}:automation-definition/${RUNBOOKS[kind]}`),
            InputTransformer: {
              InputPathsMap: { instanceId: '$.detail.instanceId' },
              InputTemplate: sub(
                `{"InstanceId":[<instanceId>],"AutomationAssumeRole":["${runbookRole}"]${kind === 'create-image' ? ',"NoReboot":["true"]' : ''}}`,
              ),
            },
            RoleArn: sub(`arn:aws:iam::\${AWS::AccountId}:role/acme-codedeploy-${kind}`),
            RetryPolicy: INSTANCE_ACTION_RETRY_POLICY,
            DeadLetterConfig: { Arn: DLQ_ARN },
          },
        ]);
      }
      expect(json.Conditions).toBeUndefined();
    });

    it('names the account-wide roles by ARN only, so a Regional stack can be created before them', () => {
      // No import, parameter or reference to the other stack: automatic deployment does not order the two StackSets.
      const text = regionalMemberTemplate(ALL_KINDS).render();
      expect(text).not.toContain('Fn::ImportValue');
      expect(regionalMemberTemplate(ALL_KINDS).toJSON().Parameters).toBeUndefined();
      const roleArns = Object.values(resources(regionalMemberTemplate(ALL_KINDS).toJSON())).flatMap((resource) =>
        (resource.Properties.Targets ?? []).map((target: Json) => target.RoleArn),
      );
      expect(roleArns).toHaveLength(1 + ALL_KINDS.instanceActions.length);
      for (const arn of roleArns)
        expect(arn).toEqual({ 'Fn::Sub': expect.stringMatching(/^arn:aws:iam::\$\{AWS::AccountId\}:role\/acme-codedeploy-[a-z-]+$/) });
    });

    it('keeps undelivered events 14 days in an SSE-SQS queue only its own rules can write to', () => {
      const queueArn = sub('arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:acme-codedeploy-dlq');
      const ruleArn = (name: string) => sub(`arn:aws:events:\${AWS::Region}:\${AWS::AccountId}:rule/acme-codedeploy-${name}`);
      expect(resources(json).DeadLetterQueue).toEqual({
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: 'acme-codedeploy-dlq', SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
      });
      expect(DEAD_LETTER_RETENTION_SECONDS).toBe(14 * 24 * 3600);
      expect(resources(json).DeadLetterQueuePolicy).toEqual({
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'DeadLetterQueue' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowRulesOfThisTemplate',
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: queueArn,
                Condition: {
                  ArnEquals: { 'aws:SourceArn': [ruleArn('forward'), ruleArn('stop-failed-prod'), ruleArn('image-before-deploy')] },
                },
              },
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 'sqs:*',
                Resource: queueArn,
                Condition: { Bool: { 'aws:SecureTransport': false } },
              },
            ],
          },
        },
      });
      expect(json.Outputs).toEqual({
        ForwardingRuleArn: { Value: { 'Fn::GetAtt': ['ForwardingRule', 'Arn'] } },
        DeadLetterQueueArn: { Value: DLQ_ARN },
      });
    });

    it('gives every rule a retry policy and the dead-letter queue', () => {
      for (const resource of Object.values(resources(regionalMemberTemplate(ALL_KINDS).toJSON()))) {
        if (resource.Type !== 'AWS::Events::Rule') continue;
        for (const target of resource.Properties.Targets) {
          expect(target.RetryPolicy).toEqual(
            resource.Properties.Name === 'acme-codedeploy-forward' ? FORWARDING_RETRY_POLICY : INSTANCE_ACTION_RETRY_POLICY,
          );
          expect(target.DeadLetterConfig).toEqual({ Arn: DLQ_ARN });
        }
      }
    });
  });

  describe('event patterns against the documented CodeDeploy samples', () => {
    const patternOf = (ruleId: string) => resources(regionalMemberTemplate(ALL_KINDS).toJSON())[ruleId].Properties.EventPattern;
    const matching = (ruleId: string) => samplesMatching((event) => matchesEventPattern(patternOf(ruleId), event));

    it('forwards every CodeDeploy state change and nothing else', () => {
      expect(matching('ForwardingRule')).toEqual([
        'deployment-failure',
        'deployment-stop',
        'deployment-success',
        'instance-failure',
        'instance-failure-staging',
        'instance-start',
        'instance-success',
      ]);
    });

    it('runs each action only on the instance events it names', () => {
      expect(matching('StopFailedProdActionRule')).toEqual(['instance-failure']);
      expect(matching('TerminateFailedActionRule')).toEqual(['instance-failure', 'instance-failure-staging']);
      expect(matching('RestartStoppedActionRule')).toEqual([]);
      expect(matching('ImageBeforeDeployActionRule')).toEqual([]);
    });

    it('skips instances without an EC2 id (on-premises instances), which forwarding still passes on', () => {
      // AWS documents no on-premises sample: the instance event with the instance id replaced (a
      // name, or an on-premises instance ARN), everything else as AWS's sample.
      const sample = codeDeploySample('instance-failure');
      for (const instanceId of ['onprem-web-01', 'arn:aws:codedeploy:us-east-1:123456789012:instance/onprem-web-01']) {
        const onPremises = { ...sample, detail: { ...(sample.detail as Json), instanceId } };
        expect(matchesEventPattern(patternOf('StopFailedProdActionRule'), onPremises)).toBe(false);
        expect(matchesEventPattern(patternOf('TerminateFailedActionRule'), onPremises)).toBe(false);
        expect(matchesEventPattern(patternOf('ForwardingRule'), onPremises)).toBe(true);
      }
      expect(matchesEventPattern(patternOf('StopFailedProdActionRule'), sample)).toBe(true);
    });
  });

  describe('input transformer against AWS’s sample instance event', () => {
    /** The InputTemplate as CloudFormation resolves it in the account that sent the event. */
    const targetOf = (ruleId: string, account: string) =>
      resolvedInAccount(resources(regionalMemberTemplate(ALL_KINDS).toJSON())[ruleId].Properties.Targets[0].InputTransformer, account) as {
        InputPathsMap: Record<string, string>;
        InputTemplate: string;
      };
    /** Parameters of each runbook (Systems Manager Automation runbook reference), all passed as lists of strings. */
    const RUNBOOK_PARAMETERS: Record<string, readonly string[]> = {
      'AWS-StopEC2Instance': ['AutomationAssumeRole', 'InstanceId'],
      'AWS-TerminateEC2Instance': ['AutomationAssumeRole', 'InstanceId'],
      'AWS-RestartEC2Instance': ['AutomationAssumeRole', 'InstanceId'],
      'AWS-CreateImage': ['AutomationAssumeRole', 'InstanceId', 'NoReboot'],
    };

    it('gives the runbook the instance id of the event and the runbook role of that account', () => {
      // instance-success.json is AWS's documented sample, verbatim.
      const event = codeDeploySample('instance-success') as Json;
      const output = transformInput(targetOf('StopFailedProdActionRule', event.account), event);
      expect(JSON.parse(output)).toEqual({
        InstanceId: ['i-0000000aaaaaaaaaa'],
        AutomationAssumeRole: [`arn:aws:iam::${event.account}:role/acme-codedeploy-stop-runbook`],
      });
    });

    it('produces exactly the parameters each runbook takes, each a list of strings', () => {
      const event = codeDeploySample('instance-success') as Json;
      for (const ruleId of [
        'StopFailedProdActionRule',
        'TerminateFailedActionRule',
        'RestartStoppedActionRule',
        'ImageBeforeDeployActionRule',
      ]) {
        const target = resources(regionalMemberTemplate(ALL_KINDS).toJSON())[ruleId].Properties.Targets[0];
        const parameters = JSON.parse(transformInput(targetOf(ruleId, event.account), event)) as Record<string, unknown>;
        expect(Object.keys(parameters).sort()).toEqual(RUNBOOK_PARAMETERS[target.Id]);
        for (const values of Object.values(parameters)) {
          expect(Array.isArray(values) && values.length === 1 && typeof values[0] === 'string').toBe(true);
        }
        expect(parameters.InstanceId).toEqual([(event.detail as Json).instanceId]);
        expect((parameters.AutomationAssumeRole as string[])[0]).toMatch(/^arn:aws:iam::\d{12}:role\/acme-codedeploy-[a-z-]+-runbook$/);
      }
    });
  });

  describe('against the CloudFormation resource specification', () => {
    it.each([
      ['the example settings', SETTINGS],
      ['every action kind', ALL_KINDS],
      ['forwarding only', FORWARDING_ONLY],
    ])('conform for %s', (_, settings) => {
      expect(spec.problems(globalMemberTemplate(settings).toJSON())).toEqual([]);
      expect(spec.problems(regionalMemberTemplate(settings).toJSON())).toEqual([]);
    });
  });

  describe('size', () => {
    it('stays within the TemplateBody limit with forty actions (synth refuses a template beyond it)', () => {
      const many: MemberRolloutSettings = {
        ...SETTINGS,
        instanceActions: Array.from(
          { length: 40 },
          (_, i): InstanceAction => ({
            name: `stop-${i}`,
            action: 'stop',
            applications: [`application-${i}`],
            deploymentGroups: ['prod', 'canary'],
            states: ['FAILURE', 'STOP'],
          }),
        ),
      };
      // Two roles per action kind: all four kinds still take a fraction of the limit.
      expect(globalMemberTemplate(ALL_KINDS).sizeBytes).toBeLessThan(CLOUDFORMATION_TEMPLATE_BODY_LIMIT / 4);
      expect(regionalMemberTemplate(SETTINGS).sizeBytes).toBeLessThan(CLOUDFORMATION_TEMPLATE_BODY_LIMIT / 10);
      expect(regionalMemberTemplate(many).sizeBytes).toBeLessThan(CLOUDFORMATION_TEMPLATE_BODY_LIMIT);
    });
  });

  it('renders the same text for the same settings', () => {
    expect(regionalMemberTemplate(SETTINGS).render()).toBe(regionalMemberTemplate({ ...SETTINGS }).render());
    expect(globalMemberTemplate(SETTINGS).render()).toBe(globalMemberTemplate({ ...SETTINGS }).render());
  });

  it('refuses invalid settings before building anything', () => {
    expect(() => regionalMemberTemplate({ ...SETTINGS, centralBusArn: 'bus' })).toThrow(
      'member rollout settings: settings.centralBusArn: "bus" is not an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>). Fix: write the ARN of the central bus, arn:aws:events:<region>:<account>:event-bus/<name>',
    );
    expect(() => globalMemberTemplate({ ...SETTINGS, centralBusArn: 'bus' })).toThrow('centralBusArn');
  });
});
