import { alarmEvaluation, alarmEvaluationProblems } from '../../modules/alarms/alarm-evaluation';
import { ALARM_TOPIC_DEFAULTS } from '../../modules/alarms/alarm-topic';
import { trailAlarmKeys } from '../../modules/alarms/trail-alarms';
import { lambdaFunctionArn, snsTopicArn } from '../../modules/arns';
import { endpointAccount, isArnProtocol } from '../../modules/topic-subscriptions';
import { trailAccountId, trailDeliveryNames } from './derived-names';
import type { IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';
import type { AlarmsSection } from './sections/alarms';
import { snsTopicName } from './sections/notifications';

/** What the cross-field checks read: the section and the names it must not collide with. */
export type AlarmsCheckInput = Pick<
  ParsedConfig,
  | 'trailName'
  | 'externalAccountIds'
  | 'notifications'
  | 'cloudWatchLogs'
  | 'homeRegion'
  | 'auditAccountId'
  | 'managementAccountId'
  | 'trail'
  | 'deploymentMonitoring'
> & {
  readonly alarms?: AlarmsSection;
};

/** The alarm topic's name, with the default applied. */
export function alarmTopicName(c: Pick<AlarmsCheckInput, 'trailName'> & { readonly alarms?: Pick<AlarmsSection, 'topicName'> }): string {
  return c.alarms?.topicName ?? ALARM_TOPIC_DEFAULTS.topicName(c.trailName);
}

/** The config an alarm route to chat is derived from. */
type ChatRouteInput = Pick<AlarmsCheckInput, 'homeRegion' | 'auditAccountId' | 'deploymentMonitoring'> & {
  readonly alarms?: Pick<AlarmsSection, 'enabled' | 'notifyChat'>;
};

/**
 * The chat notifier's function ARN when alarms go to chat (`alarms.enabled` and `alarms.notifyChat`,
 * with `deploymentMonitoring.chat`), else undefined. The function lives in the audit account and
 * home region (deployment-events stack); the alarm topic grants it and that stack subscribes it.
 */
export function alarmChatFunctionArn(c: ChatRouteInput): string | undefined {
  const chat = c.deploymentMonitoring?.chat;
  if (!c.alarms?.enabled || !c.alarms.notifyChat || !chat) return undefined;
  return lambdaFunctionArn(c.homeRegion, c.auditAccountId, chat.functionName);
}

/** Literal ARN of the alarm topic (trail account, home region). */
export function alarmTopicArn(
  c: Pick<AlarmsCheckInput, 'trailName' | 'homeRegion' | 'trail' | 'managementAccountId'> & {
    readonly alarms?: Pick<AlarmsSection, 'topicName'>;
  },
): string {
  return snsTopicArn(c.homeRegion, trailAccountId(c), alarmTopicName(c));
}

/**
 * Cross-field rules of `alarms`: something to alarm on, subscriptions (duplicates, subscribers in
 * the organization), and names that must not collide with the trail's other resources in the same
 * account and region (the delivery topic, the notification and log group keys).
 */
export function checkAlarms(c: AlarmsCheckInput, issue: IssueFn): void {
  const alarms = c.alarms;
  if (alarms?.notifyChat) checkChatRoute(c, alarms, issue);
  if (!alarms?.enabled) return;
  const { cis, groups } = alarms;
  const monitoringAlarm = groups.monitoringTampering && c.deploymentMonitoring !== undefined;
  if (!cis.enabled && !groups.trailTampering && !groups.archiveChanges && !groups.codedeploy && !monitoringAlarm) {
    issue(
      ['alarms', 'enabled'],
      true,
      'is true but cis.enabled and every group are false, so there is nothing to alarm on. Fix: set alarms.enabled to false, or turn cis or a group back on',
    );
  }

  checkTuning(alarms, monitoringAlarm, issue);

  alarms.subscriptions.forEach((s, i) => {
    if (alarms.subscriptions.findIndex((o) => o.protocol === s.protocol && o.endpoint === s.endpoint) < i) {
      issue(['alarms', 'subscriptions', i, 'endpoint'], s.endpoint, 'is subscribed twice. Fix: remove the duplicate');
    }
    if (isArnProtocol(s.protocol)) {
      const account = endpointAccount(s.endpoint);
      if (c.externalAccountIds.includes(account)) {
        issue(
          ['alarms', 'subscriptions', i, 'endpoint'],
          s.endpoint,
          `belongs to external account ${account}; alarm subscribers must be in the organization. Fix: use a queue or function in an organization account`,
        );
      }
    }
  });

  const topic = alarmTopicName(c);
  if (!alarms.topicName && !snsTopicName.safeParse(topic).success) {
    issue(
      ['alarms', 'topicName'],
      topic,
      '(derived from trailName + "-alarms") is not an SNS topic name (letters, digits, _ and -; no dots). Fix: set alarms.topicName',
    );
  }
  const deliveryTopic = trailDeliveryNames(c).topicName;
  if (topic === deliveryTopic) {
    issue(
      ['alarms', 'topicName'],
      topic,
      'is also the log-delivery topic name; both topics live in the trail account and home region, where SNS topic names are unique. Fix: choose another alarms.topicName',
    );
  }
  const aliases: [string, string][] = [
    ['notifications.keyAlias', c.notifications.keyAlias],
    ['cloudWatchLogs.keyAlias', c.cloudWatchLogs.keyAlias],
  ];
  for (const [field, alias] of aliases) {
    if (alarms.keyAlias === alias) {
      issue(
        ['alarms', 'keyAlias'],
        alarms.keyAlias,
        `is also ${field}; the keys live in the same account and region, where an alias names one key. Fix: choose another alarms.keyAlias`,
      );
    }
  }
}

/** Every `tuning` key names an alarm that is on, and its merged settings are ones CloudWatch evaluates. */
function checkTuning(alarms: AlarmsSection, monitoringTampering: boolean, issue: IssueFn): void {
  const keys = trailAlarmKeys({ cis: alarms.cis, groups: alarms.groups, monitoringTampering });
  for (const [key, override] of Object.entries(alarms.tuning)) {
    if (!keys.includes(key)) {
      issue(
        ['alarms', 'tuning', key],
        override,
        `names no alarm that is on (with cis.enabled ${alarms.cis.enabled} and the groups as configured). Fix: use one of ${keys.join(', ')}, or turn its group back on`,
      );
      continue;
    }
    for (const p of alarmEvaluationProblems(alarmEvaluation(key, override))) {
      issue(['alarms', 'tuning', key, p.field], p.value, p.message);
    }
  }
}

/** `alarms.notifyChat` needs an alarm topic and a chat notifier, and replaces a hand-written subscription of it. */
function checkChatRoute(c: AlarmsCheckInput, alarms: AlarmsSection, issue: IssueFn): void {
  const at = ['alarms', 'notifyChat'];
  if (!alarms.enabled) {
    issue(
      at,
      true,
      'is true but alarms.enabled is false, so there is no alarm topic to send to chat. Fix: set alarms.notifyChat to false, or alarms.enabled to true',
    );
    return;
  }
  if (!c.deploymentMonitoring) {
    issue(
      at,
      true,
      'needs the built-in chat notifier, which deploymentMonitoring creates in the audit account, but deploymentMonitoring is not configured. Fix: add deploymentMonitoring with a chat section (webhookParameterName: an SSM SecureString holding the webhook URL), or set alarms.notifyChat to false',
    );
    return;
  }
  if (!c.deploymentMonitoring.chat) {
    issue(
      at,
      true,
      'needs the built-in chat notifier, but deploymentMonitoring.chat is not configured. Fix: add deploymentMonitoring.chat.webhookParameterName (an SSM SecureString holding the webhook URL), or set alarms.notifyChat to false',
    );
    return;
  }
  const functionArn = alarmChatFunctionArn(c);
  alarms.subscriptions.forEach((s, i) => {
    if (s.protocol === 'lambda' && s.endpoint === functionArn) {
      issue(
        ['alarms', 'subscriptions', i, 'endpoint'],
        s.endpoint,
        'is the chat notifier, which alarms.notifyChat already subscribes from the audit account (deployment-events stack). Fix: remove this entry from alarms.subscriptions',
      );
    }
  });
}
