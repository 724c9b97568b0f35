/** Member rollout settings shared by the deployment-monitoring construct tests. */
import type { AgentLogSettings } from '../../modules/deployment-monitoring/agent-logs';
import type { MemberRolloutSettings } from '../../modules/deployment-monitoring/member-settings';
import { AUDIT } from './modules';

export const CENTRAL_BUS = `arn:aws:events:us-east-1:${AUDIT}:event-bus/deployments`;

/** Forwarding of both kinds, a stop action on failed production instances, an image before every ledger deployment. */
export const SETTINGS: MemberRolloutSettings = {
  namePrefix: 'acme',
  centralBusArn: CENTRAL_BUS,
  homeRegion: 'us-east-1',
  forwardingKinds: ['deployment', 'instance'],
  instanceActions: [
    { name: 'stop-failed-prod', action: 'stop', applications: ['checkout'], deploymentGroups: ['prod'], states: ['FAILURE'] },
    { name: 'image-before-deploy', action: 'create-image', applications: ['ledger'], states: ['START'] },
  ],
};

/** Forwarding only: what most organizations roll out. */
export const FORWARDING_ONLY: MemberRolloutSettings = { ...SETTINGS, instanceActions: [] };

/** The governed Regions of the agent-log fixtures, the home Region first. */
export const AGENT_LOG_REGIONS = ['us-east-1', 'eu-west-1'] as const;

/** Agent logs of both platforms, 30 days, service encryption, linked to the audit account's sinks. */
export const AGENT_LOGS: AgentLogSettings = {
  retentionInDays: 30,
  platforms: ['linux', 'windows'],
  regions: [...AGENT_LOG_REGIONS],
  observabilitySink: { accountId: AUDIT },
};

/** The example settings with agent logs. */
export const WITH_AGENT_LOGS: MemberRolloutSettings = { ...SETTINGS, agentLogs: AGENT_LOGS };

/** Agent logs and nothing else: no forwarding, no actions. */
export const AGENT_LOGS_ONLY: MemberRolloutSettings = {
  ...SETTINGS,
  forwardingKinds: [],
  instanceActions: [],
  agentLogs: { retentionInDays: 7, platforms: ['linux'], regions: [...AGENT_LOG_REGIONS] },
};

/** Literal sink ARNs of the audit account, by Region, as the deployment-events stack would output them. */
export const SINK_ARNS: Readonly<Record<string, string>> = {
  'us-east-1': `arn:aws:oam:us-east-1:${AUDIT}:sink/0a1b2c3d-1111-4e5f-8a9b-0c1d2e3f4a5b`,
  'eu-west-1': `arn:aws:oam:eu-west-1:${AUDIT}:sink/9f8e7d6c-2222-4b3a-9c8d-7e6f5a4b3c2d`,
};

/** A member template value as CloudFormation resolves it in `account`: `Fn::Sub` strings with `${AWS::AccountId}` filled in. */
export function resolvedInAccount(value: unknown, account: string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolvedInAccount(v, account));
  if (value !== null && typeof value === 'object') {
    const sub = (value as Record<string, unknown>)['Fn::Sub'];
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JavaScript template
    if (typeof sub === 'string') return sub.split('${AWS::AccountId}').join(account);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvedInAccount(v, account)]));
  }
  return value;
}
