import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { eventRuleArn } from '../arns';
import { routeCoherenceProblems } from '../coherence/event-route-coherence';
import { lambdaFunctionArnProblems } from '../rules/arns';
import { type Problem, problem } from '../rules/problem';
import { checkProp, type PropCheck, propProblems } from '../rules/prop-validation';
import { type CodeDeployEventKind, type CodeDeployState, codeDeployEventPattern } from './codedeploy-events';
import { EncryptedQueue } from './encrypted-queue';
import { ruleGroups, sentenceTransformer } from './event-route-rules';
import type { RouteRule, RouteTarget } from './event-route-types';

export { MAX_TARGETS_PER_RULE, sentenceTransformer } from './event-route-rules';

/** Defaults of every route (the config schema reuses them). */
export const ROUTE_DEFAULTS = {
  /** EventBridge's own defaults, also its maxima (RetryPolicy: 60-86400 s, 0-185 attempts): lose nothing. */
  maximumEventAgeInSeconds: 86_400,
  maximumRetryAttempts: 185,
} as const;

/** The event bus a route's rules live on (a `CentralEventBus`). */
export interface IEventBus {
  readonly busName: string;
  /** Literal bus ARN. */
  readonly busArn: string;
  readonly accountId: string;
  readonly region: string;
  /** Resources a rule must wait for (the bus). */
  readonly dependables: readonly ITerraformDependable[];
}

/** Which CodeDeploy events a route sends on. */
export interface EventRouteFilter {
  readonly kinds: readonly CodeDeployEventKind[];
  /** @default - every application */
  readonly applications?: readonly string[];
  /** @default - every deployment group */
  readonly deploymentGroups?: readonly string[];
  /** @default - every state */
  readonly states?: readonly CodeDeployState[];
}

export interface TargetRetryPolicy {
  /** @default 86400 (24 hours, EventBridge's default and maximum) */
  readonly maximumEventAgeInSeconds?: number;
  /** @default 185 (EventBridge's default and maximum) */
  readonly maximumRetryAttempts?: number;
}

export interface EventRouteProps {
  readonly bus: IEventBus;
  /** Prefix of the route's rule names (`<routeName>-deployment-notify`, `<routeName>-data`, ...). */
  readonly routeName: string;
  readonly filter: EventRouteFilter;
  readonly targets: readonly RouteTarget[];
  /** Applied to every target. @default - 24 hours and 185 attempts */
  readonly retryPolicy?: TargetRetryPolicy;
  /** @default - `<routeName>-dlq` */
  readonly deadLetterQueueName?: string;
  /** @default false - the dead-letter queue's key is guarded by prevent_destroy */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

const EVENTS = 'events.amazonaws.com';
const NAME = /^[A-Za-z0-9._-]+$/;
const TARGET_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Rule names: at most 64 characters; event patterns at most 4,096 (EventBridge PutRule). */
const MAX_RULE_NAME = 64;
const MAX_PATTERN = 4096;

/**
 * Routes CodeDeploy events on a bus to targets. Each target admits only the rules that feed it
 * (`aws:SourceArn` = rule ARN in its resource policy or role trust; the key of an encrypted topic or
 * queue admits EventBridge for that target's encryption context only), is retried for up to a day,
 * and lands in the route's encrypted dead-letter queue when delivery fails for good.
 *
 * Rules: notification targets (topics, sentence functions) get one rule per event kind, because the
 * sentence differs; data targets share one rule for every kind. A rule holds at most 5 targets, so a
 * larger group is split: targets sorted by id fill `<name>`, `<name>-2`, ... in turn, so a rule's name
 * never depends on the order of the list, and adding a target moves only those sorting after it.
 */
export class EventRoute extends Construct {
  public readonly routeName: string;
  public readonly rules: readonly RouteRule[];
  /** Literal ARNs of every rule of the route. */
  public readonly ruleArns: readonly string[];
  /** Where EventBridge puts events it could not deliver to any of the route's targets. */
  public readonly deadLetterQueue: EncryptedQueue;

