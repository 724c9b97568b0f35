import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Token, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import { EncryptedQueue } from '../deployment-monitoring/encrypted-queue';
import { EncryptedStream } from '../deployment-monitoring/encrypted-stream';
import type { RouteRule, RouteTarget } from '../deployment-monitoring/event-route-types';
import { EVENTBRIDGE_TARGET_CONTEXTS, type LogEncryptionKey, SOURCE_CONDITION_KEYS } from '../log-encryption-key';
import { NotificationTopic } from '../notification-topic';
import type { PolicyDocument } from '../policy-document';
import { ownersOf, refusal } from './policy-owners';

/*
 * Whether every target of a route admits the rules that feed it, checked at synth on the policies
 * the owning constructs render. EventBridge reaches SNS, SQS and Lambda targets through their
 * resource policies and a Kinesis stream through a role (eventbridge/latest/userguide/
 * eb-use-resource-based.html), each scoped to the rule by `aws:SourceArn` (cross-service-confused-
 * deputy-prevention.html); an encrypted topic or queue also needs its key to admit EventBridge for
 * the target's encryption context, with no source key, which KMS does not see on those calls (SNS
 * developer guide, sns-key-management: "not supported for EventBridge-to-encrypted topics"; see
 * `EVENTBRIDGE_TARGET_CONTEXTS`). A refused delivery is not an apply error: it fails at run time,
 * is retried, and ends in the dead-letter queue, so a reviewer never sees it in a plan.
 */

const EVENTS = 'events.amazonaws.com';

interface RouteCoherenceInput {
  readonly rules: readonly RouteRule[];
  readonly targets: readonly RouteTarget[];
  /** The route's dead-letter queue: every rule sends undeliverable events there. */
  readonly deadLetterQueue: EncryptedQueue;
  /** Account of the bus the rules live on (`aws:SourceAccount`). */
  readonly accountId: string;
}

/** Every rule a target's policies refuse, one line per rule and target. */
export function routeCoherenceProblems(route: IConstruct, input: RouteCoherenceInput): string[] {
  const problems: string[] = [];
  for (const rule of input.rules) {
    const context = { 'aws:SourceArn': rule.ruleArn, 'aws:SourceAccount': input.accountId };
    const check = new RuleCheck(route, rule.ruleArn, context, problems);
    for (const target of input.targets.filter((t) => rule.targetIds.includes(t.id))) {
      switch (target.type) {
        case 'topic':
          for (const topic of ownersOf(route, NotificationTopic, (t) => t.topicArn === target.topic.topicArn)) check.topic(topic);
          break;
        case 'queue':
          for (const queue of ownersOf(route, EncryptedQueue, (q) => q.queueArn === target.queue.queueArn)) check.queue(queue);
          break;
        case 'stream':
          for (const stream of ownersOf(route, EncryptedStream, (s) => s.streamArn === target.stream.streamArn)) check.stream(stream);
          break;
        case 'function':
          check.function(target.functionArn);
          break;
      }
    }
    check.queue(input.deadLetterQueue, 'dead-letter queue');
  }
  return problems;
}

class RuleCheck {
  constructor(
    private readonly route: IConstruct,
    private readonly ruleArn: string,
    private readonly context: Readonly<Record<string, string>>,
    private readonly problems: string[],
  ) {}

  public topic(topic: NotificationTopic): void {
    this.resource('topic', topic.topicArn, topic, topic.policyDocument(), 'SNS:Publish', 'the topic policy', 'topic.grantPublish');
    this.key('topic', topic.topicArn, topic.key, 'topic.grantPublish', topic);
  }

  public queue(queue: EncryptedQueue, kind: 'queue' | 'dead-letter queue' = 'queue'): void {
    const grant = 'queue.grantSendFromRule';
    this.resource(kind, queue.queueArn, queue, queue.policyDocument(), 'sqs:SendMessage', 'the queue policy', grant);
    this.key(kind, queue.queueArn, queue.key, grant, queue);
  }

