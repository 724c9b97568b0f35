import type { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import type { ITerraformDependable } from 'cdktf';
import type { PublishGrant } from '../notification-topic';
import type { CodeDeployEventKind } from './codedeploy-events';
import type { IEventTargetQueue } from './encrypted-queue';
import type { IEventTargetStream } from './encrypted-stream';

/*
 * The targets and rules of an EventRoute: the construct (event-route.ts), its rule builders
 * (event-route-rules.ts) and its coherence check (coherence/event-route-coherence.ts) all read these
 * shapes, so they live here and none of those files imports another's.
 */

/** A topic EventBridge rules can publish to (a `NotificationTopic`). */
export interface IPublishTopic {
  /** Literal topic ARN. */
  readonly topicArn: string;
  readonly dependables?: readonly ITerraformDependable[];
  grantPublish(grant: PublishGrant): void;
}

/** What a target receives: a one-line sentence (notifications) or the whole event (data). */
export type TargetInput = 'sentence' | 'event';

/**
 * One target of a route. `id` names it for good (EventBridge target id and construct id): keep it
 * when the list changes, or the target is replaced.
 */
export type RouteTarget =
  /** An SNS topic: receives the sentence. */
  | { readonly type: 'topic'; readonly id: string; readonly topic: IPublishTopic }
  /** An SQS queue: receives the event. */
  | { readonly type: 'queue'; readonly id: string; readonly queue: IEventTargetQueue }
  /** A Kinesis data stream: receives the event. */
  | { readonly type: 'stream'; readonly id: string; readonly stream: IEventTargetStream }
  /**
   * A Lambda function in the bus's account and region (its invoke permission is created here):
   * receives the event, or the sentence. `dependables`: the function's resources when it is created
   * in the same stack (the built-in chat notifier), so the permission and the target wait for it on
   * a first apply instead of racing it.
   */
  | {
      readonly type: 'function';
      readonly id: string;
      readonly functionArn: string;
      readonly input?: TargetInput;
      readonly dependables?: readonly ITerraformDependable[];
    };

/** One rule of a route: its targets share the event kinds and the input they receive. */
export interface RouteRule {
  readonly ruleName: string;
  /** Literal rule ARN: `arn:aws:events:<region>:<account>:rule/<bus>/<rule>`. */
  readonly ruleArn: string;
  readonly kinds: readonly CodeDeployEventKind[];
  readonly input: TargetInput;
  /** Ids of the targets it feeds. */
  readonly targetIds: readonly string[];
  readonly rule: CloudwatchEventRule;
}