  constructor(scope: Construct, id: string, props: EventRouteProps) {
    super(scope, id);
    const { bus } = props;
    this.routeName = props.routeName;
    validate(this.node.path, props);
    const retry = {
      maximumEventAgeInSeconds: props.retryPolicy?.maximumEventAgeInSeconds ?? ROUTE_DEFAULTS.maximumEventAgeInSeconds,
      maximumRetryAttempts: props.retryPolicy?.maximumRetryAttempts ?? ROUTE_DEFAULTS.maximumRetryAttempts,
    };

    this.deadLetterQueue = new EncryptedQueue(this, 'DeadLetterQueue', {
      queueName: props.deadLetterQueueName ?? `${props.routeName}-dlq`,
      accountId: bus.accountId,
      region: bus.region,
      deadLetterQueue: false,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });

    const rules: RouteRule[] = [];
    const groups = ruleGroups(props.filter.kinds, props.targets);
    // The longest `-<suffix>` any rule of this route appends to routeName.
    const longestSuffix = Math.max(...groups.map((g) => g.suffix.length + 1));
    for (const group of groups) {
      const ruleName = `${props.routeName}-${group.suffix}`;
      const pattern = JSON.stringify(codeDeployEventPattern({ ...props.filter, kinds: group.kinds }));
      if (ruleName.length > MAX_RULE_NAME) {
        throw new Error(
          `${this.node.path}: routeName: rule name "${ruleName}" is longer than ${MAX_RULE_NAME} characters (EventBridge rule names). Fix: shorten routeName to at most ${MAX_RULE_NAME - longestSuffix} characters`,
        );
      }
      if (pattern.length > MAX_PATTERN) {
        throw new Error(
          `${this.node.path}: filter: the event pattern of ${ruleName} has ${pattern.length} characters (EventBridge takes at most ${MAX_PATTERN}). Fix: list fewer applications, deployment groups or states in the filter`,
        );
      }
      const rule = new CloudwatchEventRule(this, `Rule-${group.suffix}`, {
        provider: props.provider,
        name: ruleName,
        eventBusName: bus.busName,
        description: `CodeDeploy ${group.kinds.join(' and ')} events to ${group.input === 'sentence' ? 'notification' : 'data'} targets`,
        eventPattern: pattern,
        state: 'ENABLED',
        tags: props.tags,
        dependsOn: [...bus.dependables],
      });
      const ruleArn = eventRuleArn(bus.region, bus.accountId, bus.busName, ruleName);
      rules.push({ ruleName, ruleArn, kinds: group.kinds, input: group.input, targetIds: group.targets.map((t) => t.id), rule });
      for (const target of group.targets) {
        new CloudwatchEventTarget(this, `Target-${group.suffix}-${target.id}`, {
          provider: props.provider,
          rule: ruleName,
          eventBusName: bus.busName,
          targetId: target.id,
          arn: targetSpec(target).arn,
          // Kinesis is the only target here that EventBridge reaches through a role; the others use
          // resource policies, and must not get a role (eventbridge/latest/userguide/eb-use-resource-based.html).
          roleArn: target.type === 'stream' ? target.stream.roleArn : undefined,
          inputTransformer: group.input === 'sentence' ? sentenceTransformer(group.kinds[0]) : undefined,
          retryPolicy: retry,
          deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
          dependsOn: [rule, ...targetSpec(target).dependables, ...this.deadLetterQueue.dependables],
        });
        if (target.type === 'function') {
          new LambdaPermission(this, `Invoke-${group.suffix}-${target.id}`, {
            provider: props.provider,
            statementId: `events-${ruleName}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100),
            action: 'lambda:InvokeFunction',
            functionName: target.functionArn,
            principal: EVENTS,
            sourceArn: ruleArn,
            dependsOn: target.dependables?.length ? [...target.dependables] : undefined,
          });
        }
      }
    }
    this.rules = rules;
    this.ruleArns = rules.map((r) => r.ruleArn);

    this.deadLetterQueue.grantSendFromRule(...this.ruleArns);
    for (const target of props.targets) targetSpec(target).grant(this.ruleArnsFor(target.id));
    // Fails synth when a target's policy or key (wherever in the app it is built) would refuse a rule that feeds it.
    const coherence = { rules, targets: props.targets, deadLetterQueue: this.deadLetterQueue, accountId: bus.accountId };
    this.node.addValidation({ validate: () => routeCoherenceProblems(this, coherence) });
  }

  /** Literal ARNs of the rules feeding one target. */
  public ruleArnsFor(targetId: string): string[] {
    return this.rules.filter((r) => r.targetIds.includes(targetId)).map((r) => r.ruleArn);
  }
}

/** How EventBridge reaches a target: its ARN, what to wait for, and the grant admitting the rules. */
function targetSpec(target: RouteTarget): {
  arn: string;
  dependables: readonly ITerraformDependable[];
  grant(ruleArns: string[]): void;
} {
  switch (target.type) {
    case 'topic': {
      const { topic } = target;
      const grant = (sourceArns: string[]) =>
        topic.grantPublish({
          service: EVENTS,
          sourceArns,
          sid: 'AllowEventBridgeRulesPublish',
          keySid: 'AllowEventBridgeRulesEncryptNotifications',
        });
      return { arn: topic.topicArn, dependables: topic.dependables ?? [], grant };
    }
    case 'queue':
      return {
        arn: target.queue.queueArn,
        dependables: target.queue.dependables,
        grant: (arns) => target.queue.grantSendFromRule(...arns),
      };
    case 'stream':
      return {
        arn: target.stream.streamArn,
        dependables: target.stream.dependables,
        grant: (arns) => target.stream.grantPutFromRule(...arns),
      };
    case 'function':
      // One aws_lambda_permission per rule, created with the target.
      return { arn: target.functionArn, dependables: target.dependables ?? [], grant: () => {} };
  }
}

/**
 * The route's props, checked at construction (its rule names and targets are built from them):
 * every problem at once, one line each, `<path>: <prop>: <value> <rule>. Fix: <fix>`.
 */
function validate(path: string, props: EventRouteProps): void {
  const lines = propProblems(path, routeChecks(props));
  if (lines.length > 0) throw new Error(lines.join('\n'));
}

function routeChecks(props: EventRouteProps): PropCheck[] {
  const retry = props.retryPolicy ?? {};
  const seen = new Set<string>();
  // Lists are checked by their length: targets hold constructs, which are no values to print.
  const empty = (fix: string) => (length: number) => (length > 0 ? [] : [problem(undefined, 'is empty', fix)]);
  return [
    ...checkProp('routeName', props.routeName, (n) =>
      NAME.test(n) ? [] : [problem(n, 'is not an EventBridge rule name prefix (letters, digits, . _ and -)', 'use only those characters')],
    ),
    ...checkProp('filter.kinds', props.filter.kinds.length, empty('choose deployment and/or instance events')),
    ...checkProp('targets', props.targets.length, empty('give the route at least one target')),
    ...props.targets.flatMap((target, i) => {
      const twice = seen.has(target.id);
      seen.add(target.id);
      return [
        ...checkProp(`targets[${i}].id`, target.id, (id) => [
          ...(TARGET_ID.test(id)
            ? []
            : [problem(id, 'is not an EventBridge target id (1-64 of letters, digits, . _ and -)', 'use only those characters')]),
          ...(twice ? [problem(id, 'is used twice (target ids are unique within a rule)', 'give each target its own id')] : []),
        ]),
        ...(target.type === 'function'
          ? checkProp(`targets[${i}].functionArn`, target.functionArn, (arn) => functionArnProblems(arn, props.bus))
          : []),
      ];
    }),
    // EventBridge RetryPolicy: MaximumEventAgeInSeconds 60-86400, MaximumRetryAttempts 0-185.
    ...checkProp('retryPolicy.maximumEventAgeInSeconds', retry.maximumEventAgeInSeconds, (age) =>
      Number.isInteger(age) && age >= 60 && age <= 86_400
        ? []
        : [problem(age, 'is not a maximum event age EventBridge accepts (a whole number of seconds from 60 to 86400)', 'use 60 to 86400')],
    ),
    ...checkProp('retryPolicy.maximumRetryAttempts', retry.maximumRetryAttempts, (n) =>
      Number.isInteger(n) && n >= 0 && n <= 185
        ? []
        : [problem(n, 'is not a retry count EventBridge accepts (a whole number from 0 to 185)', 'use 0 to 185')],
    ),
  ];
}

/** A function target: a Lambda function ARN in the bus's account and region, where its invoke permission is created. */
function functionArnProblems(arn: string, bus: EventRouteProps['bus']): Problem[] {
  const bad = lambdaFunctionArnProblems(arn);
  if (bad.length > 0) return bad;
  const [, , , region, account] = arn.split(':');
  if (region === bus.region && account === bus.accountId) return [];
  return [
    problem(
      arn,
      `is not in the bus's account ${bus.accountId} and region ${bus.region}, where its invoke permission is created`,
      "use a function of the bus's account and region, or forward the events to a bus where the function is",
    ),
  ];
}
