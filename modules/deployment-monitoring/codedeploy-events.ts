/*
 * MINIMAL STAND-IN: the deployment-monitoring engineer's version of this file replaces it at merge.
 * Same API: the CodeDeploy state-change events (aws-facts.md §6) and the EventBridge pattern that
 * matches them.
 */

/** `detail.state` of a CodeDeploy state-change event. */
export type CodeDeployState = 'START' | 'SUCCESS' | 'FAILURE' | 'STOP' | 'READY';

/** Deployment or instance state-change notifications. */
export type CodeDeployEventKind = 'deployment' | 'instance';

const DETAIL_TYPES: Record<CodeDeployEventKind, string> = {
  deployment: 'CodeDeploy Deployment State-change Notification',
  instance: 'CodeDeploy Instance State-change Notification',
};

export interface CodeDeployEventFilter {
  readonly kinds: readonly CodeDeployEventKind[];
  /** @default - every application */
  readonly applications?: readonly string[];
  /** @default - every deployment group */
  readonly deploymentGroups?: readonly string[];
  /** @default - every state */
  readonly states?: readonly CodeDeployState[];
}

/** The EventBridge pattern matching CodeDeploy state-change events of the given kinds. */
export function codeDeployEventPattern(filter: CodeDeployEventFilter): Record<string, unknown> {
  const detail: Record<string, string[]> = {};
  if (filter.states?.length) detail.state = [...filter.states];
  if (filter.applications?.length) detail.application = [...filter.applications];
  if (filter.deploymentGroups?.length) detail.deploymentGroup = [...filter.deploymentGroups];
  return {
    source: ['aws.codedeploy'],
    'detail-type': filter.kinds.map((kind) => DETAIL_TYPES[kind]),
    ...(Object.keys(detail).length > 0 ? { detail } : {}),
  };
}
