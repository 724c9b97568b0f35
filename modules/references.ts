import type { ITerraformDependable } from 'cdktf';
import { bucketArn, trailArn } from './arns';

/*
 * The reference interfaces every grant in this library accepts. A construct of ours implements
 * them; a resource that lives in another stack or account is described by a plain object (the
 * `*Reference` helpers below build them from literal names), so a grant reads the same either way.
 */

/** A CloudTrail trail, as bucket, key, topic and log-group grants see it. */
export interface ITrail {
  /** Literal ARN as CloudTrail sends it in `aws:SourceArn`: `arn:aws:cloudtrail:<home>:<owner>:trail/<name>`. */
  readonly trailArn: string;
  readonly trailName: string;
  /** Region the trail is created and managed in. */
  readonly homeRegion: string;
  /**
   * Account that owns the trail: the management account for an organization trail (even when a
   * delegated administrator creates it). Its ID is in the trail ARN, the `aws:cloudtrail:arn`
   * encryption context, the `AWSLogs/<account>/` path and the CloudWatch Logs stream names.
   */
  readonly ownerAccountId: string;
  /** Set for an organization trail: it also writes under `AWSLogs/<organization id>/`. */
  readonly organizationId?: string;
}

/** An encryption key: ours (`LogEncryptionKey`), or any key known by its ARN. */
export interface IEncryptionKey {
  readonly keyArn: string;
  /**
   * Literal alias ARN. Identifies the key at synth when `keyArn` is only known after apply (read
   * from another stack's state), so the coherence checks can find the key's policy in the app.
   * @default - none: a key known by a token ARN only is not checked
   */
  readonly aliasArn?: string;
}

/** An SNS topic that announces events (log deliveries, alarms). */
export interface INotificationTopic {
  readonly topicArn: string;
  readonly topicName: string;
  /** Resources a publisher must wait for (the topic policy), when they are in the same stack. */
  readonly dependables?: readonly ITerraformDependable[];
  /**
   * Lets CloudTrail publish for these trails. Present on topics whose policy this library owns;
   * a trail given such a topic calls it itself, so the publish grant cannot be forgotten.
   */
  grantCloudTrailPublish?(...trails: ITrail[]): void;
}

/** A Lambda function, as a topic subscription sees it: ours (`ChatNotifier`), or any function known by ARN. */
export interface ILambdaFunction {
  /** Literal unqualified ARN: `arn:aws:lambda:<region>:<account>:function:<name>`. */
  readonly functionArn: string;
  /** Resources an invoke permission must wait for (the function), when they are in the same stack. */
  readonly dependables?: readonly ITerraformDependable[];
}

/** Where a trail delivers its log files: the central S3 archive and the key that encrypts them. */
export interface ILogDeliveryTarget {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** S3 key prefix in front of `AWSLogs/`. */
  readonly keyPrefix?: string;
  readonly encryptionKey: IEncryptionKey;
  /**
   * Buckets whose object-level events a trail must never record (the archive and the buckets
   * that receive its access logs or replicas): recording them would log every delivery.
   */
  readonly logBucketNames: readonly string[];
  /**
   * Admits the trails' deliveries in the bucket and key policies. Present on archives whose
   * policies this library owns; a trail given such an archive calls it itself.
   */
  grantTrailWrite?(...trails: ITrail[]): void;
}

/** Where CloudTrail delivers events in CloudWatch Logs. */
export interface ICloudWatchLogsTarget {
  /** Literal log group ARN (without `:*`). */
  readonly logGroupArn: string;
  /** `<log group arn>:*`, the form CloudTrail expects. */
  readonly trailLogGroupArn: string;
  /** Role CloudTrail assumes to deliver. */
  readonly deliveryRoleArn: string;
  /** Resources the trail must wait for (log group, role policy), when they are in the same stack. */
  readonly dependables?: readonly ITerraformDependable[];
}

export interface TrailReferenceProps {
  readonly trailName: string;
  readonly homeRegion: string;
  /** The management account for an organization trail. */
  readonly ownerAccountId: string;
  /** @default - an account trail */
  readonly organizationId?: string;
}

/** A trail created elsewhere (another stack or account), described by its literal attributes. */
export function trailReference(props: TrailReferenceProps): ITrail {
  return {
    trailArn: trailArn(props.homeRegion, props.ownerAccountId, props.trailName),
    trailName: props.trailName,
    homeRegion: props.homeRegion,
    ownerAccountId: props.ownerAccountId,
    ...(props.organizationId ? { organizationId: props.organizationId } : {}),
  };
}

export interface LogDeliveryTargetReferenceProps {
  readonly bucketName: string;
  /** @default - none */
  readonly keyPrefix?: string;
  /** The archive key (for example its ARN read from the archive stack's state). */
  readonly encryptionKey: IEncryptionKey;
  /** @default - the archive bucket only */
  readonly logBucketNames?: readonly string[];
}

/** An archive created elsewhere (the log-archive account), described by its literal attributes. */
export function logDeliveryTargetReference(props: LogDeliveryTargetReferenceProps): ILogDeliveryTarget {
  return {
    bucketName: props.bucketName,
    bucketArn: bucketArn(props.bucketName),
    ...(props.keyPrefix ? { keyPrefix: props.keyPrefix } : {}),
    encryptionKey: props.encryptionKey,
    logBucketNames: [...new Set([props.bucketName, ...(props.logBucketNames ?? [])])],
  };
}
