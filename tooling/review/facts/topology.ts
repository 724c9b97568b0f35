/**
 * The app's topology as a graph for the report's diagram: trails, buckets, keys, topics, log groups,
 * buses, queues, streams, functions, StackSets with their fan-out, organization policies and sinks,
 * each in the account it is deployed to, with edges for delivery, encryption, replication, routes.
 */

import { type AppResource, block, blocks, fanOuts, parseJson, templates, text } from '../../model';
import { isJsonObject } from '../../terraform/plan-json';
import type { ReviewContext } from '../context';
import { accessKinds } from '../policy';
import { arnText, eventRoutes, statesText } from './event-routes';

export type NodeShape = 'store' | 'key' | 'trail' | 'topic' | 'box' | 'function' | 'bus' | 'deploy' | 'policy' | 'external';

export interface TopologyNode {
  readonly id: string;
  readonly label: string;
  readonly shape: NodeShape;
  /** The account the node is in ('' when unknown). */
  readonly account: string;
  /** Whether the app deploys it (false: only referenced). */
  readonly managed: boolean;
}

interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

const SHAPES: Record<string, NodeShape> = {
  aws_cloudtrail: 'trail',
  aws_s3_bucket: 'store',
  aws_kms_key: 'key',
  aws_sns_topic: 'topic',
  aws_sqs_queue: 'box',
  aws_kinesis_stream: 'box',
  aws_cloudwatch_log_group: 'store',
  aws_lambda_function: 'function',
  aws_cloudwatch_event_bus: 'bus',
  aws_cloudformation_stack_set: 'deploy',
  aws_cloudformation_stack: 'deploy',
  aws_organizations_policy: 'policy',
  aws_oam_sink: 'bus',
};

