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
import { CENTRAL_BUS, FORWARDING_ONLY, SETTINGS, SNAPSHOT_ACCOUNT, SNAPSHOT_REGION, VOLUME } from '../../support/member-settings';

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
    { name: 'reboot-stopped', action: 'reboot', states: ['STOP'], deploymentGroups: ['canary'] },
  ],
};

describe('member templates', () => {
  describe('globalMemberTemplate', () => {
    const json = globalMemberTemplate(SETTINGS).toJSON();

    it('creates the forwarding role and one role per action kind in use', () => {
      expect(Object.keys(json.Resources)).toEqual(['ForwardingRole', 'StopActionRole', 'CreateSnapshotActionRole']);
      expect(Object.keys(resources(globalMemberTemplate(ALL_KINDS).toJSON()))).toEqual([
        'ForwardingRole',
        'StopActionRole',
        'TerminateActionRole',
        'RebootActionRole',
        'CreateSnapshotActionRole',
      ]);
      expect(Object.keys(resources(globalMemberTemplate(FORWARDING_ONLY).toJSON()))).toEqual(['ForwardingRole']);
      expect(Object.keys(resources(globalMemberTemplate({ ...SETTINGS, forwardingKinds: [] }).toJSON()))).toEqual([
        'StopActionRole',
        'CreateSnapshotActionRole',
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

    it('grants each instance-action role exactly its one EC2 action on this account’s instances', () => {
      const roles = resources(globalMemberTemplate(ALL_KINDS).toJSON());
      for (const [id, action, rule] of [
        ['StopActionRole', 'StopInstances', 'stop-failed-prod'],
        ['TerminateActionRole', 'TerminateInstances', 'terminate-failed'],
        ['RebootActionRole', 'RebootInstances', 'reboot-stopped'],
      ]) {
        expect(roles[id].Properties.AssumeRolePolicyDocument).toEqual(trust(`acme-codedeploy-${rule}`));
        expect(roles[id].Properties.Policies[0].PolicyDocument.Statement).toEqual([
          { Sid: `Allow${action}`, Effect: 'Allow', Action: `ec2:${action}`, Resource: sub('arn:aws:ec2:*:${AWS::AccountId}:instance/*') },
        ]);
        expect(roles[id].Condition).toBeUndefined();
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

    it('creates the create-snapshot role only in the volume’s account, limited to that volume', () => {
      const volume = `arn:aws:ec2:${SNAPSHOT_REGION}:${SNAPSHOT_ACCOUNT}:volume/${VOLUME}`;
      expect(json.Conditions).toEqual({ InSnapshotAccount: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, SNAPSHOT_ACCOUNT] } });
      const role = resources(json).CreateSnapshotActionRole;
      expect(role.Condition).toBe('InSnapshotAccount');
      expect(role.Properties.RoleName).toBe('acme-codedeploy-create-snapshot');
      expect(role.Properties.AssumeRolePolicyDocument).toEqual(trust('acme-codedeploy-snapshot-before-deploy'));
      expect(role.Properties.Policies[0].PolicyDocument.Statement).toEqual([
        { Sid: 'AllowCreateSnapshotOfConfiguredVolumes', Effect: 'Allow', Action: 'ec2:CreateSnapshot', Resource: volume },
        {
          Sid: 'AllowSnapshotsOfConfiguredVolumes',
          Effect: 'Allow',
          Action: 'ec2:CreateSnapshot',
          Resource: `arn:aws:ec2:${SNAPSHOT_REGION}::snapshot/*`,
          Condition: { ArnEquals: { 'ec2:ParentVolume': volume } },
        },
      ]);
    });

    it('conditions the create-snapshot role on every volume account', () => {
      const second: InstanceAction = {
        name: 'snapshot-other',
        action: 'create-snapshot',
        states: ['START'],
        snapshot: { volumeId: 'vol-0fedcba9876543210', accountId: '666666666666', region: 'us-west-2' },
      };
      const settings = { ...SETTINGS, instanceActions: [...SETTINGS.instanceActions, second] };
      expect(globalMemberTemplate(settings).toJSON().Conditions).toEqual({
        InSnapshotAccount: {
          'Fn::Or': [
            { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, SNAPSHOT_ACCOUNT] },
            { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '666666666666'] },
          ],
        },
      });
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
        'SnapshotBeforeDeployActionRule',
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

    it('runs the stop action through the built-in target, on the instance the event names', () => {
      expect(resources(json).StopFailedProdActionRule).toEqual({
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'acme-codedeploy-stop-failed-prod',
          Description: 'Runs ec2:StopInstances on CodeDeploy instance state changes (stop-failed-prod)',
          State: 'ENABLED',
          EventPattern: {
            source: ['aws.codedeploy'],
            'detail-type': ['CodeDeploy Instance State-change Notification'],
            detail: { state: ['FAILURE'], application: ['checkout'], deploymentGroup: ['prod'] },
          },
          Targets: [
            {
              Id: 'StopInstance',
              Arn: sub('arn:aws:events:${AWS::Region}:${AWS::AccountId}:target/stop-instance'),
              RoleArn: sub('arn:aws:iam::${AWS::AccountId}:role/acme-codedeploy-stop'),
              InputPath: '$.detail.instanceId',
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3600 },
              DeadLetterConfig: { Arn: DLQ_ARN },
            },
          ],
        },
      });
    });

    it('targets terminate-instance and reboot-instance with their roles', () => {
      const rules = resources(regionalMemberTemplate(ALL_KINDS).toJSON());
      expect(rules.TerminateFailedActionRule.Properties.Targets[0]).toMatchObject({
        Id: 'TerminateInstance',
        Arn: sub('arn:aws:events:${AWS::Region}:${AWS::AccountId}:target/terminate-instance'),
        RoleArn: sub('arn:aws:iam::${AWS::AccountId}:role/acme-codedeploy-terminate'),
        InputPath: '$.detail.instanceId',
      });
      expect(rules.RebootStoppedActionRule.Properties.Targets[0]).toMatchObject({
        Id: 'RebootInstance',
        Arn: sub('arn:aws:events:${AWS::Region}:${AWS::AccountId}:target/reboot-instance'),
        RoleArn: sub('arn:aws:iam::${AWS::AccountId}:role/acme-codedeploy-reboot'),
        InputPath: '$.detail.instanceId',
      });
    });

    it('creates the create-snapshot rule only in the volume’s account and Region, with the volume id as input', () => {
      expect(json.Conditions).toEqual({
        SnapshotBeforeDeployHere: {
          'Fn::And': [
            { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, SNAPSHOT_ACCOUNT] },
            { 'Fn::Equals': [{ Ref: 'AWS::Region' }, SNAPSHOT_REGION] },
          ],
        },
      });
      const rule = resources(json).SnapshotBeforeDeployActionRule;
      expect(rule.Condition).toBe('SnapshotBeforeDeployHere');
      expect(rule.Properties.Targets).toEqual([
        {
          Id: 'CreateSnapshot',
          Arn: sub('arn:aws:events:${AWS::Region}:${AWS::AccountId}:target/create-snapshot'),
          RoleArn: sub('arn:aws:iam::${AWS::AccountId}:role/acme-codedeploy-create-snapshot'),
          Input: `"${VOLUME}"`,
          RetryPolicy: INSTANCE_ACTION_RETRY_POLICY,
          DeadLetterConfig: { Arn: DLQ_ARN },
        },
      ]);
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
                  ArnEquals: { 'aws:SourceArn': [ruleArn('forward'), ruleArn('stop-failed-prod'), ruleArn('snapshot-before-deploy')] },
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
      expect(matching('RebootStoppedActionRule')).toEqual([]);
      expect(matching('SnapshotBeforeDeployActionRule')).toEqual([]);
    });

    it('has instance events carry the instance id the built-in targets read', () => {
      const [name] = matching('StopFailedProdActionRule');
      expect((codeDeploySample(name).detail as Json).instanceId).toMatch(/^i-[0-9a-f]+$/);
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
    it('stays far within the TemplateBody limit, even with fifty actions', () => {
      const many: MemberRolloutSettings = {
        ...SETTINGS,
        instanceActions: Array.from(
          { length: 50 },
          (_, i): InstanceAction => ({
            name: `stop-${i}`,
            action: 'stop',
            applications: [`application-${i}`],
            deploymentGroups: ['prod', 'canary'],
            states: ['FAILURE', 'STOP'],
          }),
        ),
      };
      expect(globalMemberTemplate(SETTINGS).sizeBytes).toBeLessThan(CLOUDFORMATION_TEMPLATE_BODY_LIMIT / 10);
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
      'member rollout settings: centralBusArn: "bus" is not an event bus ARN',
    );
    expect(() => globalMemberTemplate({ ...SETTINGS, centralBusArn: 'bus' })).toThrow('centralBusArn');
  });
});
