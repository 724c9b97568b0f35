import { CLOUDWATCH_LOGS_RETENTION_DAYS } from '../cloudwatch-logs-retention';
import { accountIdProblems, regionProblems } from '../rules/identifiers';
import { logRetentionProblems } from '../rules/names';
import { type Problem, problem, problemsUnder, repeatProblems } from '../rules/problem';

/**
 * CodeDeploy agent logs in CloudWatch Logs, for every member account and governed Region: which
 * files the agent writes, the log groups they go to, the CloudWatch agent configuration that ships
 * them, and the checks on the settings. The template pieces are in agent-log-templates.ts.
 *
 * Sources (paths relative to https://docs.aws.amazon.com/; the awsdocs GitHub mirror of the
 * CodeDeploy user guide was read for the first two):
 * - codedeploy/latest/userguide/deployments-view-logs.html: Linux agent log
 *   `/var/log/aws/codedeploy-agent/codedeploy-agent.log`, deployment log
 *   `/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log`; Windows
 *   agent log `C:\ProgramData\Amazon\CodeDeploy\log\codedeploy-agent.log` for agent 2.0.x and later,
 *   `codedeploy-agent-log.txt` for 1.8.x and earlier. Agent 2.0 rotates its log daily into
 *   `codedeploy-agent.YYYYMMDD.log`, so the live file keeps its name.
 * - codedeploy/latest/userguide/codedeploy-agent-operations-cloudwatch-agent.html: the Linux updater
 *   log `/tmp/codedeploy-agent.update.log` and the Windows deployment log
 *   `C:\ProgramData\Amazon\CodeDeploy\deployment-logs\codedeploy-agent-deployments.log`.
 * - codedeploy/latest/userguide/reference-agent-configuration.html: the defaults of `:log_dir:` and
 *   `:root_dir:` these paths follow (an instance that changes them needs its own agent configuration).
 * - AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html: the `logs`
 *   section (`collect_list` entries of `file_path`, `log_group_name`, `log_stream_name`; one kind of
 *   file per log stream; the logs-level `log_stream_name`).
 */

/** Operating systems the CodeDeploy agent runs on, as far as its log locations differ. */
export type AgentPlatform = 'linux' | 'windows';

/** One log group per kind of agent log, shared by both platforms (streams are per instance). */
export type AgentLogKind = 'agent' | 'deployments' | 'updater';

export interface AgentLogFile {
  readonly platform: AgentPlatform;
  readonly kind: AgentLogKind;
  readonly path: string;
  /** The CloudWatch agent's log stream name (`{instance_id}` is its variable). */
  readonly stream: string;
}

/** Every file shipped, in the order of the agent configuration. Stream names keep kinds of files apart. */
export const AGENT_LOG_FILES: readonly AgentLogFile[] = [
  { platform: 'linux', kind: 'agent', path: '/var/log/aws/codedeploy-agent/codedeploy-agent.log', stream: '{instance_id}' },
  {
    platform: 'linux',
    kind: 'deployments',
    path: '/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log',
    stream: '{instance_id}',
  },
  { platform: 'linux', kind: 'updater', path: '/tmp/codedeploy-agent.update.log', stream: '{instance_id}' },
  { platform: 'windows', kind: 'agent', path: 'C:\\ProgramData\\Amazon\\CodeDeploy\\log\\codedeploy-agent.log', stream: '{instance_id}' },
  {
    platform: 'windows',
    kind: 'agent',
    path: 'C:\\ProgramData\\Amazon\\CodeDeploy\\log\\codedeploy-agent-log.txt',
    stream: '{instance_id}-agent-1.x',
  },
  {
    platform: 'windows',
    kind: 'deployments',
    path: 'C:\\ProgramData\\Amazon\\CodeDeploy\\deployment-logs\\codedeploy-agent-deployments.log',
    stream: '{instance_id}',
  },
];

/** Where the audit account's observability sinks are: every account but this one links to them. */
export interface ObservabilitySinkSettings {
  /** The monitoring (audit) account that owns a sink in every governed Region. */
  readonly accountId: string;
}

export interface AgentLogSettings {
  /** Days CloudWatch Logs keeps agent log events: one of `CLOUDWATCH_LOGS_RETENTION_DAYS`. */
  readonly retentionInDays: number;
  /** Platforms whose agent files are shipped; each gets its own CloudWatch agent configuration. */
  readonly platforms: readonly AgentPlatform[];
  /**
   * Governed Regions, in a fixed order: the instance policy may write the log groups and read the
   * agent configuration there only, and the observability link finds its Region's sink by position.
   */
  readonly regions: readonly string[];
  /**
   * A customer managed key per account and Region for the log groups. CloudWatch Logs always
   * encrypts log data at rest with its own keys (AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html);
   * a customer managed key costs about $1 a month, so 1,000 accounts in 17 Regions pay about
   * $17,000 a month for keys that protect operational agent logs, not audit evidence.
   * @default false - CloudWatch Logs service encryption
   */
  readonly encryptWithCustomerManagedKey?: boolean;
  /**
   * Links every account's agent log groups (and only those) to the audit account's CloudWatch
   * observability sink in each Region, for one console over all agent logs. The sink ARNs are a
   * stack parameter (`OBSERVABILITY_SINK_PARAMETER`), given to the rollout constructs by Region.
   * @default - no links
   */
  readonly observabilitySink?: ObservabilitySinkSettings;
}

/** What a rollout gets when the caller names only what differs (the config schema imports these). */
export const AGENT_LOG_DEFAULTS = {
  retentionInDays: 30,
  platforms: ['linux'] as readonly AgentPlatform[],
  encryptWithCustomerManagedKey: false,
} as const;

