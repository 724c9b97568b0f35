import { endpointAccount, isArnProtocol } from '../../modules/topic-subscriptions';
import { trailDeliveryNames } from './derived-names';
import type { IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';
import { snsTopicName } from './sections/notifications';

/** Cross-field rules of `notifications`: duplicates, subscribers in the organization, the derived topic name. */
export function checkNotifications(c: ParsedConfig, issue: IssueFn): void {
  const subscriptions = c.notifications.subscriptions;
  subscriptions.forEach((s, i) => {
    if (subscriptions.findIndex((o) => o.protocol === s.protocol && o.endpoint === s.endpoint) < i) {
      issue(['notifications', 'subscriptions', i, 'endpoint'], s.endpoint, 'is subscribed twice. Fix: remove the duplicate');
    }
    if (isArnProtocol(s.protocol)) {
      const account = endpointAccount(s.endpoint);
      if (c.externalAccountIds.includes(account)) {
        issue(
          ['notifications', 'subscriptions', i, 'endpoint'],
          s.endpoint,
          `belongs to external account ${account}; subscribers must be in the organization. Fix: use a queue or function in an organization account`,
        );
      }
    }
  });
  if (!c.notifications.topicName) {
    const topic = trailDeliveryNames(c).topicName;
    if (!snsTopicName.safeParse(topic).success) {
      issue(
        ['notifications', 'topicName'],
        topic,
        '(derived from trailName + "-log-delivery") is not an SNS topic name (letters, digits, _ and -; no dots). Fix: set notifications.topicName',
      );
    }
  }
}