  /** EventBridge assumes the stream's role: its trust policy must admit the rule. */
  public stream(stream: EncryptedStream): void {
    const why = refusal(stream.trustPolicyDocument().toJSON(), {
      request: { service: EVENTS, context: this.context },
      actions: ['sts:AssumeRole'],
      shownResource: stream.roleArn,
      shownConditions: `aws:SourceArn ${this.ruleArn}`,
    });
    if (why)
      this.report('stream', stream.streamArn, `the trust policy of its role (${stream.node.path})`, why, 'stream.grantPutFromRule', stream);
  }

  /** A Lambda function's policy is the set of `aws_lambda_permission` resources that name it. */
  public function(functionArn: string): void {
    const target = functionIdentity(functionArn, undefined);
    const outcomes = ownersOf(this.route, LambdaPermission, () => true)
      .filter((p) => sameFunction(resolvedFunctionName(this.route, p), p.qualifierInput, target))
      .map((p) => permits(p, this.ruleArn, this.context['aws:SourceAccount']));
    if (outcomes.includes(true) || outcomes.includes(undefined)) return;
    this.problems.push(
      `${this.route.node.path}: EventBridge cannot invoke function ${functionArn} for rule ${this.ruleArn}: no aws_lambda_permission in the app lets ${EVENTS} lambda:InvokeFunction it with source_arn ${this.ruleArn}; a Lambda target's policy must admit the rule that feeds it (aws:SourceArn), or every invocation fails and lands in the dead-letter queue. Fix: add a LambdaPermission (principal ${EVENTS}, source_arn ${this.ruleArn}), or chatNotifier.grantInvokeFromRule(ruleArn) for the chat notifier`,
    );
  }

  private resource(
    kind: string,
    arn: string,
    owner: IConstruct,
    policy: PolicyDocument,
    action: string,
    name: string,
    grant: string,
  ): void {
    const why = refusal(policy.toJSON(), {
      request: { service: EVENTS, resource: arn, context: this.context },
      actions: [action],
      shownResource: arn,
      shownConditions: `aws:SourceArn ${this.ruleArn}`,
    });
    if (why) this.report(kind, arn, `${name} (${owner.node.path})`, why, grant, owner);
  }

  /**
   * The target service calls KMS for EventBridge with its own encryption context (the topic or queue
   * ARN) and without aws:SourceArn, aws:SourceAccount or aws:SourceOrgID: the key must admit that.
   */
  private key(kind: 'topic' | 'queue' | 'dead-letter queue', arn: string, key: LogEncryptionKey, grant: string, owner: IConstruct): void {
    const contextKey = `kms:EncryptionContext:${EVENTBRIDGE_TARGET_CONTEXTS[kind === 'topic' ? 'topic' : 'queue']}`;
    const policy = key.policyDocument().toJSON();
    const actions = ['kms:GenerateDataKey', 'kms:Decrypt'];
    const why = refusal(policy, {
      request: { service: EVENTS, context: { [contextKey]: arn }, absent: SOURCE_CONDITION_KEYS },
      actions,
      shownResource: '*',
      shownConditions: `${contextKey} ${arn} and no source key`,
    });
    if (!why) return;
    const where = `${this.route.node.path}: EventBridge cannot deliver rule ${this.ruleArn} to encrypted ${kind} ${arn}: the policy of its key ${key.aliasName} (${key.node.path}) ${why}`;
    const fix = `Fix: let ${EVENTS} ${actions.join(', ')} under ${contextKey} = ${arn} alone (${grant}(...) on ${owner.node.path} writes it so, or key.grantEventBridgeTarget(...) on ${key.node.path}; a route grants the targets it is given itself: pass the construct, not a reference)`;
    const withSource = refusal(policy, {
      request: { service: EVENTS, context: { ...this.context, [contextKey]: arn } },
      actions,
      shownResource: '*',
      shownConditions: contextKey,
    });
    this.problems.push(
      withSource
        ? `${where}; the key of an encrypted target must let EventBridge use it for the target's encryption context, or every event fails delivery and lands in the dead-letter queue. ${fix}`
        : `${where}: it admits EventBridge only under aws:SourceArn, aws:SourceAccount or aws:SourceOrgID, which KMS does not see when EventBridge writes to an encrypted ${kind === 'topic' ? 'topic' : 'queue'} ("not supported for EventBridge-to-encrypted topics", SNS developer guide, sns-key-management), so every event fails delivery and lands in the dead-letter queue. ${fix}`,
    );
  }

