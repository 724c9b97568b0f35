/**
 * The security diff inside CloudFormation templates (StackSets and stacks): retention of the log
 * groups, queues, event archives and streams every member account gets, matched by logical id.
 * Defaults are CloudFormation's: a log group without RetentionInDays never expires, a queue keeps
 * messages 345,600 seconds (4 days), an archive without RetentionDays keeps events indefinitely, a
 * stream keeps records 24 hours (AWS::Logs::LogGroup, AWS::SQS::Queue, AWS::Events::Archive,
 * AWS::Kinesis::Stream in the CloudFormation template reference).
 */

import { type AppStack, fanOuts, num, type Resolver, templateOf, text } from '../../model';
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

/** Types whose deletion deletes data or evidence in every account the template deploys to. */
const HOLDERS = [
  'AWS::Logs::LogGroup',
  'AWS::SQS::Queue',
  'AWS::Events::Archive',
  'AWS::Kinesis::Stream',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::DynamoDB::Table',
  'AWS::CloudTrail::Trail',
];

/**
 * Changes of the templates both stacks hold: a template that can no longer be read, data-holding
 * resources removed (CloudFormation deletes them unless `DeletionPolicy: Retain`), a resource put
 * under another or a redefined condition (it may no longer be created), a `DeletionPolicy` of
 * `Retain` dropped, and retention (`RETENTION`).
 */
export function diffTemplates(before: AppStack, after: AppStack): Finding[] {
  return after.resources.flatMap((holder) => {
    const now = templateOf(holder);
    const prior = before.resources.find((r) => r.address === holder.address);
    const was = prior ? templateOf(prior) : undefined;
    if (!now || !was) return [];
    const name = text(holder.config.name) ?? holder.name;
    const where = `${holder.type === 'aws_cloudformation_stack_set' ? 'StackSet' : 'stack'} ${name}`;
    const say = (severity: Finding['severity'], subject: string, change: string): Finding => ({
      severity,
      stack: after.name,
      subject,
      change,
    });
    if (now.problem && now.problem !== was.problem)
      return [say('dangerous', where, `template can no longer be read (${now.problem}): what it deploys cannot be compared`)];
    const gone = was.resources
      .filter((o) => !now.resources.some((r) => r.logicalId === o.logicalId && r.type === o.type))
      .map((o) =>
        HOLDERS.includes(o.type) && o.deletionPolicy !== 'Retain'
          ? say(
              'dangerous',
              `${where}: ${o.logicalId} (${o.type})`,
              'removed from the template: deleted with its data in every account it deploys to',
            )
          : say('notable', `${where}: ${o.logicalId} (${o.type})`, 'removed from the template'),
      );
    const guarded = now.resources.flatMap((r): Finding[] => {
      const old = was.resources.find((o) => o.logicalId === r.logicalId && o.type === r.type);
      if (!old) return [];
      const subject = `${where}: ${r.logicalId} (${r.type})`;
      const found: Finding[] = [];
      const [a, b] = [conditionText(was.conditions, old.condition), conditionText(now.conditions, r.condition)];
      if (a !== b)
        found.push(
          say(
            'dangerous',
            subject,
            `created only ${b || 'always'} (was ${a || 'always'}): where it is false, the resource is not created or is deleted`,
          ),
        );
      if (old.deletionPolicy === 'Retain' && r.deletionPolicy !== 'Retain')
        found.push(
          say(
            HOLDERS.includes(r.type) ? 'dangerous' : 'notable',
            subject,
            `DeletionPolicy Retain → ${r.deletionPolicy ?? 'Delete (default)'}`,
          ),
        );
      return found;
    });
    return [
      ...gone,
      ...guarded,
      ...now.resources.flatMap((r): Finding[] => {
        const old = was.resources.find((o) => o.logicalId === r.logicalId && o.type === r.type);
        const retention = RETENTION[r.type];
        if (!old || !retention) return [];
        const [[a, aText], [b, bText]] = [retention(old.properties), retention(r.properties)];
        if (a === b) return [];
        return [
          {
            severity: b < a ? 'dangerous' : 'info',
            stack: after.name,
            subject: `${where}: ${r.logicalId} (${r.type})`,
            change: `retention ${b < a ? 'shortened' : 'lengthened'} in every account it deploys to: ${aText} → ${bText}`,
          },
        ];
      }),
    ];
  });
}

/** A resource's condition with its definition, or '' when it has none. */
function conditionText(conditions: Readonly<Record<string, string>>, name: string | undefined): string {
  return name === undefined ? '' : `when ${name} = ${conditions[name] ?? '(undefined)'}`;
}

/**
 * Where each StackSet deploys: an organizational unit, account or Region dropped, or automatic
 * deployment to new accounts turned off, leaves accounts without what the template gives them
 * (the template's stacks there are deleted, and new accounts never get them).
 */
export function diffFanOuts(before: Resolver, after: Resolver, stack: string): Finding[] {
  const old = fanOuts(before).filter((f) => f.stackSet.stack === stack);
  return fanOuts(after)
    .filter((f) => f.stackSet.stack === stack)
    .flatMap((now): Finding[] => {
      const was = old.find((o) => o.stackSet.address === now.stackSet.address);
      if (!was) return [];
      const say = (severity: Finding['severity'], change: string): Finding => ({
        severity,
        stack,
        subject: `StackSet ${now.name}`,
        change,
      });
      const lost = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
      // A target that leaves accounts out, or keeps only some, narrows where the template deploys.
      const narrowing = lost(now.targets, was.targets).filter((t) => /^(all but|only) /.test(t));
      const widening = lost(now.targets, was.targets).filter((t) => !narrowing.includes(t));
      return [
        ...(narrowing.length ? [say('dangerous', `now deployed to fewer accounts: ${narrowing.join(', ')}`)] : []),
        ...(lost(was.targets, now.targets).length
          ? [say('dangerous', `no longer deployed to ${lost(was.targets, now.targets).join(', ')}`)]
          : []),
        ...(lost(was.regions, now.regions).length
          ? [say('dangerous', `no longer deployed in ${lost(was.regions, now.regions).join(', ')}`)]
          : []),
        ...(widening.length + lost(now.regions, was.regions).length
          ? [say('info', `now also deployed to ${[...widening, ...lost(now.regions, was.regions)].join(', ')}`)]
          : []),
        ...(was.autoDeployment !== now.autoDeployment
          ? [
              say(
                now.autoDeployment.startsWith('new accounts get it') ? 'notable' : 'dangerous',
                `${was.autoDeployment} → ${now.autoDeployment}`,
              ),
            ]
          : []),
      ];
    });
}
