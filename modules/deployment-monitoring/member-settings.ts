import { eventBusArnProblems } from '../rules/arns';
import { regionProblems } from '../rules/identifiers';
import { type PathPart, type Problem, problem, problemLine, problemsUnder } from '../rules/problem';
import { agentLogPolicySize, MANAGED_POLICY_SIZE_LIMIT } from './agent-log-templates';
import { type AgentLogSettings, agentLogSettingsProblems } from './agent-logs';
import {
  type CodeDeployEventKind,
  type CodeDeployState,
  codeDeployEventPattern,
  codeDeployFilterProblems,
  EVENT_PATTERN_DEFAULT_LIMIT,
} from './codedeploy-events';
import { INSTANCE_ACTION_KINDS, INSTANCE_ACTION_RUNBOOKS, type InstanceActionKind, retiredAction } from './instance-actions';

/**
 * What every member account gets, in every governed Region: the settings both member templates
 * (member-templates.ts) are built from, the names they give their resources, and the checks that
 * reject a setting AWS would reject at stack-instance creation, thousands of times over.
 */

export type { InstanceActionKind } from './instance-actions';

/** An EC2 action run, through a Systems Manager Automation runbook, on the instance a CodeDeploy instance event names. */
export interface InstanceAction {
  /** Names the rule (`<namePrefix>-codedeploy-<name>`): lowercase letters and digits, single hyphens. */
  readonly name: string;
  readonly action: InstanceActionKind;
  /** @default - any application */
  readonly applications?: readonly string[];
  /** @default - any deployment group */
  readonly deploymentGroups?: readonly string[];
  /** Instance states that trigger the action, e.g. `['FAILURE']`. */
  readonly states: readonly CodeDeployState[];
}

export interface MemberRolloutSettings {
  /** Prefix of every role, rule and queue name: lowercase letters and digits, single hyphens. */
  readonly namePrefix: string;
  /** The central bus in the audit account: `arn:aws:events:<region>:<account>:event-bus/<name>`. */
  readonly centralBusArn: string;
  /** Where the account-wide (IAM) template is deployed. */
  readonly homeRegion: string;
  /** Which CodeDeploy events are forwarded to the central bus; empty forwards nothing. */
  readonly forwardingKinds: readonly CodeDeployEventKind[];
  readonly instanceActions: readonly InstanceAction[];
  /**
   * CodeDeploy agent logs in CloudWatch Logs: log groups and CloudWatch agent configurations in
   * every governed Region, the managed policy instance roles attach (agent-logs.ts).
   * @default - no agent log groups
   */
  readonly agentLogs?: AgentLogSettings;
}

/** The fixed names of what the member templates create; stable, so they can be referenced from outside. */
export interface MemberResourceNames {
  readonly forwardingRole: string;
  readonly forwardingRule: string;
  readonly deadLetterQueue: string;
  /** The role an action kind's rules use to start its runbook. */
  actionRole(kind: InstanceActionKind): string;
  /** The role the runbook runs as (its `AutomationAssumeRole`). */
  runbookRole(kind: InstanceActionKind): string;
  actionRule(actionName: string): string;
}

export function memberResourceNames(namePrefix: string): MemberResourceNames {
  return {
    forwardingRole: `${namePrefix}-codedeploy-forwarder`,
    forwardingRule: `${namePrefix}-codedeploy-forward`,
    deadLetterQueue: `${namePrefix}-codedeploy-dlq`,
    actionRole: (kind) => `${namePrefix}-codedeploy-${kind}`,
    runbookRole: (kind) => `${namePrefix}-codedeploy-${kind}-runbook`,
    actionRule: (actionName) => `${namePrefix}-codedeploy-${actionName}`,
  };
}

/** Stack set names of the member rollout, stack names in the management account: the same two per prefix. */
export function memberStackNames(namePrefix: string): { readonly global: string; readonly regional: string } {
  return { global: `${namePrefix}-codedeploy-global`, regional: `${namePrefix}-codedeploy-regional` };
}

