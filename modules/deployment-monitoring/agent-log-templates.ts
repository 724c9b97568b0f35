import { PARTITION } from '../arns';
import { equals, findInMap, getAtt, not, PSEUDO, ref, select, substitutePlaceholders } from '../cloudformation/intrinsics';
import type { CloudFormationTemplate } from '../cloudformation/template';
import { PolicyDocument, PolicyStatement } from '../policy-document';
import { type Problem, problem } from '../rules/problem';
import { type AgentLogSettings, agentLogKinds, agentLogNames, cloudWatchAgentConfiguration } from './agent-logs';

/**
 * The agent-log parts of the member templates: the log groups, the CloudWatch agent configurations
 * and the optional observability link in the Regional template; the managed policy instance roles
 * attach in the account-wide template.
 */

/** Fn::Sub placeholders, resolved by CloudFormation in each stack. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JavaScript template
const ACCOUNT = '${AWS::AccountId}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JavaScript template
const REGION = '${AWS::Region}';

/**
 * The Regional template's parameter holding the audit account's sink ARN in every governed Region,
 * in the order of `AgentLogSettings.regions`. Sink ARNs end in an id AWS picks
 * (`arn:aws:oam:<region>:<account>:sink/<id>`), so the template cannot compute them: the rollout
 * passes them as a stack set parameter, and each stack picks its Region's entry through the
 * `GovernedRegions` mapping (`Fn::Select` takes an `Fn::FindInMap` index: CloudFormation Template
 * Reference, intrinsic-function-reference-select.html).
 */
export const OBSERVABILITY_SINK_PARAMETER = 'ObservabilitySinkArns';
const REGION_MAPPING = 'GovernedRegions';
const LINK_CONDITION = 'LinkToObservabilitySink';

/** Log groups, one CloudWatch agent configuration per platform, the optional key and link. */
export function addAgentLogResources(template: CloudFormationTemplate, namePrefix: string, settings: AgentLogSettings): void {
  const names = agentLogNames(namePrefix);
  const kinds = agentLogKinds(settings.platforms);
  const groupArns = kinds.map((kind) => `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${names.logGroup(kind)}`);
  if (settings.encryptWithCustomerManagedKey) addAgentLogKey(template, groupArns);
  for (const kind of kinds) {
    template.addResource(logGroupId(kind), {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: names.logGroup(kind),
        RetentionInDays: settings.retentionInDays,
        ...(settings.encryptWithCustomerManagedKey ? { KmsKeyId: getAtt('AgentLogsKey', 'Arn') } : {}),
      },
    });
  }
  for (const platform of settings.platforms) {
    template.addResource(`${platform === 'linux' ? 'Linux' : 'Windows'}AgentConfiguration`, {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: names.configurationParameter(platform),
        Description: `CloudWatch agent configuration shipping the CodeDeploy agent logs of ${platform} instances`,
        Type: 'String',
        Tier: 'Standard',
        DataType: 'text',
        Value: JSON.stringify(cloudWatchAgentConfiguration(namePrefix, platform)),
      },
    });
  }
  if (settings.observabilitySink) addObservabilityLink(template, settings, kinds.map(names.logGroup));
}

/**
 * The managed policy instance roles attach: write the agent log groups and read the agent
 * configurations, in the governed Regions only. What the CloudWatch agent calls
 * (aws/amazon-cloudwatch-agent, plugins/outputs/cloudwatchlogs/internal/pusher/target.go and
 * sender.go): CreateLogStream (an existing stream is fine), PutLogEvents, CreateLogGroup only when
 * the group is missing and DescribeLogGroups/PutRetentionPolicy only when its configuration sets a
 * retention. The template creates the groups and owns their retention, so neither is granted: a
 * misnamed group fails loudly instead of appearing unmanaged, never expiring. DescribeLogStreams is
 * granted for agents older than the sequence-token removal, as AWS's CloudWatchAgentServerPolicy
 * does. The Region is a wildcard in the ARNs and `aws:RequestedRegion` lists the governed Regions:
 * one ARN per Region and group would outgrow the 6,144-character managed policy limit at 17 Regions.
 */
