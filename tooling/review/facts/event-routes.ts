/**
 * EventBridge routes: each rule (Terraform `aws_cloudwatch_event_rule`, or `AWS::Events::Rule` in a
 * StackSet template) with its pattern read in words (CodeDeploy deployment or instance events, which
 * states, which applications) and the targets it sends to.
 */

import {
  type AppResource,
  type AppStack,
  block,
  blocks,
  type FanOut,
  fanOuts,
  isFalse,
  parseJson,
  type TemplateResource,
  templates,
  text,
} from '../../model';
import { isJsonObject, type JsonObject } from '../../terraform/plan-json';
import type { ReviewContext } from '../context';

interface RouteTarget {
  /** "chat (Lambda org-deployment-chat-notifier)", "queue deployment-events", "event bus central (account 1234...)". */
  readonly label: string;
  /** The resource of the app the target is, when it is one. */
  readonly resource?: AppResource;
  /** Role, input, dead-letter queue, retries. */
  readonly details: readonly string[];
}

export interface EventRoute {
  readonly stack: string;
  /** The rule resource, or the Terraform resource holding the template the rule is in. */
  readonly holder: AppResource;
  readonly rule: string;
  readonly bus: string;
  /** The bus resource of the app, when the rule is on one. */
  readonly busResource?: AppResource;
  readonly enabled: boolean;
  /** "CodeDeploy deployment and instance state changes", or the sources and detail types. */
  readonly events: string;
  /** `detail.state` values the pattern matches; empty: any state. */
  readonly states: readonly string[];
  /** Other pattern fields: "detail.application: billing". */
  readonly filters: readonly string[];
  readonly schedule?: string;
  readonly targets: readonly RouteTarget[];
  /** For a rule in a StackSet template: where it is deployed. */
  readonly fanOut?: FanOut;
  /** For a rule in a plain CloudFormation stack's template: that stack, with its account and region. */
  readonly cloudFormationStack?: string;
}

const CODEDEPLOY_KINDS: Record<string, string> = {
  'CodeDeploy Deployment State-change Notification': 'deployment',
  'CodeDeploy Instance State-change Notification': 'instance',
};