/** `checkout-failed` -> `CheckoutFailed`: logical ids derived from names, never from list positions. */
export function toLogicalId(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** IAM role and EventBridge rule names: at most 64 characters (IAM CreateRole RoleName, EventBridge PutRule Name). */
const MAX_ROLE_OR_RULE_NAME = 64;
/** SQS queue names: at most 80 characters (SQS CreateQueue QueueName). */
const MAX_QUEUE_NAME = 80;

const nameProblems = (name: string, path: readonly PathPart[]): Problem[] =>
  NAME.test(name)
    ? []
    : [problem(name, 'is not lowercase letters and digits separated by single hyphens', 'use a name like "acme-deploy"', path)];

/**
 * Every problem of the settings at once, each with its field (the path in the settings, e.g.
 * `['agentLogs', 'regions', 1]`), value, rule and fix; `memberSettingsLines` prints them.
 */
export function memberRolloutSettingsProblems(settings: MemberRolloutSettings): Problem[] {
  const names = memberResourceNames(settings.namePrefix);
  // The shared rules: the central bus ARN, and a home Region the pinned provider knows (the bus lives there).
  const homeRegion = regionProblems(settings.homeRegion);
  const problems: Problem[] = [
    ...nameProblems(settings.namePrefix, ['namePrefix']),
    ...problemsUnder(['centralBusArn'], eventBusArnProblems(settings.centralBusArn)),
    ...problemsUnder(['homeRegion'], homeRegion),
  ];
  if (settings.forwardingKinds.length === 0 && settings.instanceActions.length === 0 && !settings.agentLogs) {
    problems.push(
      problem(
        settings.forwardingKinds,
        'is empty, and so are instanceActions and agentLogs: the member templates would create nothing',
        'forward "deployment" or "instance" events, add an instance action or set agentLogs',
        ['forwardingKinds'],
      ),
    );
  }
  if (settings.agentLogs) {
    const own = agentLogSettingsProblems(settings.agentLogs, settings.namePrefix);
    problems.push(...own);
    const regions = settings.agentLogs.regions;
    const size = own.length === 0 ? agentLogPolicySize(settings.namePrefix, settings.agentLogs) : 0;
    if (size > MANAGED_POLICY_SIZE_LIMIT) {
      problems.push(
        problem(
          regions,
          `make the instance policy ${size} characters with ${regions.length} Regions; a managed policy holds ${MANAGED_POLICY_SIZE_LIMIT}`,
          'govern fewer Regions or shorten namePrefix',
          ['agentLogs', 'regions'],
        ),
      );
    }
    if (homeRegion.length === 0 && !regions.includes(settings.homeRegion)) {
      problems.push(
        problem(
          regions,
          `leave out the home Region "${settings.homeRegion}"`,
          `add "${settings.homeRegion}": governed Regions include it`,
          ['agentLogs', 'regions'],
        ),
      );
    }
  }
  if (settings.forwardingKinds.length > 0) {
    problems.push(
      ...codeDeployFilterProblems({ kinds: settings.forwardingKinds }).map((p) => ({
        ...p,
        path: ['forwardingKinds', ...p.path.slice(1)],
      })),
    );
  }
  const longNames = [
    names.forwardingRole,
    names.forwardingRule,
    ...actionKindsOf(settings).flatMap((kind) => [names.actionRole(kind), names.runbookRole(kind)]),
  ];
  settings.instanceActions.forEach((action, i) => {
    const at = (...below: PathPart[]) => ['instanceActions', i, ...below];
    const own: Problem[] = [...nameProblems(action.name, at('name'))];
    const first = settings.instanceActions.findIndex((a) => a.name === action.name);
    if (action.name === 'forward' || first < i) {
      const taken = action.name === 'forward' ? 'names the forwarding rule' : `is the name of instanceActions[${first}] too`;
      own.push(problem(action.name, taken, 'give each action its own name, not "forward"', at('name')));
    }
    longNames.push(names.actionRule(action.name));
    if (!(action.action in INSTANCE_ACTION_RUNBOOKS)) {
      const retired = retiredAction(action.action);
      own.push(
        retired
          ? problem(action.action, `is not an instance action any more: ${retired.rule}`, retired.fix, at('action'))
          : problem(action.action, 'is not an instance action', `use one of ${INSTANCE_ACTION_KINDS.join(', ')}`, at('action')),
      );
    }
    if (action.states.length === 0)
      own.push(problem(action.states, 'is empty', 'name the instance states that trigger the action, e.g. ["FAILURE"]', at('states')));
    own.push(...problemsUnder(at(), codeDeployFilterProblems({ ...action, kinds: ['instance'] })));
    if (own.length === 0) {
      const size = JSON.stringify(instanceActionPattern(action)).length;
      if (size > EVENT_PATTERN_DEFAULT_LIMIT) {
        own.push(
          problem(
            action.name,
            `has an event pattern of ${size} characters; EventBridge allows ${EVENT_PATTERN_DEFAULT_LIMIT} by default`,
            'name fewer applications or deployment groups',
            at('name'),
          ),
        );
      }
    }
    problems.push(...own);
  });
  for (const name of longNames) {
    if (name.length > MAX_ROLE_OR_RULE_NAME)
      problems.push(
        problem(
          settings.namePrefix,
          `makes "${name}" longer than ${MAX_ROLE_OR_RULE_NAME} characters, the IAM role and EventBridge rule name limit`,
          'shorten the prefix or the action name',
          ['namePrefix'],
        ),
      );
  }
  if (names.deadLetterQueue.length > MAX_QUEUE_NAME)
    problems.push(
      problem(
        settings.namePrefix,
        `makes "${names.deadLetterQueue}" longer than ${MAX_QUEUE_NAME} characters, the SQS queue name limit`,
        'shorten the prefix',
        ['namePrefix'],
      ),
    );
  return problems;
}

/** The problem lines of the settings (`settings.agentLogs.regions[1]: "Ireland" ... Fix: ...`). */
export function memberSettingsLines(problems: readonly Problem[]): string[] {
  return problems.map((p) => problemLine(p, ['settings']));
}

/** Throws one error listing every problem of the settings. */
export function assertMemberRolloutSettings(settings: MemberRolloutSettings): void {
  const problems = memberRolloutSettingsProblems(settings);
  if (problems.length > 0) throw new Error(`member rollout settings: ${memberSettingsLines(problems).join('; ')}`);
}

/** The agent-log settings name the same Regions the templates are deployed to (`regions`, a prop next to `settings`). */
export function agentLogRegionProblems(settings: MemberRolloutSettings, regions: readonly string[]): Problem[] {
  const agentRegions = settings.agentLogs?.regions;
  if (!agentRegions) return [];
  const same = agentRegions.length === regions.length && regions.every((region) => agentRegions.includes(region));
  return same
    ? []
    : [
        problem(
          agentRegions,
          `differ from regions (${regions.join(', ')}); the instance policy and the observability link need the Regions the templates are deployed to`,
          'give both the same Regions',
          ['settings', 'agentLogs', 'regions'],
        ),
      ];
}

/**
 * The instance-event pattern of an action: its applications, deployment groups and states, and EC2
 * instances only: an on-premises instance has no `i-` id for an EC2 runbook to act on.
 */
export function instanceActionPattern(action: InstanceAction) {
  return codeDeployEventPattern({
    kinds: ['instance'],
    applications: action.applications,
    deploymentGroups: action.deploymentGroups,
    states: action.states,
    ec2InstancesOnly: true,
  });
}

/** The action kinds the settings use, each once, in a fixed order. */
export function actionKindsOf(settings: MemberRolloutSettings): InstanceActionKind[] {
  const used = new Set(settings.instanceActions.map((a) => a.action));
  return INSTANCE_ACTION_KINDS.filter((kind) => used.has(kind));
}