export function addAgentLogPolicy(template: CloudFormationTemplate, namePrefix: string, settings: AgentLogSettings): void {
  const names = agentLogNames(namePrefix);
  const policy = agentLogPolicyDocument(namePrefix, settings);
  template.addResource('AgentLogsPolicy', {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      ManagedPolicyName: names.instancePolicy,
      Description: 'Lets instances ship their CodeDeploy agent logs with the CloudWatch agent; attach it to instance roles',
      PolicyDocument: substitutePlaceholders(policy.toJSON()),
    },
  });
  template.addOutput('AgentLogsPolicyArn', {
    Value: getAtt('AgentLogsPolicy', 'PolicyArn'),
    Description: 'Attach to the instance roles of CodeDeploy instances',
    Export: { Name: names.instancePolicyExport },
  });
}

/**
 * The instance policy's document, with `${AWS::AccountId}` placeholders (see `addAgentLogPolicy`).
 */
export function agentLogPolicyDocument(namePrefix: string, settings: AgentLogSettings): PolicyDocument {
  const names = agentLogNames(namePrefix);
  const inGovernedRegions = { StringEquals: { 'aws:RequestedRegion': [...settings.regions] } };
  const logs = `arn:${PARTITION}:logs:*:${ACCOUNT}:log-group:`;
  return new PolicyDocument([
    new PolicyStatement({
      sid: 'WriteCodeDeployAgentLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: agentLogKinds(settings.platforms).flatMap((kind) => [
        `${logs}${names.logGroup(kind)}`,
        `${logs}${names.logGroup(kind)}:*`,
      ]),
      conditions: inGovernedRegions,
    }),
    new PolicyStatement({
      sid: 'ReadCodeDeployAgentConfiguration',
      actions: ['ssm:GetParameter'],
      resources: settings.platforms.map(
        (platform) => `arn:${PARTITION}:ssm:*:${ACCOUNT}:parameter/${names.configurationParameter(platform)}`,
      ),
      conditions: inGovernedRegions,
    }),
  ]);
}

/**
 * A managed policy holds at most 6,144 characters, whitespace not counted (IAM User Guide,
 * reference_iam-quotas.html; AWS Knowledge Center, iam-increase-policy-size).
 */
export const MANAGED_POLICY_SIZE_LIMIT = 6144;

/** The instance policy's size as IAM measures it, in an account (12 digits in place of the placeholder). */
export function agentLogPolicySize(namePrefix: string, settings: AgentLogSettings): number {
  return agentLogPolicyDocument(namePrefix, settings).render().split(ACCOUNT).join('123456789012').length;
}

/**
 * The stack parameters a rollout passes: the sink ARNs joined in the order of `settings.regions`,
 * or none when the settings link nothing. `sinkArns` may hold Terraform references.
 */
export function observabilitySinkParameters(
  settings: AgentLogSettings | undefined,
  sinkArns: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (!settings?.observabilitySink || !sinkArns) return undefined;
  return { [OBSERVABILITY_SINK_PARAMETER]: settings.regions.map((region) => sinkArns[region]).join(',') };
}

/**
 * Problems of the sink ARNs a rollout construct is given (prop `observabilitySinkArns`), against its
 * settings (prop `settings`): each with its field, value, rule and fix.
 */
