import { type Problem, problem, problemLine } from '../rules/problem';

/**
 * CodeDeploy's EventBridge events and the one builder of event patterns that match them.
 *
 * CodeDeploy sends two service events directly to EventBridge, best effort, with source
 * `aws.codedeploy` (EventBridge events reference, events-ref-codedeploy.html). Their `detail`
 * carries `application`, `deploymentGroup`, `deploymentId`, `instanceGroupId`, `region`, `state`
 * and, for instance events only, `instanceId` (CloudWatch Events user guide, EventTypes.html
 * #acd_event_types; samples in test/fixtures/codedeploy-events/).
 */

export const CODEDEPLOY_SOURCE = 'aws.codedeploy';
export const CODEDEPLOY_DEPLOYMENT_DETAIL_TYPE = 'CodeDeploy Deployment State-change Notification';
export const CODEDEPLOY_INSTANCE_DETAIL_TYPE = 'CodeDeploy Instance State-change Notification';

/** Deployment events (`deployment`) or per-instance events (`instance`, which carry `instanceId`). */
export type CodeDeployEventKind = 'deployment' | 'instance';

export const CODEDEPLOY_DETAIL_TYPES: Readonly<Record<CodeDeployEventKind, string>> = {
  deployment: CODEDEPLOY_DEPLOYMENT_DETAIL_TYPE,
  instance: CODEDEPLOY_INSTANCE_DETAIL_TYPE,
};

/**
 * `detail.state` values (aws-lambda-go events/codedeploy.go, which cites EventTypes.html). READY
 * applies to blue/green deployments only. CodeDeploy triggers have no "stopped" event for
 * instances (monitoring-sns-event-notifications.html); whether instance events ever carry STOP is
 * not documented, so every state is accepted for both kinds.
 */
export type CodeDeployState = 'START' | 'SUCCESS' | 'FAILURE' | 'STOP' | 'READY';

export const CODEDEPLOY_STATES: readonly CodeDeployState[] = ['START', 'SUCCESS', 'FAILURE', 'STOP', 'READY'];

/**
 * Default quota on the size of one rule's event pattern: 2,048 characters, adjustable to 4,096
 * (EventBridge quotas, eb-quota.html).
 */
export const EVENT_PATTERN_DEFAULT_LIMIT = 2048;

export interface CodeDeployEventFilter {
  /** Which notifications match; at least one. */
  readonly kinds: readonly CodeDeployEventKind[];
  /** CodeDeploy application names. @default - any application */
  readonly applications?: readonly string[];
  /** Deployment group names (of any of the applications). @default - any deployment group */
  readonly deploymentGroups?: readonly string[];
  /** @default - any state */
  readonly states?: readonly CodeDeployState[];
  /**
   * Match only instance events of EC2 instances: `detail.instanceId` must start with `i-` (EC2's
   * instance id form). On-premises instances registered with CodeDeploy carry no EC2 id, and no EC2
   * action can run on them. Instance events only.
   * @default false - any instance
   */
  readonly ec2InstancesOnly?: boolean;
}

/** The prefix of every EC2 instance id (`i-0123456789abcdef0`): EC2 API reference, Instance.InstanceId. */
export const EC2_INSTANCE_ID_PREFIX = 'i-';

/** The EventBridge pattern `codeDeployEventPattern` returns (a type alias: it is plain JSON). */
export type CodeDeployEventPattern = {
  readonly source: readonly string[];
  readonly 'detail-type': readonly string[];
  readonly detail?: {
    readonly state?: readonly string[];
    readonly application?: readonly string[];
    readonly deploymentGroup?: readonly string[];
    readonly instanceId?: readonly { readonly prefix: string }[];
  };
};

/** CodeDeploy application and deployment group names: 1-100 characters (CodeDeploy API, CreateApplication). */
const MAX_NAME_LENGTH = 100;

/**
 * The event pattern for CodeDeploy state changes of the given kinds, narrowed by application,
 * deployment group and state. Empty filters are left out (they would match nothing); values are
 * de-duplicated in the order given. Throws listing every invalid value.
 *
 * @example codeDeployEventPattern({ kinds: ['deployment'], states: ['FAILURE'], applications: ['checkout'] })
 *   // {"source":["aws.codedeploy"],"detail-type":["CodeDeploy Deployment State-change Notification"],
 *   //  "detail":{"state":["FAILURE"],"application":["checkout"]}}
 */
export function codeDeployEventPattern(filter: CodeDeployEventFilter): CodeDeployEventPattern {
  const problems = codeDeployFilterProblems(filter);
  if (problems.length > 0) throw new Error(`codeDeployEventPattern: ${problems.map((p) => problemLine(p, ['filter'])).join('; ')}`);
  const detail: { state?: string[]; application?: string[]; deploymentGroup?: string[]; instanceId?: { prefix: string }[] } = {};
  if (filter.states?.length) detail.state = unique(filter.states);
  if (filter.applications?.length) detail.application = unique(filter.applications);
  if (filter.deploymentGroups?.length) detail.deploymentGroup = unique(filter.deploymentGroups);
  // Prefix matching (EventBridge user guide, eb-event-patterns-content-based-filtering.html): an
  // event without the field, or with another value, does not match.
  if (filter.ec2InstancesOnly) detail.instanceId = [{ prefix: EC2_INSTANCE_ID_PREFIX }];
  return {
    source: [CODEDEPLOY_SOURCE],
    'detail-type': unique(filter.kinds).map((kind) => CODEDEPLOY_DETAIL_TYPES[kind]),
    ...(Object.keys(detail).length > 0 ? { detail } : {}),
  };
}

/** Every problem of a filter at once, each with its field (the path in the filter), value, rule and fix. */
export function codeDeployFilterProblems(filter: CodeDeployEventFilter): Problem[] {
  const kinds = Object.keys(CODEDEPLOY_DETAIL_TYPES).map((k) => `"${k}"`);
  const problems: Problem[] = [];
  if (filter.kinds.length === 0) problems.push(problem(filter.kinds, 'is empty', `give ${kinds.join(', ')} or both`, ['kinds']));
  filter.kinds.forEach((kind, i) => {
    if (!(kind in CODEDEPLOY_DETAIL_TYPES))
      problems.push(problem(kind, 'is not a CodeDeploy event kind', `use ${kinds.join(' or ')}`, ['kinds', i]));
  });
  if (filter.ec2InstancesOnly && filter.kinds.some((kind) => kind !== 'instance')) {
    problems.push(
      problem(
        true,
        'applies to instance events only; deployment events carry no instanceId',
        'filter instance events only, or leave it out',
        ['ec2InstancesOnly'],
      ),
    );
  }
  (filter.states ?? []).forEach((state, i) => {
    if (!CODEDEPLOY_STATES.includes(state))
      problems.push(problem(state, 'is not a CodeDeploy state', `use one of ${CODEDEPLOY_STATES.join(', ')}`, ['states', i]));
  });
  for (const [key, names] of [
    ['applications', filter.applications],
    ['deploymentGroups', filter.deploymentGroups],
  ] as const) {
    (names ?? []).forEach((name, i) => {
      if (name.length === 0 || name.length > MAX_NAME_LENGTH)
        problems.push(
          problem(name, `is not a CodeDeploy name (1-${MAX_NAME_LENGTH} characters)`, 'give the name as CodeDeploy shows it', [key, i]),
        );
    });
  }
  return problems;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
