// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation Fn::Sub placeholders, not JavaScript templates
import { CLOUDFORMATION_TEMPLATE_BODY_LIMIT, type CloudFormationTemplateJson } from '../../../modules/cloudformation/template';
import {
  agentLogPolicySize,
  MANAGED_POLICY_SIZE_LIMIT,
  OBSERVABILITY_SINK_PARAMETER,
  observabilitySinkArnProblems,
  observabilitySinkParameters,
} from '../../../modules/deployment-monitoring/agent-log-templates';
import { cloudWatchAgentConfiguration } from '../../../modules/deployment-monitoring/agent-logs';
import { type MemberRolloutSettings, memberRolloutSettingsProblems } from '../../../modules/deployment-monitoring/member-settings';
import { globalMemberTemplate, regionalMemberTemplate } from '../../../modules/deployment-monitoring/member-templates';
import { COMMERCIAL_REGIONS } from '../../../modules/rules/identifiers';
import { problemLine } from '../../../modules/rules/problem';
import { type CloudFormationSpec, loadCloudFormationSpec } from '../../support/cloudformation-spec';
import { AGENT_LOGS, AGENT_LOGS_ONLY, SINK_ARNS, WITH_AGENT_LOGS } from '../../support/member-settings';
import { AUDIT } from '../../support/modules';

let spec: CloudFormationSpec;
beforeAll(async () => {
  spec = await loadCloudFormationSpec();
});

// Template JSON is read field by field; its exact shapes are asserted, not typed.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;
const resources = (json: CloudFormationTemplateJson) => json.Resources as Record<string, Json>;
const sub = (text: string) => ({ 'Fn::Sub': text });
const GROUP = (kind: string) => `/aws/codedeploy-agent/acme/${kind}`;
const WITH_KEY: MemberRolloutSettings = { ...WITH_AGENT_LOGS, agentLogs: { ...AGENT_LOGS, encryptWithCustomerManagedKey: true } };
/** Every commercial Region of the pinned provider at the time of writing: the fan-out the cost note counts. */
const SEVENTEEN = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'sa-east-1',
];

const lines = (settings: MemberRolloutSettings) => memberRolloutSettingsProblems(settings).map((p) => problemLine(p));