export function observabilitySinkArnProblems(
  settings: AgentLogSettings | undefined,
  sinkArns: Readonly<Record<string, string>> | undefined,
  isToken: (value: string) => boolean,
): Problem[] {
  const sink = settings?.observabilitySink;
  const at = ['observabilitySinkArns'];
  if (!sink) {
    return sinkArns
      ? [
          problem(
            sinkArns,
            'is given but settings.agentLogs.observabilitySink is not set',
            'set the sink account, or leave the ARNs out',
            at,
          ),
        ]
      : [];
  }
  if (!sinkArns) {
    return [
      problem(
        undefined,
        'is missing: settings.agentLogs.observabilitySink links every account to a sink per Region',
        'give the ARN of the sink in each governed Region (ObservabilitySink.sinkArns)',
        at,
      ),
    ];
  }
  const problems: Problem[] = [];
  for (const region of settings.regions) {
    const arn = sinkArns[region];
    if (arn === undefined)
      problems.push(problem(undefined, `has no sink for governed Region "${region}"`, `add the ARN of the sink in ${region}`, at));
    else if (!isToken(arn) && !new RegExp(`^arn:aws:oam:${region}:${sink.accountId}:sink/[A-Za-z0-9-]+$`).test(arn)) {
      problems.push(
        problem(arn, `is not a sink of account ${sink.accountId} in ${region}`, `give arn:aws:oam:${region}:${sink.accountId}:sink/<id>`, [
          ...at,
          region,
        ]),
      );
    }
  }
  for (const region of Object.keys(sinkArns)) {
    if (!settings.regions.includes(region))
      problems.push(
        problem(sinkArns[region], 'is for a Region that is not governed', 'leave it out, or govern the Region', [...at, region]),
      );
  }
  return problems;
}

/**
 * A customer managed key per account and Region, only on request (see
 * `AgentLogSettings.encryptWithCustomerManagedKey` for the cost). The key policy is AWS's documented
 * one for CloudWatch Logs (AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html; aws-facts §2):
 * the Regional logs service principal, limited by the `aws:logs:arn` encryption context to this
 * template's log groups; administration stays with the account (its IAM policies decide), as in
 * the default key policy, because StackSets reach accounts whose administrators this library does
 * not know.
 */
function addAgentLogKey(template: CloudFormationTemplate, groupArns: readonly string[]): void {
  const policy = new PolicyDocument([
    new PolicyStatement({
      sid: 'AllowAccountAdministration',
      principal: { AWS: `arn:${PARTITION}:iam::${ACCOUNT}:root` },
      actions: ['kms:*'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'AllowCloudWatchLogsForAgentLogGroups',
      principal: { Service: `logs.${REGION}.amazonaws.com` },
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': [...groupArns] } },
    }),
  ]);
  template.addResource('AgentLogsKey', {
    Type: 'AWS::KMS::Key',
    Properties: {
      Description: 'Encrypts the CodeDeploy agent log groups of this account and Region',
      EnableKeyRotation: true,
      KeyPolicy: substitutePlaceholders(policy.toJSON()),
    },
  });
}

/**
 * The link sharing the agent log groups, and only them (`LogGroupConfiguration` filter: OAM API
 * Reference, API_LogGroupConfiguration.html), with the audit account's sink in the stack's Region:
 * cross-account observability works within a Region (AmazonCloudWatch/latest/monitoring/
 * CloudWatch-Unified-Cross-Account.html), so there is a sink per Region. The audit account itself
 * gets no link: its own log groups are in its console already, and a link joins a source account to
 * a monitoring account.
 */
function addObservabilityLink(template: CloudFormationTemplate, settings: AgentLogSettings, groupNames: readonly string[]): void {
  const sink = settings.observabilitySink!;
  template.addParameter(OBSERVABILITY_SINK_PARAMETER, {
    Type: 'CommaDelimitedList',
    Description: `ARN of the observability sink of account ${sink.accountId} in each governed Region, in the order of the ${REGION_MAPPING} mapping`,
  });
  template.addMapping(REGION_MAPPING, Object.fromEntries(settings.regions.map((region, i) => [region, { SinkIndex: String(i) }])));
  template.addCondition(LINK_CONDITION, not(equals(ref(PSEUDO.accountId), sink.accountId)));
  template.addResource('AgentLogsLink', {
    Type: 'AWS::Oam::Link',
    Condition: LINK_CONDITION,
    Properties: {
      LabelTemplate: '$AccountName',
      ResourceTypes: ['AWS::Logs::LogGroup'],
      SinkIdentifier: select(findInMap(REGION_MAPPING, ref(PSEUDO.region), 'SinkIndex'), ref(OBSERVABILITY_SINK_PARAMETER)),
      LinkConfiguration: {
        LogGroupConfiguration: { Filter: `LogGroupName IN (${groupNames.map((name) => `'${name}'`).join(', ')})` },
      },
    },
  });
}

function logGroupId(kind: string): string {
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)}LogGroup`;
}