/** Builds the graph of the whole app. */
export function topology(ctx: ReviewContext): Topology {
  const { resolver } = ctx;
  const nodes = new Map<string, TopologyNode>();
  const edges: TopologyEdge[] = [];
  const nodeOf = (r: AppResource) => {
    const key = `${r.stack}/${r.address}`;
    if (!nodes.has(key)) {
      const home = resolver.app.stacks.find((s) => s.name === r.stack)?.providers[0]?.region;
      const region = r.provider.region && r.provider.region !== home ? ` (${r.provider.region})` : '';
      nodes.set(key, {
        id: `n${nodes.size + 1}`,
        label: `${resolver.label(r)}${region}`,
        shape: SHAPES[r.type] ?? 'box',
        account: r.provider.accountIds[0] ?? '',
        managed: true,
      });
    }
    return nodes.get(key)!.id;
  };
  const external = (label: string, account = '') => {
    const key = `ext:${label}`;
    if (!nodes.has(key)) nodes.set(key, { id: `n${nodes.size + 1}`, label, shape: 'external', account, managed: false });
    return nodes.get(key)!.id;
  };
  /** The node a value points at: a resource of the app, else an external node named after it. */
  const target = (stack: string, value: unknown, type?: string) => {
    if (value === undefined) return undefined;
    const r = resolver.refersTo(stack, value, type);
    if (r && SHAPES[r.type]) return nodeOf(r);
    const shown = resolver.display(stack, value);
    if (shown.startsWith('alias/aws/')) return external(`AWS managed key ${shown.slice(6)}`);
    return external(
      shown.startsWith('arn:') ? arnText(shown).replace(/`/g, '') : shown,
      /^arn:aws[a-z-]*:[^:]+:[^:]*:(\d{12}):/.exec(shown)?.[1] ?? '',
    );
  };
  const edge = (from: string | undefined, to: string | undefined, label: string) => {
    if (from && to && from !== to && !edges.some((e) => e.from === from && e.to === to && e.label === label))
      edges.push({ from, to, label });
  };

  for (const stack of resolver.app.stacks) {
    for (const r of stack.resources) {
      const c = r.config;
      if (SHAPES[r.type]) nodeOf(r);
      switch (r.type) {
        case 'aws_cloudtrail':
          edge(nodeOf(r), target(r.stack, c.s3_bucket_name, 'aws_s3_bucket'), 'logs to');
          edge(nodeOf(r), target(r.stack, c.kms_key_id, 'aws_kms_key'), 'encrypts with');
          edge(nodeOf(r), target(r.stack, c.sns_topic_name, 'aws_sns_topic'), 'notifies');
          edge(nodeOf(r), target(r.stack, c.cloud_watch_logs_group_arn, 'aws_cloudwatch_log_group'), 'streams to');
          break;
        case 'aws_s3_bucket_server_side_encryption_configuration':
          for (const rule of blocks(c.rule))
            edge(
              target(r.stack, c.bucket, 'aws_s3_bucket'),
              target(r.stack, block(rule.apply_server_side_encryption_by_default).kms_master_key_id, 'aws_kms_key'),
              'encrypts with',
            );
          break;
        case 'aws_s3_bucket_replication_configuration':
          for (const rule of blocks(c.rule))
            edge(
              target(r.stack, c.bucket, 'aws_s3_bucket'),
              target(r.stack, block(rule.destination).bucket, 'aws_s3_bucket'),
              'replicates to',
            );
          break;
        case 'aws_s3_bucket_logging':
          edge(target(r.stack, c.bucket, 'aws_s3_bucket'), target(r.stack, c.target_bucket, 'aws_s3_bucket'), 'access logs');
          break;
        case 'aws_sns_topic':
          edge(nodeOf(r), target(r.stack, c.kms_master_key_id, 'aws_kms_key'), 'encrypts with');
          break;
        case 'aws_sqs_queue': {
          edge(nodeOf(r), target(r.stack, c.kms_master_key_id, 'aws_kms_key'), 'encrypts with');
          const redrive = parseJson(c.redrive_policy);
          if (isJsonObject(redrive)) edge(nodeOf(r), target(r.stack, redrive.deadLetterTargetArn, 'aws_sqs_queue'), 'dead letters');
          break;
        }
        case 'aws_cloudwatch_event_bus':
          edge(nodeOf(r), target(r.stack, c.kms_key_identifier, 'aws_kms_key'), 'encrypts with');
          break;
        case 'aws_kinesis_stream':
        case 'aws_cloudwatch_log_group':
          edge(nodeOf(r), target(r.stack, c.kms_key_id, 'aws_kms_key'), 'encrypts with');
          break;
        case 'aws_sns_topic_subscription': {
          const endpoint = resolver.refersTo(r.stack, c.endpoint);
          edge(
            target(r.stack, c.topic_arn, 'aws_sns_topic'),
            endpoint ? nodeOf(endpoint) : external(`${text(c.protocol)}: ${resolver.display(r.stack, c.endpoint)}`),
            'delivers',
          );
          break;
        }
        case 'aws_organizations_policy_attachment':
          edge(target(r.stack, c.policy_id), external(`target ${resolver.display(r.stack, c.target_id)}`), 'guards');
          break;
        case 'aws_cloudwatch_metric_alarm':
          for (const action of [c.alarm_actions].flat())
            edge(external(`alarms of stack ${r.stack}`, r.provider.accountIds[0]), target(r.stack, action), 'alarm');
          break;
      }
    }
    for (const route of eventRoutes(ctx, stack)) {
      const from = route.cloudFormationStack
        ? nodeOf(route.holder)
        : route.fanOut
          ? fanOutNode(route.fanOut)
          : route.busResource
            ? nodeOf(route.busResource)
            : external(`${route.bus} (${stack.name})`, stack.accounts[0]);
      for (const t of route.targets)
        edge(
          from,
          t.resource ? nodeOf(t.resource) : external(t.label.replace(/`/g, ''), /account (\d{12})/.exec(t.label)?.[1]),
          `${route.events.replace(/^CodeDeploy /, '')}: ${statesText(route)}`,
        );
    }
  }
  function fanOutNode(f: ReturnType<typeof fanOuts>[number]): string {
    const id = external(`stacks of ${f.name} in ${[...f.targets, ...f.regions].join(', ') || 'no instances'}`, 'member accounts');
    edge(nodeOf(f.stackSet), id, 'deploys');
    return id;
  }
  for (const f of fanOuts(resolver)) fanOutNode(f);
  // Accounts the app does not deploy to but whose principals the resource policies let in (readers, subscribers).
  const deployed = new Set(resolver.app.stacks.flatMap((s) => s.accounts));
  for (const p of ctx.policies) {
    if (!p.governs || !SHAPES[p.governs.type]) continue;
    for (const s of p.statements.filter((x) => x.effect === 'Allow')) {
      const kinds = accessKinds(s);
      for (const principal of s.principals.filter((x) => x.type === 'AWS')) {
        const account = /^(\d{12})$|^arn:aws[a-z-]*:iam::(\d{12}):/.exec(principal.id)?.slice(1).find(Boolean);
        if (account && !deployed.has(account) && kinds.length > 0)
          edge(external(`principals of account ${account}`, account), nodeOf(p.governs), `may ${kinds.join(', ')}`);
      }
    }
  }
  const sinks = resolver.ofType('aws_oam_sink');
  for (const t of templates(resolver)) {
    const f = fanOuts(resolver).find((x) => x.stackSet === t.holder);
    const from = f ? fanOutNode(f) : nodeOf(t.holder);
    for (const link of t.resources.filter((x) => x.type === 'AWS::Oam::Link')) {
      const sink = text(link.properties.SinkIdentifier) ?? '';
      // A literal sink ARN (or a reference) points at its sink; a sink chosen per Region inside the
      // template (Fn::Select over a parameter, as agent-log-templates.ts writes it) at the sink of
      // each Region the template is deployed to: the app's own, else one named after its Region.
      if (!sink.startsWith('{')) {
        edge(from, target(t.holder.stack, link.properties.SinkIdentifier, 'aws_oam_sink'), 'shares telemetry');
        continue;
      }
      const regions = f ? f.regions : [t.holder.provider.region ?? ''];
      for (const region of regions) {
        const own = sinks.find((s) => s.provider.region === region);
        edge(from, own ? nodeOf(own) : external(`observability sink (${region || 'its region'})`), 'shares telemetry');
      }
    }
  }
  return { nodes: [...nodes.values()], edges };
}
