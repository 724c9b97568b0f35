import {
  AGENT_LOG_DEFAULTS,
  AGENT_LOG_FILES,
  type AgentLogSettings,
  agentLogFiles,
  agentLogKinds,
  agentLogNames,
  agentLogSettingsProblems,
  CLOUDWATCH_LOGS_RETENTION_DAYS,
  cloudWatchAgentConfiguration,
} from '../../../modules/deployment-monitoring/agent-logs';
import { COMMERCIAL_REGIONS } from '../../../modules/rules/identifiers';
import { problemLine } from '../../../modules/rules/problem';
import { AGENT_LOGS } from '../../support/member-settings';

const lines = (settings: AgentLogSettings, prefix: string) => agentLogSettingsProblems(settings, prefix).map((p) => problemLine(p));
const problems = (change: Partial<AgentLogSettings>) => lines({ ...AGENT_LOGS, ...change }, 'acme');

describe('CodeDeploy agent logs', () => {
  describe('files', () => {
    it('ships the documented agent, deployment and updater logs of each platform', () => {
      expect(AGENT_LOG_FILES.map((f) => [f.platform, f.kind, f.path, f.stream])).toEqual([
        ['linux', 'agent', '/var/log/aws/codedeploy-agent/codedeploy-agent.log', '{instance_id}'],
        ['linux', 'deployments', '/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log', '{instance_id}'],
        ['linux', 'updater', '/tmp/codedeploy-agent.update.log', '{instance_id}'],
        ['windows', 'agent', 'C:\\ProgramData\\Amazon\\CodeDeploy\\log\\codedeploy-agent.log', '{instance_id}'],
        ['windows', 'agent', 'C:\\ProgramData\\Amazon\\CodeDeploy\\log\\codedeploy-agent-log.txt', '{instance_id}-agent-1.x'],
        [
          'windows',
          'deployments',
          'C:\\ProgramData\\Amazon\\CodeDeploy\\deployment-logs\\codedeploy-agent-deployments.log',
          '{instance_id}',
        ],
      ]);
    });

    it('never ships the wire log, which can hold the plain-text content of S3 transfers', () => {
      expect(AGENT_LOG_FILES.some((f) => f.path.includes('wire'))).toBe(false);
    });

    it('keeps two files of one platform out of the same log stream', () => {
      for (const platform of ['linux', 'windows'] as const) {
        const targets = agentLogFiles([platform]).map((f) => `${f.kind} ${f.stream}`);
        expect(new Set(targets).size).toBe(targets.length);
      }
    });

    it('creates the updater log group only for Linux, which has the updater', () => {
      expect(agentLogKinds(['linux'])).toEqual(['agent', 'deployments', 'updater']);
      expect(agentLogKinds(['windows'])).toEqual(['agent', 'deployments']);
      expect(agentLogKinds(['windows', 'linux'])).toEqual(['agent', 'deployments', 'updater']);
    });
  });

  describe('names', () => {
    it('names log groups, configurations and the instance policy from the prefix, stably', () => {
      const names = agentLogNames('acme');
      expect(['agent', 'deployments', 'updater'].map((k) => names.logGroup(k as 'agent'))).toEqual([
        '/aws/codedeploy-agent/acme/agent',
        '/aws/codedeploy-agent/acme/deployments',
        '/aws/codedeploy-agent/acme/updater',
      ]);
      expect(names.configurationParameter('linux')).toBe('AmazonCloudWatch-acme-codedeploy-agent-linux');
      expect(names.configurationParameter('windows')).toBe('AmazonCloudWatch-acme-codedeploy-agent-windows');
      expect(names.instancePolicy).toBe('acme-codedeploy-agent-logs');
      expect(names.instancePolicyExport).toBe('acme-codedeploy-agent-logs-policy-arn');
    });

    it('keeps the AmazonCloudWatch- prefix the managed CloudWatchAgentServerPolicy reads', () => {
      for (const platform of ['linux', 'windows'] as const) {
        expect(agentLogNames('x').configurationParameter(platform)).toMatch(/^AmazonCloudWatch-/);
      }
    });
  });

  describe('CloudWatch agent configuration', () => {
    it('sends each Linux file to its log group, one stream per instance', () => {
      expect(cloudWatchAgentConfiguration('acme', 'linux')).toEqual({
        logs: {
          logs_collected: {
            files: {
              collect_list: [
                {
                  file_path: '/var/log/aws/codedeploy-agent/codedeploy-agent.log',
                  log_group_name: '/aws/codedeploy-agent/acme/agent',
                  log_stream_name: '{instance_id}',
                },
                {
                  file_path: '/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log',
                  log_group_name: '/aws/codedeploy-agent/acme/deployments',
                  log_stream_name: '{instance_id}',
                },
                {
                  file_path: '/tmp/codedeploy-agent.update.log',
                  log_group_name: '/aws/codedeploy-agent/acme/updater',
                  log_stream_name: '{instance_id}',
                },
              ],
            },
          },
          log_stream_name: '{instance_id}',
        },
      });
    });

    it('sends the Windows agent log of agent 2.x and of 1.x to the agent log group in their own streams', () => {
      const list = cloudWatchAgentConfiguration('acme', 'windows').logs.logs_collected.files.collect_list;
      expect(list).toEqual([
        {
          file_path: 'C:\\ProgramData\\Amazon\\CodeDeploy\\log\\codedeploy-agent.log',
          log_group_name: '/aws/codedeploy-agent/acme/agent',
          log_stream_name: '{instance_id}',
        },
        {
          file_path: 'C:\\ProgramData\\Amazon\\CodeDeploy\\log\\codedeploy-agent-log.txt',
          log_group_name: '/aws/codedeploy-agent/acme/agent',
          log_stream_name: '{instance_id}-agent-1.x',
        },
        {
          file_path: 'C:\\ProgramData\\Amazon\\CodeDeploy\\deployment-logs\\codedeploy-agent-deployments.log',
          log_group_name: '/aws/codedeploy-agent/acme/deployments',
          log_stream_name: '{instance_id}',
        },
      ]);
      // JSON escapes each backslash: the agent reads C:\ProgramData\... back.
      expect(JSON.stringify(list[0])).toContain('"C:\\\\ProgramData\\\\Amazon\\\\CodeDeploy\\\\log\\\\codedeploy-agent.log"');
    });

    it('sets no retention, so the agent never needs logs:PutRetentionPolicy and the template owns it', () => {
      expect(JSON.stringify(cloudWatchAgentConfiguration('acme', 'linux'))).not.toContain('retention');
    });
  });

  describe('settings', () => {
    it('default to 30 days, Linux and the service encryption', () => {
      expect(AGENT_LOG_DEFAULTS).toEqual({ retentionInDays: 30, platforms: ['linux'], encryptWithCustomerManagedKey: false });
      expect(CLOUDWATCH_LOGS_RETENTION_DAYS).toContain(AGENT_LOG_DEFAULTS.retentionInDays);
    });

    it('accept the fixture', () => {
      expect(agentLogSettingsProblems(AGENT_LOGS, 'acme')).toEqual([]);
    });

    it('name the field, the value, the rule and the fix of each problem, all at once', () => {
      expect(problems({ retentionInDays: 31 })).toEqual([
        `agentLogs.retentionInDays: 31 is not a retention CloudWatch Logs accepts. Fix: use one of ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}`,
      ]);
      expect(problems({ platforms: [] })).toEqual(['agentLogs.platforms: [] is empty. Fix: name "linux", "windows" or both']);
      expect(problems({ platforms: ['linux', 'macos' as 'linux', 'linux'] })).toEqual([
        'agentLogs.platforms[1]: "macos" is not a platform the CodeDeploy agent logs are known for. Fix: use "linux" or "windows"',
        'agentLogs.platforms[2]: "linux" repeats entry [0]. Fix: list each entry once',
      ]);
      expect(problems({ regions: [] })).toEqual(['agentLogs.regions: [] is empty. Fix: give the governed Regions']);
      expect(problems({ regions: ['us-east-1', 'Ireland', 'us-east-1'], observabilitySink: { accountId: '333' } })).toEqual([
        `agentLogs.regions[1]: "Ireland" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
        'agentLogs.regions[2]: "us-east-1" repeats entry [0]. Fix: list each entry once',
        'agentLogs.observabilitySink.accountId: "333" is not an AWS account ID (exactly 12 digits). Fix: write the 12 digits as a string, keeping leading zeros',
      ]);
    });

    it('refuse an agent configuration a standard parameter cannot hold', () => {
      const prefix = 'p'.repeat(1200);
      const size = (platform: 'linux' | 'windows') => JSON.stringify(cloudWatchAgentConfiguration(prefix, platform)).length;
      expect(size('linux')).toBeGreaterThan(4096);
      expect(lines(AGENT_LOGS, prefix)).toEqual(
        (['linux', 'windows'] as const).map(
          (platform) =>
            `namePrefix: "${prefix}" makes the ${platform} CloudWatch agent configuration ${size(platform)} characters; a standard SSM parameter holds 4096. Fix: shorten namePrefix`,
        ),
      );
    });
  });
});
