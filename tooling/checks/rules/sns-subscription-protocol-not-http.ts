import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/** Notifications leave AWS only over TLS. */
export const SnsSubscriptionProtocolNotHttp: Rule = {
  id: 'SnsSubscriptionProtocolNotHttp',
  level: 'error',
  controls: [],
  finding: 'The subscription delivers notifications over plain HTTP.',
  reason: 'Log-delivery and deployment notifications name buckets, keys and accounts; over HTTP anyone on the path reads or alters them.',
  resourceTypes: ['aws_sns_topic_subscription'],
  evaluate: (subscription) => {
    const protocol = String(subscription.config.protocol ?? '');
    if (protocol === 'http') return nonCompliant(`protocol http to ${String(subscription.config.endpoint)}; use https`);
    if (protocol === 'https') return compliant(`https to ${String(subscription.config.endpoint)}`);
    return notApplicable(`protocol ${protocol} stays inside AWS or is not HTTP`);
  },
};
