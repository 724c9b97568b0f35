/**
 * The security diff of what else a CloudFormation template (StackSet or stack) deploys in every
 * account: the values its resources read (the holder's `parameters`, the template's `Mappings`),
 * and every other property a template resource changes. The policies, retention, conditions and
 * event routes inside templates have their own readings (policies.ts, templates.ts, settings.ts);
 * this leaves no template change unreported. Changed inputs are dangerous: they reach any property
 * (the observability link's sink, a policy's principal) without a change to the resource's text.
 */

import { type AppStack, block, templateOf, text } from '../../model';
import type { Finding, Severity } from './findings';

/** Properties another reading compares (policy documents, retention, event rules), by type. */
const READ_ELSEWHERE: Readonly<Record<string, readonly string[]>> = {
  'AWS::IAM::Role': ['AssumeRolePolicyDocument', 'Policies'],
  'AWS::IAM::Policy': ['PolicyDocument'],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument'],
  'AWS::SQS::QueuePolicy': ['PolicyDocument'],
  'AWS::SNS::TopicPolicy': ['PolicyDocument'],
  'AWS::S3::BucketPolicy': ['PolicyDocument'],
  'AWS::KMS::Key': ['KeyPolicy'],
  'AWS::Logs::LogGroup': ['RetentionInDays'],
  'AWS::SQS::Queue': ['MessageRetentionPeriod'],
  'AWS::Events::Archive': ['RetentionDays'],
  'AWS::Kinesis::Stream': ['RetentionPeriodHours'],
  'AWS::Events::Rule': ['EventPattern', 'Targets', 'State'],
};

/**
 * Properties whose change can weaken: encryption, where logs are shared (an observability link's
 * sink and what it shares), what the agent ships, and deletion protection.
 */
const PROTECTIVE = [
  'SqsManagedSseEnabled',
  'KmsMasterKeyId',
  'KmsKeyId',
  'StreamEncryption',
  'SinkIdentifier',
  'ResourceTypes',
  'LinkConfiguration',
  'Value',
  'DeletionProtectionEnabled',
];

/**
 * Properties whose change makes CloudFormation replace a data-holding resource: the old one is
 * deleted with its data (Update requires: Replacement, CloudFormation template reference).
 */
const REPLACES: Readonly<Record<string, readonly string[]>> = {
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::SQS::Queue': ['QueueName', 'FifoQueue'],
  'AWS::Events::Archive': ['ArchiveName', 'SourceArn'],
  'AWS::Kinesis::Stream': ['Name'],
  'AWS::S3::Bucket': ['BucketName', 'ObjectLockEnabled'],
  'AWS::DynamoDB::Table': ['TableName', 'KeySchema'],
};

/** Input and property changes of the templates both stacks hold. */
export function diffTemplateInputs(before: AppStack, after: AppStack): Finding[] {
  return after.resources.flatMap((holder) => {
    const now = templateOf(holder);
    const prior = before.resources.find((r) => r.address === holder.address);
    const was = prior ? templateOf(prior) : undefined;
    if (!prior || !now || !was || now.problem || was.problem) return [];
    const where = `${holder.type === 'aws_cloudformation_stack_set' ? 'StackSet' : 'stack'} ${text(holder.config.name) ?? holder.name}`;
    const say = (severity: Severity, subject: string, change: string): Finding => ({ severity, stack: after.name, subject, change });
    const [oldParams, newParams] = [block(prior.config.parameters), block(holder.config.parameters)];
    const parameters = Object.keys({ ...oldParams, ...newParams })
      .filter((k) => JSON.stringify(oldParams[k]) !== JSON.stringify(newParams[k]))
      .map((k) =>
        say(
          k in oldParams ? 'dangerous' : 'notable',
          where,
          `parameter ${k} changes, and every resource that reads it in every account: ${shown(oldParams[k])} → ${shown(newParams[k])}`,
        ),
      );
    const mappings =
      was.mappings === now.mappings
        ? []
        : [say('dangerous', where, 'Mappings change, and every value Fn::FindInMap reads from them in every account')];
    // A macro rewrites the template at deploy (AWS::Include pulls text from S3): what is applied is not what is read here.
    const macros =
      was.transforms === now.transforms
        ? []
        : [
            say(
              'dangerous',
              where,
              `macros change (Transform, Fn::Transform): ${now.transforms || 'none'}; CloudFormation deploys their output, not this text`,
            ),
          ];
    const properties = now.resources.flatMap((r): Finding[] => {
      const old = was.resources.find((o) => o.logicalId === r.logicalId && o.type === r.type);
      if (!old) return [];
      const skip = READ_ELSEWHERE[r.type] ?? [];
      const changed = Object.keys({ ...old.properties, ...r.properties }).filter(
        (k) => !skip.includes(k) && JSON.stringify(old.properties[k]) !== JSON.stringify(r.properties[k]),
      );
      if (changed.length === 0) return [];
      const weakens = changed.filter((k) => PROTECTIVE.includes(k) || k === 'Fn::Transform');
      const replaces = changed.filter((k) => REPLACES[r.type]?.includes(k));
      if (replaces.length > 0)
        return [
          say(
            'dangerous',
            `${where}: ${r.logicalId} (${r.type})`,
            `replaced, deleted with its data, in every account it deploys to: ${replaces.join(', ')} changes`,
          ),
        ];
      return [
        say(
          weakens.length > 0 ? 'dangerous' : 'notable',
          `${where}: ${r.logicalId} (${r.type})`,
          `changes in every account it deploys to: ${changed.join(', ')}${weakens.length ? ` (${weakens.join(', ')} can weaken it)` : ''}`,
        ),
      ];
    });
    const added = now.resources
      .filter((r) => !was.resources.some((o) => o.logicalId === r.logicalId && o.type === r.type))
      .map((r) => say('info', `${where}: ${r.logicalId} (${r.type})`, 'added to the template, in every account it deploys to'));
    return [...parameters, ...mappings, ...macros, ...properties, ...added];
  });
}

function shown(value: unknown): string {
  if (value === undefined) return '—';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${s.length > 100 ? `${s.slice(0, 97)}...` : s}\``;
}