describe('agent-log templates', () => {
  describe('Regional template', () => {
    const json = regionalMemberTemplate(WITH_AGENT_LOGS).toJSON();

    it('adds three log groups, one agent configuration per platform and the link after the rules', () => {
      expect(Object.keys(json.Resources)).toEqual([
        'DeadLetterQueue',
        'DeadLetterQueuePolicy',
        'ForwardingRule',
        'StopFailedProdActionRule',
        'ImageBeforeDeployActionRule',
        'AgentLogGroup',
        'DeploymentsLogGroup',
        'UpdaterLogGroup',
        'LinuxAgentConfiguration',
        'WindowsAgentConfiguration',
        'AgentLogsLink',
      ]);
    });

    it('keeps each log group for the configured days, encrypted by CloudWatch Logs itself', () => {
      for (const kind of ['agent', 'deployments', 'updater']) {
        const id = `${kind.charAt(0).toUpperCase()}${kind.slice(1)}LogGroup`;
        expect(resources(json)[id]).toEqual({
          Type: 'AWS::Logs::LogGroup',
          Properties: { LogGroupName: GROUP(kind), RetentionInDays: 30 },
        });
      }
    });

    it('stores each platform’s CloudWatch agent configuration as a free standard String parameter', () => {
      expect(resources(json).LinuxAgentConfiguration).toEqual({
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Name: 'AmazonCloudWatch-acme-codedeploy-agent-linux',
          Description: 'CloudWatch agent configuration shipping the CodeDeploy agent logs of linux instances',
          Type: 'String',
          Tier: 'Standard',
          DataType: 'text',
          Value: JSON.stringify(cloudWatchAgentConfiguration('acme', 'linux')),
        },
      });
      expect(resources(json).WindowsAgentConfiguration.Properties).toMatchObject({
        Name: 'AmazonCloudWatch-acme-codedeploy-agent-windows',
        Value: JSON.stringify(cloudWatchAgentConfiguration('acme', 'windows')),
      });
    });

    it('links the agent log groups, and only them, to the sink of the stack’s Region, outside the audit account', () => {
      expect(json.Parameters).toEqual({
        ObservabilitySinkArns: {
          Type: 'CommaDelimitedList',
          Description: `ARN of the observability sink of account ${AUDIT} in each governed Region, in the order of the GovernedRegions mapping`,
        },
      });
      expect(json.Mappings).toEqual({ GovernedRegions: { 'us-east-1': { SinkIndex: '0' }, 'eu-west-1': { SinkIndex: '1' } } });
      expect(json.Conditions).toMatchObject({
        LinkToObservabilitySink: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, AUDIT] }] },
      });
      expect(resources(json).AgentLogsLink).toEqual({
        Type: 'AWS::Oam::Link',
        Condition: 'LinkToObservabilitySink',
        Properties: {
          LabelTemplate: '$AccountName',
          ResourceTypes: ['AWS::Logs::LogGroup'],
          SinkIdentifier: {
            'Fn::Select': [{ 'Fn::FindInMap': ['GovernedRegions', { Ref: 'AWS::Region' }, 'SinkIndex'] }, { Ref: 'ObservabilitySinkArns' }],
          },
          LinkConfiguration: {
            LogGroupConfiguration: { Filter: `LogGroupName IN ('${GROUP('agent')}', '${GROUP('deployments')}', '${GROUP('updater')}')` },
          },
        },
      });
    });

    it('has no link, parameter or mapping without a sink', () => {
      const plain = regionalMemberTemplate({ ...WITH_AGENT_LOGS, agentLogs: { ...AGENT_LOGS, observabilitySink: undefined } }).toJSON();
      expect(plain.Parameters).toBeUndefined();
      expect(plain.Mappings).toBeUndefined();
      expect(Object.keys(plain.Resources)).not.toContain('AgentLogsLink');
    });

    it('creates only the Linux configuration and the agent log groups Linux needs for a Linux fleet, and no dead-letter queue without rules', () => {
      const only = regionalMemberTemplate(AGENT_LOGS_ONLY).toJSON();
      expect(Object.keys(only.Resources)).toEqual(['AgentLogGroup', 'DeploymentsLogGroup', 'UpdaterLogGroup', 'LinuxAgentConfiguration']);
      expect(only.Outputs).toBeUndefined();
      expect(resources(only).AgentLogGroup.Properties.RetentionInDays).toBe(7);
      const windows = regionalMemberTemplate({ ...AGENT_LOGS_ONLY, agentLogs: { ...AGENT_LOGS_ONLY.agentLogs!, platforms: ['windows'] } });
      expect(windows.resourceIds).toEqual(['AgentLogGroup', 'DeploymentsLogGroup', 'WindowsAgentConfiguration']);
    });

    it('encrypts the log groups with a key of their own only on request, usable by CloudWatch Logs for these groups only', () => {
      const keyed = regionalMemberTemplate(WITH_KEY).toJSON();
      const groupArn = (kind: string) => sub(`arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${GROUP(kind)}`);
      expect(resources(keyed).AgentLogsKey).toEqual({
        Type: 'AWS::KMS::Key',
        Properties: {
          Description: 'Encrypts the CodeDeploy agent log groups of this account and Region',
          EnableKeyRotation: true,
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowAccountAdministration',
                Effect: 'Allow',
                Principal: { AWS: sub('arn:aws:iam::${AWS::AccountId}:root') },
                Action: 'kms:*',
                Resource: '*',
              },
              {
                Sid: 'AllowCloudWatchLogsForAgentLogGroups',
                Effect: 'Allow',
                Principal: { Service: sub('logs.${AWS::Region}.amazonaws.com') },
                Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
                Resource: '*',
                Condition: {
                  ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': [groupArn('agent'), groupArn('deployments'), groupArn('updater')] },
                },
              },
            ],
          },
        },
      });
      for (const id of ['AgentLogGroup', 'DeploymentsLogGroup', 'UpdaterLogGroup']) {
        expect(resources(keyed)[id].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': ['AgentLogsKey', 'Arn'] });
      }
      expect(Object.values(resources(json)).filter((r) => r.Type === 'AWS::KMS::Key')).toEqual([]);
    });
  });

  describe('account-wide template', () => {
    const json = globalMemberTemplate(WITH_AGENT_LOGS).toJSON();
    const logGroup = (kind: string, suffix = '') => sub(`arn:aws:logs:*:\${AWS::AccountId}:log-group:${GROUP(kind)}${suffix}`);
    const inRegions = { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } };

    it('adds the instance policy after the roles', () => {
      expect(Object.keys(json.Resources)).toEqual([
        'ForwardingRole',
        'StopActionRole',
        'StopRunbookRole',
        'CreateImageActionRole',
        'CreateImageRunbookRole',
        'AgentLogsPolicy',
      ]);
      expect(Object.keys(resources(globalMemberTemplate(AGENT_LOGS_ONLY).toJSON()))).toEqual(['AgentLogsPolicy']);
    });

    it('lets instances write the agent log groups and read the agent configurations, in the governed Regions only', () => {
      expect(resources(json).AgentLogsPolicy).toEqual({
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          ManagedPolicyName: 'acme-codedeploy-agent-logs',
          Description: 'Lets instances ship their CodeDeploy agent logs with the CloudWatch agent; attach it to instance roles',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'WriteCodeDeployAgentLogs',
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
                Resource: [
                  logGroup('agent'),
                  logGroup('agent', ':*'),
                  logGroup('deployments'),
                  logGroup('deployments', ':*'),
                  logGroup('updater'),
                  logGroup('updater', ':*'),
                ],
                Condition: inRegions,
              },
              {
                Sid: 'ReadCodeDeployAgentConfiguration',
                Effect: 'Allow',
                Action: 'ssm:GetParameter',
                Resource: [
                  sub('arn:aws:ssm:*:${AWS::AccountId}:parameter/AmazonCloudWatch-acme-codedeploy-agent-linux'),
                  sub('arn:aws:ssm:*:${AWS::AccountId}:parameter/AmazonCloudWatch-acme-codedeploy-agent-windows'),
                ],
                Condition: inRegions,
              },
            ],
          },
        },
      });
    });

    it('never lets instances create log groups or change retention', () => {
      const actions = (resources(json).AgentLogsPolicy.Properties.PolicyDocument.Statement as Json[]).flatMap((s) => s.Action);
      expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'ssm:GetParameter']);
    });

    it('exports the policy ARN under a stable name', () => {
      expect(json.Outputs?.AgentLogsPolicyArn).toEqual({
        Value: { 'Fn::GetAtt': ['AgentLogsPolicy', 'PolicyArn'] },
        Description: 'Attach to the instance roles of CodeDeploy instances',
        Export: { Name: 'acme-codedeploy-agent-logs-policy-arn' },
      });
    });

    it('stays within the 6,144-character managed policy limit at seventeen Regions', () => {
      const size = agentLogPolicySize('org-deployment-monitoring', { ...AGENT_LOGS, regions: SEVENTEEN });
      expect(size).toBeLessThan(MANAGED_POLICY_SIZE_LIMIT / 2);
      const letters = (i: number) => String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26));
      const many = Array.from({ length: 400 }, (_, i) => `xx-region${letters(i)}-1`);
      // Every commercial Region with the longest prefix the role names allow stays within the limit.
      const longest = 'p'.repeat(32);
      expect(agentLogPolicySize(longest, { ...AGENT_LOGS, regions: [...COMMERCIAL_REGIONS] })).toBeLessThan(MANAGED_POLICY_SIZE_LIMIT);
      expect(lines({ ...WITH_AGENT_LOGS, namePrefix: longest, agentLogs: { ...AGENT_LOGS, regions: [...COMMERCIAL_REGIONS] } })).toEqual(
        [],
      );
      // Made-up Regions are refused by the Region rule before any size is measured.
      expect(lines({ ...WITH_AGENT_LOGS, agentLogs: { ...AGENT_LOGS, regions: ['us-east-1', ...many] } })).toHaveLength(400);
      expect(lines({ ...WITH_AGENT_LOGS, agentLogs: { ...AGENT_LOGS, regions: ['us-east-1', ...many] } })[0]).toBe(
        `agentLogs.regions[1]: "xx-regionaa-1" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
      );
    });
  });

  describe('sink ARNs as a stack parameter', () => {
    it('joins the sink ARNs in the order of the Regions, which the mapping indexes', () => {
      expect(observabilitySinkParameters(AGENT_LOGS, SINK_ARNS)).toEqual({
        [OBSERVABILITY_SINK_PARAMETER]: `${SINK_ARNS['us-east-1']},${SINK_ARNS['eu-west-1']}`,
      });
      expect(observabilitySinkParameters({ ...AGENT_LOGS, observabilitySink: undefined }, SINK_ARNS)).toBeUndefined();
      expect(observabilitySinkParameters(undefined, undefined)).toBeUndefined();
    });

    it('refuse missing, extra and foreign sinks, and accept Terraform references', () => {
      const isToken = (value: string) => value.startsWith('${');
      expect(observabilitySinkArnProblems(AGENT_LOGS, SINK_ARNS, isToken)).toEqual([]);
      expect(observabilitySinkArnProblems(AGENT_LOGS, { 'us-east-1': '${ref}', 'eu-west-1': '${ref}' }, isToken)).toEqual([]);
      const sinkLines = (...args: Parameters<typeof observabilitySinkArnProblems>) =>
        observabilitySinkArnProblems(...args).map((p) => problemLine(p));
      expect(sinkLines(AGENT_LOGS, undefined, isToken)).toEqual([
        'observabilitySinkArns: is missing: settings.agentLogs.observabilitySink links every account to a sink per Region. Fix: give the ARN of the sink in each governed Region (ObservabilitySink.sinkArns)',
      ]);
      expect(sinkLines({ ...AGENT_LOGS, observabilitySink: undefined }, SINK_ARNS, isToken)).toEqual([
        `observabilitySinkArns: ${JSON.stringify(SINK_ARNS)} is given but settings.agentLogs.observabilitySink is not set. Fix: set the sink account, or leave the ARNs out`,
      ]);
      const wrong = { 'us-east-1': SINK_ARNS['eu-west-1'], 'ap-south-1': SINK_ARNS['eu-west-1'] };
      expect(sinkLines(AGENT_LOGS, wrong, isToken)).toEqual([
        `observabilitySinkArns["us-east-1"]: "${SINK_ARNS['eu-west-1']}" is not a sink of account ${AUDIT} in us-east-1. Fix: give arn:aws:oam:us-east-1:${AUDIT}:sink/<id>`,
        'observabilitySinkArns: has no sink for governed Region "eu-west-1". Fix: add the ARN of the sink in eu-west-1',
        `observabilitySinkArns["ap-south-1"]: "${SINK_ARNS['eu-west-1']}" is for a Region that is not governed. Fix: leave it out, or govern the Region`,
      ]);
    });
  });

  describe('against the CloudFormation resource specification', () => {
    it.each([
      ['both platforms with a sink', WITH_AGENT_LOGS],
      ['a customer managed key', WITH_KEY],
      ['agent logs only', AGENT_LOGS_ONLY],
    ])('conform for %s', (_, settings) => {
      expect(spec.problems(globalMemberTemplate(settings).toJSON())).toEqual([]);
      expect(spec.problems(regionalMemberTemplate(settings).toJSON())).toEqual([]);
    });

    it('knows the attributes the templates read', () => {
      expect(spec.resourceType('AWS::IAM::ManagedPolicy')?.attributes).toHaveProperty('PolicyArn');
      expect(spec.resourceType('AWS::KMS::Key')?.attributes).toHaveProperty('Arn');
      expect(spec.resourceType('AWS::Oam::Link')?.properties.ResourceTypes.required).toBe(true);
    });
  });

  describe('size', () => {
    it('stays far within the TemplateBody limit with every option at seventeen Regions', () => {
      const settings = { ...WITH_KEY, homeRegion: 'us-east-1', agentLogs: { ...WITH_KEY.agentLogs!, regions: SEVENTEEN } };
      expect(regionalMemberTemplate(settings).sizeBytes).toBeLessThan(CLOUDFORMATION_TEMPLATE_BODY_LIMIT / 5);
      expect(globalMemberTemplate(settings).sizeBytes).toBeLessThan(CLOUDFORMATION_TEMPLATE_BODY_LIMIT / 5);
    });
  });

  it('refuses agent-log settings without the home Region', () => {
    expect(() => regionalMemberTemplate({ ...WITH_AGENT_LOGS, agentLogs: { ...AGENT_LOGS, regions: ['eu-west-1'] } })).toThrow(
      'member rollout settings: settings.agentLogs.regions: ["eu-west-1"] leave out the home Region "us-east-1". Fix: add "us-east-1": governed Regions include it',
    );
  });
});
