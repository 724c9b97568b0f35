/**
 * The security diff inside CloudFormation templates (StackSets and stacks): retention of the log
 * groups, queues, event archives and streams every member account gets, matched by logical id.
 * Defaults are CloudFormation's: a log group without RetentionInDays never expires, a queue keeps
 * messages 345,600 seconds (4 days), an archive without RetentionDays keeps events indefinitely, a
 * stream keeps records 24 hours (AWS::Logs::LogGroup, AWS::SQS::Queue, AWS::Events::Archive,
 * AWS::Kinesis::Stream in the CloudFormation template reference).
 */

import { type AppStack, num, templateOf, text } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';
import { days, plural } from '../format';
import type { Finding } from './findings';

/** Seconds kept (Infinity: until deleted) and the same in words, per CloudFormation type. */
const RETENTION: Record<string, (p: JsonObject) => [number, string]> = {
  'AWS::Logs::LogGroup': (p) => {
    const d = num(p.RetentionInDays);
    return d ? [d * 86_400, `events kept ${days(d)}`] : [Number.POSITIVE_INFINITY, 'never expire'];
  },
  'AWS::SQS::Queue': (p) => {
    const s = num(p.MessageRetentionPeriod) ?? 345_600;
    return [s, `messages kept ${plural(s, 'second')}`];
  },
  'AWS::Events::Archive': (p) => {
    const d = num(p.RetentionDays);
    return d ? [d * 86_400, `events kept ${days(d)}`] : [Number.POSITIVE_INFINITY, 'kept indefinitely'];
  },
  'AWS::Kinesis::Stream': (p) => {
    const h = num(p.RetentionPeriodHours) ?? 24;
    return [h * 3_600, `records kept ${plural(h, 'hour')}`];
  },
};

/** Retention changes of template resources in the templates both stacks hold. */
export function diffTemplates(before: AppStack, after: AppStack): Finding[] {
  return after.resources.flatMap((holder) => {
    const now = templateOf(holder);
    const prior = before.resources.find((r) => r.address === holder.address);
    const was = prior ? templateOf(prior) : undefined;
    if (!now || !was) return [];
    const name = text(holder.config.name) ?? holder.name;
    return now.resources.flatMap((r): Finding[] => {
      const old = was.resources.find((o) => o.logicalId === r.logicalId && o.type === r.type);
      const retention = RETENTION[r.type];
      if (!old || !retention) return [];
      const [[a, aText], [b, bText]] = [retention(old.properties), retention(r.properties)];
      if (a === b) return [];
      return [
        {
          severity: b < a ? 'dangerous' : 'info',
          stack: after.name,
          subject: `${holder.type === 'aws_cloudformation_stack_set' ? 'StackSet' : 'stack'} ${name}: ${r.logicalId} (${r.type})`,
          change: `retention ${b < a ? 'shortened' : 'lengthened'} in every account it deploys to: ${aText} → ${bText}`,
        },
      ];
    });
  });
}
