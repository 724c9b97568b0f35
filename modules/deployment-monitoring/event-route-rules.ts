import type { CloudwatchEventTargetInputTransformer } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { CodeDeployEventKind } from './codedeploy-events';
import type { RouteTarget, TargetInput } from './event-route-types';

/*
 * How a route becomes rules (event-route.ts creates them): which targets share a rule, and what a
 * notification target reads.
 */

/** EventBridge allows at most 5 targets per rule (aws-facts.md §6 and §9, EventBridge quotas). */
export const MAX_TARGETS_PER_RULE = 5;

const KIND_ORDER: readonly CodeDeployEventKind[] = ['deployment', 'instance'];

interface RuleGroup {
  readonly suffix: string;
  readonly kinds: CodeDeployEventKind[];
  readonly input: TargetInput;
  readonly targets: RouteTarget[];
}

function inputOf(target: RouteTarget): TargetInput {
  if (target.type === 'topic') return 'sentence';
  if (target.type === 'function') return target.input ?? 'event';
  return 'event';
}

/** Notification rules per kind, one data rule for every kind; each split in chunks of 5, by target id. */
export function ruleGroups(routeKinds: readonly CodeDeployEventKind[], targets: readonly RouteTarget[]): RuleGroup[] {
  const kinds = KIND_ORDER.filter((k) => routeKinds.includes(k));
  const sorted = [...targets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const notify = sorted.filter((t) => inputOf(t) === 'sentence');
  const data = sorted.filter((t) => inputOf(t) === 'event');
  const groups: RuleGroup[] = [];
  const split = (base: string, groupKinds: CodeDeployEventKind[], input: TargetInput, targets: RouteTarget[]) => {
    for (let i = 0; i < targets.length; i += MAX_TARGETS_PER_RULE) {
      const chunk = i / MAX_TARGETS_PER_RULE;
      groups.push({
        suffix: chunk === 0 ? base : `${base}-${chunk + 1}`,
        kinds: groupKinds,
        input,
        targets: targets.slice(i, i + MAX_TARGETS_PER_RULE),
      });
    }
  };
  for (const kind of kinds) split(`${kind}-notify`, [kind], 'sentence', notify);
  split('data', kinds, 'event', data);
  return groups;
}

/**
 * The sentence a notification target receives, e.g. `Deployment d-ABC123 of checkout/prod in
 * 444455556666 eu-west-1: FAILURE`. A template that is a string must be quoted (EventBridge user
 * guide, eb-transform-target-input.html, "Common issues": "For Strings, quotes are required"), so the
 * target gets a JSON string. `account` and `region` are those of the member account that sent it.
 */
export function sentenceTransformer(kind: CodeDeployEventKind): CloudwatchEventTargetInputTransformer {
  const common = {
    application: '$.detail.application',
    deploymentGroup: '$.detail.deploymentGroup',
    account: '$.account',
    region: '$.region',
    state: '$.detail.state',
  };
  const where = '<application>/<deploymentGroup> in <account> <region>: <state>';
  return kind === 'deployment'
    ? { inputPaths: { deploymentId: '$.detail.deploymentId', ...common }, inputTemplate: `"Deployment <deploymentId> of ${where}"` }
    : { inputPaths: { instanceId: '$.detail.instanceId', ...common }, inputTemplate: `"Instance <instanceId> of ${where}"` };
}
