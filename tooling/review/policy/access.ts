/** Kinds of access a statement grants (read, write, delete data; change the policy), by representative actions. */
import { grantsAction, type Statement } from '../../../modules/policy';

export type AccessKind = 'read data' | 'write data' | 'delete data' | 'change the policy';

/** Representative actions of each kind of access. */
export const ACCESS: readonly (readonly [AccessKind, readonly string[]])[] = [
  [
    'read data',
    [
      's3:GetObject',
      's3:GetObjectVersion',
      'kms:Decrypt',
      'sqs:ReceiveMessage',
      'kinesis:GetRecords',
      'sns:Subscribe',
      'logs:GetLogEvents',
    ],
  ],
  [
    'write data',
    [
      's3:PutObject',
      's3:ReplicateObject',
      'kms:GenerateDataKey',
      'kms:Encrypt',
      'sns:Publish',
      'sqs:SendMessage',
      'kinesis:PutRecords',
      'events:PutEvents',
      'lambda:InvokeFunction',
      'oam:CreateLink',
    ],
  ],
  ['delete data', ['s3:DeleteObject', 's3:DeleteObjectVersion', 'sqs:PurgeQueue', 'kms:ScheduleKeyDeletion', 'sns:DeleteTopic']],
  [
    'change the policy',
    [
      's3:PutBucketPolicy',
      'kms:PutKeyPolicy',
      'sns:SetTopicAttributes',
      'sqs:SetQueueAttributes',
      'kinesis:PutResourcePolicy',
      'events:PutPermission',
      'oam:PutSinkPolicy',
    ],
  ],
];

/** Whether a statement's actions (or its NotAction complement) cover any of `actions`. */
export function grants(s: Statement, actions: readonly string[]): boolean {
  return actions.some((action) => grantsAction(s, action));
}

/** The kinds of access a statement grants. */
export function accessKinds(s: Statement): AccessKind[] {
  return ACCESS.filter(([, actions]) => grants(s, actions)).map(([kind]) => kind);
}
