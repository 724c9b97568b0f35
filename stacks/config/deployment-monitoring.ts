import { checkAgentLogs } from './agent-logs';
import { checkQueueNames } from './deployment-queue-names';
import { duplicates, type IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';
import type { DeploymentMonitoringConfig } from './sections/deployment-monitoring';

/** Cross-field rules: references between routes and targets, rollout accounts, operation preferences. */
export function checkDeploymentMonitoring(c: ParsedConfig, issue: IssueFn): void {
  const m = c.deploymentMonitoring;
  if (!m) return;
  const at = (...path: (string | number)[]) => ['deploymentMonitoring', ...path];
  if (m.organizationalUnitIds.length === 0) {
    issue(
      at('organizationalUnitIds'),
      m.organizationalUnitIds,
      'is empty: the StackSets need OUs (or the root) to deploy to. Fix: add the root ID (r-...) or OU IDs',
    );
  }
  for (const i of duplicates(m.organizationalUnitIds))
    issue(at('organizationalUnitIds', i), m.organizationalUnitIds[i], 'is listed twice. Fix: remove the duplicate');
  (m.regions ?? []).forEach((r, i) => {
    if (!c.regions.includes(r)) issue(at('regions', i), r, `is not a governed region (regions). Fix: add it to regions or remove it here`);
  });
  if (m.regions && !m.regions.includes(c.homeRegion)) {
    issue(
      at('regions'),
      m.regions,
      `does not include the home region ${c.homeRegion}, where the central bus and the global roles live. Fix: add "${c.homeRegion}"`,
    );
  }
  const s = m.stackSets;
  if (s.callAs === 'DELEGATED_ADMIN' && !s.delegatedAdministratorAccountId) {
    issue(
      at('stackSets', 'delegatedAdministratorAccountId'),
      undefined,
      'is required when callAs is "DELEGATED_ADMIN": the StackSets are created from that account. Fix: name the StackSets delegated administrator, or use callAs "SELF"',
    );
  }
  if (s.delegatedAdministratorAccountId) {
    if (s.callAs !== 'DELEGATED_ADMIN')
      issue(
        at('stackSets', 'callAs'),
        s.callAs,
        'must be "DELEGATED_ADMIN" when a StackSets delegated administrator is named. Fix: set callAs to "DELEGATED_ADMIN" or drop the account',
      );
    if (s.delegatedAdministratorAccountId === c.managementAccountId)
      issue(
        at('stackSets', 'delegatedAdministratorAccountId'),
        s.delegatedAdministratorAccountId,
        'is the management account; a delegated administrator is a member account. Fix: use callAs "SELF" instead',
      );
    if (c.externalAccountIds.includes(s.delegatedAdministratorAccountId))
      issue(
        at('stackSets', 'delegatedAdministratorAccountId'),
        s.delegatedAdministratorAccountId,
        'is an external account. Fix: choose an organization account',
      );
  }
  for (const [count, percentage] of [
    ['maxConcurrentCount', 'maxConcurrentPercentage'],
    ['failureToleranceCount', 'failureTolerancePercentage'],
  ] as const) {
    if (s[count] !== undefined && s[percentage] !== undefined) {
      issue(
        at('stackSets', count),
        s[count],
        `is set together with stackSets.${percentage}; CloudFormation takes a count or a percentage, not both. Fix: remove one of them`,
      );
    }
  }
  checkNames(m, at, issue);
  checkQueueNames(m, at, issue);
  checkRoutes(c, m, at, issue);
  checkAgentLogs(m.agentLogs, at, issue);
}

function checkNames(m: DeploymentMonitoringConfig, at: (...p: (string | number)[]) => (string | number)[], issue: IssueFn): void {
  const lists: [string, { name: string }[]][] = [
    ['topics', m.topics],
    ['queues', m.queues],
    ['streams', m.streams],
    ['routes', m.routes],
    ['instanceActions', m.instanceActions],
  ];
  for (const [key, list] of lists) {
    for (const i of duplicates(list.map((e) => e.name)))
      issue(at(key, i, 'name'), list[i].name, `is used twice in ${key}. Fix: give each its own name`);
  }
}

function checkRoutes(
  c: ParsedConfig,
  m: DeploymentMonitoringConfig,
  at: (...p: (string | number)[]) => (string | number)[],
  issue: IssueFn,
): void {
  const declared = { topic: m.topics.map((t) => t.name), queue: m.queues.map((q) => q.name), stream: m.streams.map((s) => s.name) };
  m.routes.forEach((r, i) => {
    r.targets.forEach((t, j) => {
      if (t.type === 'topic' || t.type === 'queue' || t.type === 'stream') {
        if (!declared[t.type].includes(t.name)) {
          issue(
            at('routes', i, 'targets', j, 'name'),
            t.name,
            `names no ${t.type} of deploymentMonitoring.${t.type}s. Fix: declare it there, or use one of: ${declared[t.type].join(', ') || '(none declared)'}`,
          );
        }
      }
      if (t.type === 'chat' && !m.chat)
        issue(
          at('routes', i, 'targets', j),
          t,
          'sends to chat, but deploymentMonitoring.chat is not configured. Fix: add chat.webhookParameterName (an SSM SecureString holding the webhook URL)',
        );
      if (t.type === 'lambda') {
        const [, , , fnRegion, fnAccount] = t.functionArn.split(':');
        if (fnAccount !== c.auditAccountId || fnRegion !== c.homeRegion) {
          issue(
            at('routes', i, 'targets', j, 'functionArn'),
            t.functionArn,
            `is not in the audit account (${c.auditAccountId}) and home region (${c.homeRegion}): EventBridge invokes functions of the bus's own account and region. Fix: use a function there, or route to a queue or topic its account reads`,
          );
        }
      }
    });
    const keys = r.targets.map((t) => JSON.stringify(t));
    for (const j of duplicates(keys))
      issue(at('routes', i, 'targets', j), r.targets[j], 'is listed twice in this route. Fix: remove the duplicate');
  });
}