  private report(kind: string, arn: string, policy: string, why: string, grant: string, owner: IConstruct): void {
    this.problems.push(
      `${this.route.node.path}: EventBridge cannot deliver rule ${this.ruleArn} to ${kind} ${arn}: ${policy} ${why}; a target's resource policy must admit the rule that feeds it (aws:SourceArn = the rule ARN), or every event fails delivery and lands in the dead-letter queue. Fix: call ${grant}(...) with the rule ARN on ${owner.node.path} (a route grants the targets it is given itself: pass the construct, not a reference)`,
    );
  }
}

interface FunctionIdentity {
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
  readonly qualifier?: string;
}

/** A function named by name, partial ARN or ARN (with an optional qualifier), as Lambda accepts it. */
function functionIdentity(functionName: string, qualifier: string | undefined): FunctionIdentity {
  const parts = functionName.split(':');
  if (parts[0] === 'arn') return { region: parts[3], account: parts[4], name: parts[6], qualifier: parts[7] ?? qualifier };
  if (parts.length >= 3 && parts[1] === 'function') return { account: parts[0], name: parts[2], qualifier: parts[3] ?? qualifier };
  return { name: parts[0], qualifier: parts[1] ?? qualifier };
}

/**
 * The permission's function name. A reference to a function of the app (`fn.functionName`, a token)
 * is matched by its Terraform address, read from the token without resolving it (resolving could
 * create cross-stack outputs), to the function's literal name.
 */
function resolvedFunctionName(scope: IConstruct, permission: LambdaPermission): string | undefined {
  const name = permission.functionNameInput;
  if (name === undefined || !Token.isUnresolved(name)) return name;
  const token = Tokenization.reverseString(name).firstToken as { identifier?: unknown; originStack?: unknown } | undefined;
  const identifier = token?.identifier;
  if (typeof identifier !== 'string') return undefined;
  const fn = ownersOf(
    scope,
    LambdaFunction,
    (f) => token?.originStack === f.cdktfStack && identifier === `${f.terraformResourceType}.${f.friendlyUniqueId}.function_name`,
  )[0];
  return fn?.functionNameInput;
}

function sameFunction(name: string | undefined, qualifier: string | undefined, target: FunctionIdentity): boolean {
  if (name === undefined || Token.isUnresolved(name)) return false;
  const permission = functionIdentity(name, qualifier);
  const differs = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a !== b;
  return (
    permission.name === target.name &&
    permission.qualifier === target.qualifier &&
    !differs(permission.account, target.account) &&
    !differs(permission.region, target.region)
  );
}

/** Whether the permission lets EventBridge invoke for this rule; undefined when a value is a token. */
function permits(permission: LambdaPermission, ruleArn: string, account: string | undefined): boolean | undefined {
  const values = [permission.principalInput, permission.actionInput, permission.sourceArnInput, permission.sourceAccountInput];
  if (values.some((v) => v !== undefined && Token.isUnresolved(v))) return undefined;
  return (
    permission.principalInput === EVENTS &&
    ['lambda:InvokeFunction', 'lambda:*'].includes(permission.actionInput ?? '') &&
    (permission.sourceArnInput === undefined || permission.sourceArnInput === ruleArn) &&
    (permission.sourceAccountInput === undefined || permission.sourceAccountInput === account)
  );
}