/** RetentionInDays values CloudWatch Logs accepts (re-exported: one list for every construct). */
export { CLOUDWATCH_LOGS_RETENTION_DAYS };

/**
 * The CloudWatch agent fetches a configuration from Parameter Store by name
 * (`amazon-cloudwatch-agent-ctl -a fetch-config -c ssm:<name>`, or the `AmazonCloudWatch-ManageAgent`
 * document); AWS's `CloudWatchAgentServerPolicy` lets instances read only names that start with
 * `AmazonCloudWatch-` (AmazonCloudWatch/latest/monitoring/create-iam-roles-for-cloudwatch-agent.html,
 * install-CloudWatch-Agent-on-EC2-Instance-fleet.html). Our names keep that prefix, so instances
 * that already use the managed policy can read them too.
 */
export const CLOUDWATCH_AGENT_PARAMETER_PREFIX = 'AmazonCloudWatch-';

/** Standard Parameter Store parameters hold at most 4,096 characters and cost nothing; Advanced ones are billed. */
export const STANDARD_PARAMETER_VALUE_LIMIT = 4096;

/** The stable names of what the agent-log templates create; instance roles and dashboards refer to them. */
export interface AgentLogNames {
  logGroup(kind: AgentLogKind): string;
  configurationParameter(platform: AgentPlatform): string;
  /** The managed policy instance roles attach. */
  readonly instancePolicy: string;
  /** The CloudFormation export of the policy ARN, in the home Region of each account. */
  readonly instancePolicyExport: string;
}

export function agentLogNames(namePrefix: string): AgentLogNames {
  return {
    logGroup: (kind) => `/aws/codedeploy-agent/${namePrefix}/${kind}`,
    configurationParameter: (platform) => `${CLOUDWATCH_AGENT_PARAMETER_PREFIX}${namePrefix}-codedeploy-agent-${platform}`,
    instancePolicy: `${namePrefix}-codedeploy-agent-logs`,
    instancePolicyExport: `${namePrefix}-codedeploy-agent-logs-policy-arn`,
  };
}

/** The files shipped for the given platforms, in a fixed order. */
export function agentLogFiles(platforms: readonly AgentPlatform[]): AgentLogFile[] {
  return AGENT_LOG_FILES.filter((file) => platforms.includes(file.platform));
}

/** The log groups the given platforms write to, each once, in a fixed order. */
export function agentLogKinds(platforms: readonly AgentPlatform[]): AgentLogKind[] {
  const used = new Set(agentLogFiles(platforms).map((file) => file.kind));
  return (['agent', 'deployments', 'updater'] as const).filter((kind) => used.has(kind));
}

/** The CloudWatch agent configuration (its `logs` section) that ships one platform's agent files. */
export function cloudWatchAgentConfiguration(namePrefix: string, platform: AgentPlatform) {
  const names = agentLogNames(namePrefix);
  return {
    logs: {
      logs_collected: {
        files: {
          collect_list: agentLogFiles([platform]).map((file) => ({
            file_path: file.path,
            log_group_name: names.logGroup(file.kind),
            log_stream_name: file.stream,
          })),
        },
      },
      log_stream_name: '{instance_id}',
    },
  };
}

const PLATFORMS: readonly string[] = ['linux', 'windows'];

/** A list the settings must fill, each entry valid by `rule` and named once. */
export function namedListProblems<T>(values: readonly T[], empty: string, rule: (value: T) => readonly Problem[]): Problem[] {
  if (values.length === 0) return [problem(values, 'is empty', empty)];
  return [...values.flatMap((value, i) => problemsUnder([i], rule(value))), ...repeatProblems(values)];
}

function platformProblems(platform: string): Problem[] {
  return PLATFORMS.includes(platform)
    ? []
    : [problem(platform, 'is not a platform the CodeDeploy agent logs are known for', 'use "linux" or "windows"')];
}

/**
 * Every problem of the agent-log settings at once, each with its field (the path from the member
 * rollout settings: `['agentLogs', 'regions', 1]`), value, rule and fix.
 */
export function agentLogSettingsProblems(settings: AgentLogSettings, namePrefix: string): Problem[] {
  const sink = settings.observabilitySink;
  const problems = problemsUnder(
    ['agentLogs'],
    [
      ...problemsUnder(['retentionInDays'], logRetentionProblems(settings.retentionInDays)),
      ...problemsUnder(['platforms'], namedListProblems(settings.platforms, 'name "linux", "windows" or both', platformProblems)),
      ...problemsUnder(['regions'], namedListProblems(settings.regions, 'give the governed Regions', regionProblems)),
      ...(sink ? problemsUnder(['observabilitySink', 'accountId'], accountIdProblems(sink.accountId)) : []),
    ],
  );
  if (problems.length > 0) return problems;
  // A standard parameter holds 4,096 characters (STANDARD_PARAMETER_VALUE_LIMIT); the prefix is in every log group name.
  return settings.platforms.flatMap((platform) => {
    const size = JSON.stringify(cloudWatchAgentConfiguration(namePrefix, platform)).length;
    return size > STANDARD_PARAMETER_VALUE_LIMIT
      ? [
          problem(
            namePrefix,
            `makes the ${platform} CloudWatch agent configuration ${size} characters; a standard SSM parameter holds ${STANDARD_PARAMETER_VALUE_LIMIT}`,
            'shorten namePrefix',
            ['namePrefix'],
          ),
        ]
      : [];
  });
}