/** Routes defined in a stack: its rules and the rules in its StackSet and stack templates. */
export function eventRoutes(ctx: ReviewContext, stack: AppStack): EventRoute[] {
  const { resolver } = ctx;
  const targets = resolver.ofType('aws_cloudwatch_event_target').filter((t) => t.stack === stack.name);
  const own = stack.resources
    .filter((r) => r.type === 'aws_cloudwatch_event_rule')
    .map((rule): EventRoute => {
      const c = rule.config;
      const bus = resolver.refersTo(stack.name, c.event_bus_name, 'aws_cloudwatch_event_bus');
      const mine = targets.filter((t) => resolver.refersTo(t.stack, t.config.rule, rule.type) === rule);
      return {
        stack: stack.name,
        holder: rule,
        rule: resolver.literalName(rule) ?? rule.name,
        bus: bus
          ? resolver.label(bus)
          : `event bus ${c.event_bus_name === undefined ? 'default' : resolver.display(stack.name, c.event_bus_name)}`,
        ...(bus ? { busResource: bus } : {}),
        enabled:
          !isFalse(c.is_enabled) &&
          (c.state === undefined || c.state === 'ENABLED' || c.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'),
        ...patternFacts(parseJson(c.event_pattern)),
        ...(text(c.schedule_expression) ? { schedule: text(c.schedule_expression) } : {}),
        targets: mine.map((t) => routeTarget(ctx, t.stack, t.config)),
      };
    });
  const sets = fanOuts(resolver);
  const fromTemplates = templates(resolver)
    .filter((t) => t.holder.stack === stack.name)
    .flatMap((t) =>
      t.resources
        .filter((r) => r.type === 'AWS::Events::Rule')
        .map((r): EventRoute => {
          const p = r.properties;
          const fanOut = sets.find((f) => f.stackSet === t.holder);
          return {
            stack: stack.name,
            holder: t.holder,
            rule: text(p.Name) ?? r.logicalId,
            bus: `event bus ${text(p.EventBusName) ?? 'default'}`,
            enabled: p.State === undefined || p.State === 'ENABLED',
            ...patternFacts(p.EventPattern),
            ...(text(p.ScheduleExpression) ? { schedule: text(p.ScheduleExpression) } : {}),
            targets: blocks(p.Targets).map((x) => {
              const role = templateRole(t.resources, x.RoleArn);
              const target = routeTarget(ctx, stack.name, {
                arn: x.Arn,
                target_id: x.Id,
                input: x.Input,
                input_path: x.InputPath,
                ...(x.InputTransformer !== undefined ? { input_transformer: x.InputTransformer } : {}),
              });
              return role ? { ...target, details: [`as ${role}`, ...target.details] } : target;
            }),
            ...(fanOut ? { fanOut } : {}),
            ...(t.holder.type === 'aws_cloudformation_stack'
              ? {
                  cloudFormationStack: `${resolver.literalName(t.holder) ?? t.holder.name} (account ${t.holder.provider.accountIds.join(', ') || '?'}, ${t.holder.provider.region ?? '?'})`,
                }
              : {}),
          };
        }),
    );
  return [...own, ...fromTemplates];
}

/** Sources, detail types, states and other filters of an event pattern. */
function patternFacts(pattern: unknown): Pick<EventRoute, 'events' | 'states' | 'filters'> {
  if (!isJsonObject(pattern)) return { events: 'no event pattern', states: [], filters: [] };
  const sources = values(pattern.source);
  const types = values(pattern['detail-type']);
  const detail = isJsonObject(pattern.detail) ? pattern.detail : {};
  const kinds = types.map((t) => CODEDEPLOY_KINDS[t]);
  const events =
    sources.length === 1 && sources[0] === 'aws.codedeploy' && kinds.every(Boolean)
      ? `CodeDeploy ${kinds.length === 0 ? 'events of any kind' : `${kinds.join(' and ')} state changes`}`
      : [sources.length ? `source ${sources.join(', ')}` : 'any source', types.length ? `detail-type ${types.join(', ')}` : '']
          .filter(Boolean)
          .join(', ');
  const filters = [
    ...Object.entries(pattern)
      .filter(([k]) => !['source', 'detail-type', 'detail'].includes(k))
      .flatMap(([k, v]) => leaves(k, v)),
    ...Object.entries(detail)
      .filter(([k]) => k !== 'state')
      .flatMap(([k, v]) => leaves(`detail.${k}`, v)),
  ];
  return { events, states: values(detail.state), filters };
}

/** "FAILURE, STOP" (or "any state"), for route lines. */
export function statesText(route: EventRoute): string {
  return route.states.length > 0 ? route.states.join(', ') : 'any state';
}

function routeTarget(ctx: ReviewContext, stack: string, c: JsonObject): RouteTarget {
  const resource = ctx.resolver.refersTo(stack, c.arn);
  const what = resource ? ctx.resolver.label(resource) : arnText(ctx.resolver.display(stack, c.arn));
  const id = text(c.target_id);
  // A target id that only repeats the target's name ("queue-deploy-events" for queue deploy-events) adds nothing.
  const name = resource ? (ctx.resolver.literalName(resource) ?? '') : (String(c.arn).split(/[:/]/).pop() ?? '');
  const redundant = id !== undefined && (what.split(/[ ()]/).includes(id) || (name !== '' && (id === name || id.endsWith(`-${name}`))));
  const label = id && !redundant ? `${id} (${what})` : what;
  const dlq = block(c.dead_letter_config).arn;
  const retry = block(c.retry_policy);
  const role = c.role_arn === undefined ? undefined : ctx.resolver.refersTo(stack, c.role_arn, 'aws_iam_role');
  const details = [
    c.role_arn !== undefined ? `as ${role ? ctx.resolver.label(role) : ctx.resolver.display(stack, c.role_arn)}` : '',
    text(c.input) ? `fixed input \`${clip(text(c.input) as string)}\`` : '',
    text(c.input_path) ? `input path \`${c.input_path}\`` : '',
    Object.keys(block(c.input_transformer)).length > 0 ? 'input transformed' : '',
    dlq !== undefined ? `undeliverable events to ${labelOrArn(ctx, stack, dlq)}` : '',
    Object.keys(retry).length > 0
      ? `retries ${retry.maximum_retry_attempts ?? '?'}, up to ${retry.maximum_event_age_in_seconds ?? '?'} s`
      : '',
    text(block(c.sqs_target).message_group_id) ? `message group ${block(c.sqs_target).message_group_id}` : '',
  ].filter(Boolean);
  return { label, ...(resource ? { resource } : {}), details };
}

function labelOrArn(ctx: ReviewContext, stack: string, value: unknown): string {
  const r = ctx.resolver.refersTo(stack, value);
  return r ? ctx.resolver.label(r) : arnText(ctx.resolver.display(stack, value));
}

/**
 * An ARN in words: "Lambda notifier (account 123...)", "Automation runbook AWS-StopEC2Instance (account
 * <AccountId>, <Region>)". EventBridge's built-in EC2 targets are named as what they are: console-only.
 */
export function arnText(written: string): string {
  const arn = written.replace(/\$\{AWS::(\w+)\}/g, '<$1>');
  const builtIn = /:events:[^:]*:[^:]*:target\/(stop-instance|terminate-instance|reboot-instance|create-snapshot)$/.exec(arn);
  if (builtIn) return `EC2 ${builtIn[1].replace('-', ' ')} (built-in target: the API cannot create it, only the console)`;
  const m = /^arn:aws[a-z-]*:([a-z0-9-]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!m) return `\`${written}\``;
  const [, service, region, account, rest] = m;
  const where = `(account ${account}${region ? `, ${region}` : ''})`;
  const name = (prefix: RegExp) => rest.replace(prefix, '');
  if (service === 'lambda') return `Lambda ${name(/^function:/)} ${where}`;
  if (service === 'sqs') return `queue ${rest} ${where}`;
  if (service === 'sns') return `topic ${rest} ${where}`;
  if (service === 'kinesis') return `stream ${name(/^stream\//)} ${where}`;
  if (service === 'events' && rest.startsWith('event-bus/')) return `event bus ${name(/^event-bus\//)} ${where}`;
  if (service === 'logs') return `log group ${name(/^log-group:/)} ${where}`;
  if (service === 'states') return `state machine ${name(/^stateMachine:/)} ${where}`;
  if (service === 'ssm' && rest.startsWith('automation-definition/'))
    return `Automation runbook ${name(/^automation-definition\//)} ${where}`;
  return `\`${written}\``;
}

/**
 * The role a template's rule target uses, in words: a `${Logical.Arn}` of a role in the same template,
 * or a role ARN in the deploying account (`arn:aws:iam::${AWS::AccountId}:role/<name>`).
 */
function templateRole(resources: readonly TemplateResource[], value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const written = String(value);
  const logical = /^\$\{([A-Za-z0-9]+)\.Arn\}$/.exec(written)?.[1];
  const role = resources.find((r) => r.logicalId === logical && r.type === 'AWS::IAM::Role');
  if (role) return `role ${text(role.properties.RoleName) ?? role.logicalId} (same template)`;
  const arn = /^arn:aws[a-z-]*:iam::(\$\{AWS::AccountId\}|\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(written);
  if (arn) return `role ${arn[2]}${arn[1].startsWith('$') ? ' (same account)' : ` (account ${arn[1]})`}`;
  return `\`${written}\``;
}

function values(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

function leaves(path: string, value: unknown): string[] {
  if (isJsonObject(value)) return Object.entries(value).flatMap(([k, v]) => leaves(`${path}.${k}`, v));
  return [`${path}: ${values(value).join(', ')}`];
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
