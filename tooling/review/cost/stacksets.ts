/**
 * What the resources rolled out to every member account x region cost: the resources of each
 * StackSet template (and of the CloudFormation stacks the management account gets instead), priced
 * per instance by type, times the accounts and regions the instances reach.
 */

import { type FanOut, fanOuts, type TemplateResource, templateOf, text } from '../../model';
import type { ReviewContext } from '../context';
import type { CostInputs } from './inputs';
import { FREE, PRICES } from './prices';
import { perUnit } from './storage-model';

export interface FanOutResource {
  readonly logicalId: string;
  readonly type: string;
  /** $ a month per stack instance (account x region); 0 when free. */
  readonly monthly: number;
  /** Why: the price, or what makes it free. */
  readonly note: string;
  /** False when the cost depends on a volume the inputs do not state (shown, not added up). */
  readonly priced: boolean;
}

export interface FanOutCost {
  readonly name: string;
  readonly kind: 'StackSet' | 'CloudFormation stacks';
  readonly accounts: number;
  /** How the account count was reached. */
  readonly accountsFrom: string;
  readonly regions: readonly string[];
  readonly instances: number;
  readonly resources: readonly FanOutResource[];
  readonly perInstanceMonthly: number;
  readonly monthly: number;
  /** Customer managed keys per instance with rotation (their price rises to $3 a month after two years). */
  readonly rotatingKeysPerInstance: number;
}

const FREE_TYPES: Record<string, string> = {
  'AWS::IAM::Role': FREE.iam,
  'AWS::IAM::Policy': FREE.iam,
  'AWS::IAM::ManagedPolicy': FREE.iam,
  'AWS::IAM::InstanceProfile': FREE.iam,
  'AWS::SQS::Queue': `${FREE.sqsAtRest}; requests (${PRICES.sqsRequests.usd} $ per million) only when a delivery fails`,
  'AWS::SQS::QueuePolicy': 'a policy: no charge',
  'AWS::SNS::TopicPolicy': 'a policy: no charge',
  'AWS::Events::EventBusPolicy': 'a policy: no charge',
  'AWS::Lambda::Permission': 'a permission: no charge',
  'AWS::KMS::Alias': 'an alias: no charge',
  'AWS::Events::EventBus': 'a custom bus costs nothing at rest; events put on it are custom events',
};

/** The price of one template resource per instance, given the events each account forwards a month and the regions they spread over. */
export function priceTemplateResource(r: TemplateResource, eventsPerInstance: number): FanOutResource {
  const base = { logicalId: r.logicalId, type: r.type };
  const p = r.properties;
  if (r.type === 'AWS::Events::Rule') {
    const buses = JSON.stringify(p.Targets ?? []).match(/arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[^"]+/g) ?? [];
    if (buses.length === 0) return { ...base, monthly: 0, note: FREE.serviceEvents, priced: true };
    const monthly = perUnit(eventsPerInstance * buses.length, PRICES.crossAccountEvents.usd, 1e6);
    return {
      ...base,
      monthly,
      note: `forwards to the bus of another account: ${eventsPerInstance.toLocaleString('en-US')} events a month x $${PRICES.crossAccountEvents.usd} per million cross-account events`,
      priced: true,
    };
  }
  if (r.type === 'AWS::KMS::Key') {
    return {
      ...base,
      monthly: PRICES.kmsKey.usd,
      note: `$${PRICES.kmsKey.usd} a month per customer managed key${p.EnableKeyRotation === true ? ', $3 once it has rotated twice' : ''}`,
      priced: true,
    };
  }
  if (r.type === 'AWS::SSM::Parameter') {
    const advanced = text(p.Tier) === 'Advanced';
    return {
      ...base,
      monthly: advanced ? PRICES.ssmAdvancedParameter.usd : 0,
      note: advanced ? `advanced parameter: $${PRICES.ssmAdvancedParameter.usd} a month` : FREE.ssmStandard,
      priced: true,
    };
  }
  if (r.type === 'AWS::Logs::LogGroup') {
    return {
      ...base,
      monthly: 0,
      note: `by volume: $${PRICES.logsIngestion.usd} per GB ingested and $${PRICES.logsStorage.usd} per GB-month kept; no volume stated, not in the totals`,
      priced: false,
    };
  }
  if (r.type === 'AWS::Lambda::Function') {
    return { ...base, monthly: 0, note: 'by invocations and duration; nothing at rest; not in the totals', priced: false };
  }
  const free = FREE_TYPES[r.type];
  if (free) return { ...base, monthly: 0, note: free, priced: true };
  return { ...base, monthly: 0, note: 'not priced: no rate for this type in prices.ts; not in the totals', priced: false };
}

function costOf(
  name: string,
  kind: FanOutCost['kind'],
  resources: readonly TemplateResource[],
  accounts: { count: number; from: string },
  regions: readonly string[],
  inputs: CostInputs,
): FanOutCost {
  // A regional template forwards each account's events from every region it runs in.
  const eventsPerInstance = inputs.deploymentEventsPerAccountMonth / Math.max(1, regions.length);
  const priced = resources.map((r) => priceTemplateResource(r, eventsPerInstance));
  const perInstanceMonthly = priced.reduce((n, r) => n + r.monthly, 0);
  const instances = accounts.count * regions.length;
  return {
    name,
    kind,
    accounts: accounts.count,
    accountsFrom: accounts.from,
    regions,
    instances,
    resources: priced,
    perInstanceMonthly,
    monthly: perInstanceMonthly * instances,
    rotatingKeysPerInstance: resources.filter((r) => r.type === 'AWS::KMS::Key' && r.properties.EnableKeyRotation === true).length,
  };
}

function accountsOf(f: FanOut, inputs: CostInputs): { count: number; from: string } {
  const listed = f.targets.filter((t) => t.startsWith('account ') && !t.includes('('));
  if (listed.length === f.targets.length && listed.length > 0)
    return { count: listed.length, from: `the ${listed.length} accounts listed` };
  return {
    count: inputs.memberAccounts,
    from: `${f.targets.join(', ')}: taken as every member account (memberAccounts); OU membership is not in the synthesized output`,
  };
}

/** The fan-out cost of every StackSet of the app, and of the management account's CloudFormation stacks. */
export function fanOutCosts(ctx: ReviewContext, inputs: CostInputs): FanOutCost[] {
  const { resolver } = ctx;
  const sets = fanOuts(resolver).flatMap((f) => {
    const template = templateOf(f.stackSet);
    return template ? [costOf(f.name, 'StackSet', template.resources, accountsOf(f, inputs), f.regions, inputs)] : [];
  });
  const byName = new Map<string, { resources: readonly TemplateResource[]; accounts: Set<string>; regions: Set<string> }>();
  for (const stack of resolver.ofType('aws_cloudformation_stack')) {
    const name = resolver.literalName(stack) ?? stack.name;
    const template = templateOf(stack);
    const entry = byName.get(name) ?? { resources: template?.resources ?? [], accounts: new Set<string>(), regions: new Set<string>() };
    for (const a of stack.provider.accountIds) entry.accounts.add(a);
    if (stack.provider.region) entry.regions.add(stack.provider.region);
    byName.set(name, entry);
  }
  const stacks = [...byName].map(([name, e]) =>
    costOf(
      name,
      'CloudFormation stacks',
      e.resources,
      { count: Math.max(1, e.accounts.size), from: [...e.accounts].join(', ') || 'the stack account' },
      [...e.regions],
      inputs,
    ),
  );
  return [...sets, ...stacks];
}
