import { Fn, type TerraformProvider, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { suppressCheck } from '../modules/check-suppressions';
import { CentralEventBus } from '../modules/deployment-monitoring/central-event-bus';
import { ChatNotifier } from '../modules/deployment-monitoring/chat-notifier';
import { EncryptedQueue } from '../modules/deployment-monitoring/encrypted-queue';
import { EncryptedStream } from '../modules/deployment-monitoring/encrypted-stream';
import type { EventRoute } from '../modules/deployment-monitoring/event-route';
import type { RouteTarget } from '../modules/deployment-monitoring/event-route-types';
import { memberResourceNames } from '../modules/deployment-monitoring/member-settings';
import { ObservabilitySink } from '../modules/deployment-monitoring/observability-sink';
import { LambdaTopicSubscription } from '../modules/lambda-topic-subscription';
import { NotificationTopic } from '../modules/notification-topic';
import { PolicyStatement } from '../modules/policy-document';
import { subscribeCommand } from '../modules/topic-subscriptions';
import { AccountStack } from './account-stack';
import { alarmChatFunctionArn, alarmTopicArn } from './config/alarms';
import {
  monitoredRegions,
  monitoringSection,
  OBSERVABILITY_SINK_ARNS_OUTPUT,
  observabilitySinkEnabled,
  observabilitySinkName,
} from './config/deployment-monitoring-derived';
import { busDeadLetterQueueName, chatFailureQueueName } from './config/deployment-queue-names';
import type { OrganizationConfig } from './config/schema';
import type { DeploymentMonitoringConfig } from './config/sections/deployment-monitoring';
import { accountProvider } from './providers';
import type { StackContext, StackKind } from './registry';
import type { StackOutputs } from './state';

export const DEPLOYMENT_EVENTS_STACK = 'deployment-events';

export const DEPLOYMENT_EVENTS_KIND: StackKind = {
  kind: 'deployment-events',
  order: 5,
  definitions: (config) =>
    config.deploymentMonitoring
      ? [
          {
            name: DEPLOYMENT_EVENTS_STACK,
            accountId: config.auditAccountId,
            region: config.homeRegion,
            role: observabilitySinkEnabled(config)
              ? 'audit (central deployment-event bus, routes and targets, observability sinks)'
              : 'audit (central deployment-event bus, routes and targets)',
            build: (scope, context) => new DeploymentEventsStack(scope, context),
          },
        ]
      : [],
};

type Route = DeploymentMonitoringConfig['routes'][number];

/**
 * The audit account's side of deployment monitoring: the central event bus every member account
 * forwards CodeDeploy state changes to (policy open to the organization only, archive for replay,
 * customer managed key), the declared topics, queues and streams, the built-in chat notifier,
 * one routing rule set per configured route, and (agentLogs.observabilitySink) a CloudWatch
 * observability sink in every governed region that every account links its agent log groups to.
 * Apply before the member rollout, which targets the bus and reads the sink ARNs from this state.
 */
export class DeploymentEventsStack extends AccountStack {
  public readonly bus: CentralEventBus;
  public readonly topics = new Map<string, NotificationTopic>();
  public readonly queues = new Map<string, EncryptedQueue>();
  public readonly streams = new Map<string, EncryptedStream>();
  public readonly chat?: ChatNotifier;
  /** With `alarms.notifyChat`: the chat notifier subscribed to the alarm topic of the trail account. */
  public readonly alarmChat?: LambdaTopicSubscription;
  public readonly routes = new Map<string, EventRoute>();
  /** Observability sinks by region (agentLogs.observabilitySink), else empty. */
  public readonly sinks = new Map<string, ObservabilitySink>();

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const m = monitoringSection(this.config);
    const here = { accountId: this.accountId, region: this.region };
    this.bus = new CentralEventBus(this, 'Bus', {
      ...here,
      busName: m.busName,
      organizationId: this.config.organizationId,
      // The role the member templates (and the management account's stacks) forward with.
      forwarderRoleName: memberResourceNames(m.stackSets.namePrefix).forwardingRole,
      deadLetterQueueName: busDeadLetterQueueName(m.busName),
      archiveRetentionDays: m.archiveRetentionDays,
    });
    // Construct ids come from names, never list positions: reordering the config replaces nothing.
    for (const t of m.topics) {
      this.topics.set(
        t.name,
        new NotificationTopic(this, `Topic-${t.name}`, {
          ...here,
          topicName: t.name,
          keyAliasName: `alias/sns/${t.name}`,
          subscriptions: t.subscriptions,
        }),
      );
    }
    for (const q of m.queues) this.queues.set(q.name, new EncryptedQueue(this, `Queue-${q.name}`, { ...here, queueName: q.name }));
    for (const s of m.streams) this.streams.set(s.name, new EncryptedStream(this, `Stream-${s.name}`, { ...here, streamName: s.name }));
    if (m.chat) {
      // EventBridge invokes Lambda asynchronously: a handler failure never reaches the rule's DLQ,
      // so the function keeps its own failure queue.
      const failures = new EncryptedQueue(this, 'ChatFailures', {
        ...here,
        queueName: chatFailureQueueName(m.chat.functionName),
        deadLetterQueue: false,
        keyDescription: `Encrypts the ${m.chat.functionName}-failures SQS queue and the ${m.chat.functionName} log group`,
      });
      this.chat = new ChatNotifier(this, 'ChatNotifier', {
        ...here,
        functionName: m.chat.functionName,
        webhookParameterName: m.chat.webhookParameterName,
        logRetentionInDays: m.chat.logRetentionDays,
        failureQueueArn: failures.queueArn,
        // The notifier's own failure queue key encrypts its logs too: no second key ($1 a month).
        logEncryptionKey: failures.key,
      });
      // The function sends failure records with its role (Lambda on-failure destinations): the queue
      // key names that role, for SQS in this region only.
      failures.key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowChatNotifierFailureRecords',
          principal: { AWS: this.chat.roleArn },
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${this.region}.amazonaws.com` } },
        }),
      );
      // KMS rejects a key policy naming a role that does not exist yet (the key's administrators
      // note the same): on a first apply the key waits for the role. No cycle: the role names
      // neither the key nor its log group.
      failures.key.createAfter(this.chat.role);
    }
    if (this.chat && alarmChatFunctionArn(this.config)) {
      // Created here, by the function's account: the alarm topic (organization-trail stack, applied
      // before this one) lets this account subscribe exactly this function.
      this.alarmChat = new LambdaTopicSubscription(this, 'AlarmChat', {
        function: this.chat,
        topic: { topicArn: alarmTopicArn(this.config) },
      });
    }
    this.recordExceptions();
    for (const r of m.routes) {
      this.routes.set(
        r.name,
        this.bus.addRoute(`Route-${r.name}`, {
          routeName: r.name,
          filter: { kinds: r.kinds, applications: r.applications, deploymentGroups: r.deploymentGroups, states: r.states },
          targets: r.targets.map((t) => this.target(t)),
        }),
      );
    }

    if (observabilitySinkEnabled(this.config)) this.addObservabilitySinks();

    this.output('event_bus_arn', this.bus.busArn, 'Central bus every account forwards CodeDeploy state changes to');
    this.output('event_bus_name', this.bus.busName, 'Name of the central bus');
    this.output(
      'event_bus_dead_letter_queue_url',
      this.bus.deadLetterQueue.queue.url,
      'Events the central bus could not process (its key disabled or its policy broken): watch ApproximateNumberOfMessagesVisible',
    );
    this.output(
      'route_rule_arns',
      [...this.routes.values()].flatMap((r) => r.ruleArns),
      'Routing rules on the central bus',
    );
    if (this.sinks.size > 0) {
      this.output(
        OBSERVABILITY_SINK_ARNS_OUTPUT,
        Object.fromEntries([...this.sinks].map(([region, sink]) => [region, sink.sinkArn])),
        'CloudWatch observability sink of this account by region: the member rollout links every account to them',
      );
    }
    if (this.chat) this.output('chat_notifier_function_arn', this.chat.functionArn, 'The built-in chat notifier');
    if (this.alarmChat) {
      this.output(
        'alarm_chat_subscription_arn',
        this.alarmChat.subscription.arn,
        'Subscription of the chat notifier to the alarm topic (alarms.notifyChat)',
      );
    }
    this.output(
      'pending_subscriptions',
      [...this.topics.values()].flatMap((t) => t.pendingSubscriptions.map((s) => subscribeCommand(s, t.topicArn))),
      'Queues and functions in other accounts: run each command with credentials of the endpoint account',
    );
  }

  /**
   * One sink per governed region: sinks are regional and a link targets the sink of its own region.
   * Each admits log groups only, from accounts of this organization; every member account's link
   * filters them down to the agent log groups.
   */
  private addObservabilitySinks(): void {
    for (const region of monitoredRegions(this.config)) {
      const provider: TerraformProvider =
        region === this.region
          ? this.provider
          : accountProvider(this, `Aws-${region}`, this.config, { accountId: this.accountId, region, alias: region });
      this.sinks.set(
        region,
        new ObservabilitySink(this, `ObservabilitySink-${region}`, {
          sinkName: observabilitySinkName(this.config),
          organizationId: this.config.organizationId,
          provider,
        }),
      );
    }
  }

  /** The rule pack's findings that do not apply here, each with the reason a reviewer reads. */
  private recordExceptions(): void {
    suppressCheck(
      this.bus.key.key,
      'ResourcePolicyServiceGrantScopedToSource',
      "AWS's documented event bus key policy grants kms:DescribeKey to EventBridge without a condition; this one adds aws:SourceAccount with IfExists so creating the bus cannot fail when EventBridge sends no source, and every data-key grant is pinned to this bus's encryption context (EventBridge user guide, eb-encryption-key-policy).",
    );
    if (!this.chat) return;
    suppressCheck(
      this.chat.logGroup,
      'CloudWatchLogGroupRetentionAtLeastYear',
      'These are operational logs of the chat notifier, not audit evidence: the deployment events themselves are kept in the central bus archive, so a short configurable retention (deploymentMonitoring.chat.logRetentionDays) is enough.',
    );
  }

  private target(t: Route['targets'][number]): RouteTarget {
    const required = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`deploymentMonitoring: ${what} is not declared (validated before synth)`);
      return value;
    };
    switch (t.type) {
      case 'chat':
        return {
          type: 'function',
          id: 'chat',
          functionArn: required(this.chat, 'chat').functionArn,
          input: 'event',
          dependables: this.chat?.dependables,
        };
      case 'topic':
        return { type: 'topic', id: `topic-${t.name}`, topic: required(this.topics.get(t.name), `topic ${t.name}`) };
      case 'queue':
        return { type: 'queue', id: `queue-${t.name}`, queue: required(this.queues.get(t.name), `queue ${t.name}`) };
      case 'stream':
        return { type: 'stream', id: `stream-${t.name}`, stream: required(this.streams.get(t.name), `stream ${t.name}`) };
      case 'lambda':
        return { type: 'function', id: `lambda-${t.functionArn.split(':')[6]}`, functionArn: t.functionArn, input: 'event' };
    }
  }
}

/**
 * The audit account's sink ARNs by region, read from this stack's state by the stacks that roll the
 * member templates out (a sink ARN ends in an id AWS picks at creation, so config cannot compute it),
 * or undefined when no sinks are configured. `Fn.lookup` without a default renders as an index
 * (`outputs.observability_sink_arns["eu-west-1"]`), which fails the plan when the state has no sink
 * for a governed region (this stack not applied yet, or applied before the region was added).
 */
export function observabilitySinkArns(
  config: OrganizationConfig,
  outputsOf: (stackName: string, id: string) => StackOutputs,
): Record<string, string> | undefined {
  if (!observabilitySinkEnabled(config)) return undefined;
  const arns = outputsOf(DEPLOYMENT_EVENTS_STACK, 'DeploymentEventsState').get(OBSERVABILITY_SINK_ARNS_OUTPUT);
  return Object.fromEntries(monitoredRegions(config).map((region) => [region, Token.asString(Fn.lookup(arns, region))]));
}
