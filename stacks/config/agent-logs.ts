import { z } from 'zod';
import { AGENT_LOG_DEFAULTS } from '../../modules/deployment-monitoring/agent-logs';
import { logRetentionProblems, logRetentionRule } from '../../modules/rules/names';
import { problemMessage } from '../../modules/rules/problem';
import { bool, duplicates, type IssueFn, refineWith } from './fields';

/*
 * `deploymentMonitoring.agentLogs`: CodeDeploy agent logs in CloudWatch Logs, rolled out with the
 * rest of deployment monitoring. Defaults come from the construct (AGENT_LOG_DEFAULTS).
 */

/** A retention CloudWatch Logs accepts (no 0: these groups always expire). */
export const logRetention = z
  .number({ error: problemMessage(logRetentionRule(false)) })
  .superRefine(refineWith((d: number) => logRetentionProblems(d)));

/**
 * CodeDeploy agent logs in CloudWatch Logs, rolled out with the rest: log groups and CloudWatch agent
 * configurations in every governed region of every account, an instance policy per account.
 */
export const agentLogsSection = z.strictObject({
  enabled: bool.default(true),
  retentionDays: logRetention.default(AGENT_LOG_DEFAULTS.retentionInDays),
  platforms: z
    .array(z.enum(['linux', 'windows'], { error: 'is not a platform. Fix: use "linux" or "windows"' }))
    .min(1, { error: 'is empty. Fix: list "linux", "windows" or both' })
    .default([...AGENT_LOG_DEFAULTS.platforms]),
  /** A named opt-in: a key per account and region (about $1 a month each); a warning states the cost. */
  customerManagedKeys: bool.default(AGENT_LOG_DEFAULTS.encryptWithCustomerManagedKey),
  /** One console for all agent logs: a CloudWatch observability sink per region in the audit account. */
  observabilitySink: bool.default(false),
});

type AgentLogsConfig = z.output<typeof agentLogsSection>;

/** Cross-field rules: no platform twice; no option that does nothing while agent logs are off. */
export function checkAgentLogs(a: AgentLogsConfig, at: (...p: (string | number)[]) => (string | number)[], issue: IssueFn): void {
  for (const i of duplicates(a.platforms))
    issue(at('agentLogs', 'platforms', i), a.platforms[i], 'is listed twice. Fix: remove the duplicate');
  if (a.enabled) return;
  for (const key of ['customerManagedKeys', 'observabilitySink'] as const) {
    if (a[key]) {
      issue(
        at('agentLogs', key),
        a[key],
        'has no effect while agentLogs.enabled is false (nothing is rolled out to use it). Fix: remove it, or set agentLogs.enabled to true',
      );
    }
  }
}
