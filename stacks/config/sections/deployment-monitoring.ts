// The `deployment-monitoring` section's schema, apart from its cross-field checks (../deployment-monitoring.ts), which read ParsedConfig.

import { z } from 'zod';
import { INSTANCE_ACTION_KINDS, type InstanceActionKind, retiredAction } from '../../../modules/deployment-monitoring/instance-actions';
import {
  DEFAULT_OPERATION_PREFERENCES,
  STACK_SET_CONCURRENCY_MODES,
  type StackSetConcurrencyMode,
} from '../../../modules/deployment-monitoring/stack-set-preferences';
import { LAMBDA_FUNCTION_ARN } from '../../../modules/rules/arns';
import { DEPLOYMENT_TARGET_ID } from '../../../modules/rules/identifiers';
import { problemMessage } from '../../../modules/rules/problem';
import { KINESIS_STREAM_NAME, LAMBDA_FUNCTION_NAME } from '../../../modules/rules/service-names';
import { agentLogsSection, logRetention } from '../agent-logs';
import { accountId, bool, days, matching, region } from '../fields';
import { snsTopicName, subscription } from './notifications';

/*
 * `deploymentMonitoring` (optional): CodeDeploy state changes from every member account and governed
 * region, forwarded by StackSets to a central bus in the audit account and routed to targets. Names
 * follow the AWS rules of each resource (EventBridge, SQS, Kinesis, Lambda, SSM, CloudFormation).
 */

const STATES = ['START', 'SUCCESS', 'FAILURE', 'STOP', 'READY'] as const;
const state = z.enum(STATES, { error: `is not a CodeDeploy state. Fix: use one of ${STATES.join(', ')}` });
const kind = z.enum(['deployment', 'instance'], { error: 'is not a CodeDeploy event kind. Fix: use "deployment" or "instance"' });
const name = (what: string, pattern: RegExp, rule: string) =>
  z.string().regex(pattern, { error: `is not ${what} (${rule}). Fix: use only those characters, within that length` });
/** CodeDeploy application and deployment group names: 1-100 characters. */
const codeDeployName = z.string().min(1, { error: 'is empty. Fix: name the application or deployment group' }).max(100, {
  error: 'is longer than 100 characters, the CodeDeploy name limit. Fix: shorten it',
});
const filters = {
  kinds: z.array(kind).min(1, { error: 'is empty. Fix: list "deployment", "instance" or both' }).default(['deployment']),
  applications: z.array(codeDeployName).default([]),
  deploymentGroups: z.array(codeDeployName).default([]),
  states: z
    .array(state)
    .min(1, { error: 'is empty. Fix: list the states that matter, e.g. ["FAILURE", "STOP"]' })
    .default(['FAILURE', 'STOP']),
};

export const resourceName = name('a resource name', /^[A-Za-z0-9_-]{1,64}$/, '1-64 of letters, digits, _ and -');
const target = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('chat') }),
    z.strictObject({ type: z.literal('topic'), name: resourceName }),
    z.strictObject({ type: z.literal('queue'), name: resourceName }),
    z.strictObject({ type: z.literal('stream'), name: resourceName }),
    z.strictObject({
      type: z.literal('lambda'),
      functionArn: matching(LAMBDA_FUNCTION_ARN),
    }),
  ],
  { error: 'needs a "type" of "chat", "topic", "queue", "stream" or "lambda". Fix: set one of those' },
);

const route = z.strictObject({
  // Rule names are `<route>-deployment-notify` (and -2, -3...): at most 64 characters.
  name: name('a route name', /^[A-Za-z0-9_-]{1,40}$/, '1-40 of letters, digits, _ and -'),
  ...filters,
  targets: z.array(target).min(1, { error: 'is empty. Fix: list at least one target' }),
});

/** Names that become IAM role and rule names in every member account (`<prefix>-codedeploy-<name>`, at most 64). */
const memberName = (max: number) =>
  z.string().regex(new RegExp(`^(?=.{1,${max}}$)[a-z0-9]+(-[a-z0-9]+)*$`), {
    error: `is not a usable name (1-${max} lowercase letters and digits, single hyphens between; it becomes part of IAM role and rule names). Fix: rename it`,
  });

const ACTION_LIST = INSTANCE_ACTION_KINDS.map((kind) => `"${kind}"`).join(', ');
/** Each runs an AWS-owned Systems Manager Automation runbook on the EC2 instance the event names (instance-actions.ts). */
const instanceAction = z.strictObject({
  name: memberName(20),
  action: z.enum(INSTANCE_ACTION_KINDS as [InstanceActionKind, ...InstanceActionKind[]], {
    error: (issue) => {
      const retired = typeof issue.input === 'string' ? retiredAction(issue.input) : undefined;
      return retired
        ? `is not an instance action any more: ${problemMessage(retired)}`
        : `is not an instance action. Fix: use one of ${ACTION_LIST}`;
    },
  }),
  applications: filters.applications,
  deploymentGroups: filters.deploymentGroups,
  states: filters.states.default(['FAILURE']),
});

/** A whole percentage from `min` to 100 (StackSets operation preferences). */
const percentage = (min: number) => {
  const error = `must be a whole percentage from ${min} to 100. Fix: write a number from ${min} to 100`;
  return z.number({ error }).int({ error }).min(min, { error }).max(100, { error });
};

/** A whole number of accounts of at least `min` (StackSets operation preferences). */
const accounts = (min: number) => {
  const error = `must be a whole number of accounts of at least ${min}. Fix: write a number from ${min} up`;
  return z.number({ error }).int({ error }).min(min, { error });
};

/*
 * Operation preferences: each count/percentage pair is one or the other (CloudFormation
 * StackSetOperationPreferences; checked below). Without either, the module's default applies:
 * 25% of the accounts at once, 25% may fail per region (stack-set-preferences.ts).
 */
const stackSets = z.strictObject({
  callAs: z.enum(['SELF', 'DELEGATED_ADMIN'], { error: 'is not a StackSets caller. Fix: use "SELF" or "DELEGATED_ADMIN"' }).default('SELF'),
  delegatedAdministratorAccountId: accountId.optional(),
  namePrefix: memberName(30).default('org-deployment-monitoring'),
  maxConcurrentPercentage: percentage(1).optional(),
  maxConcurrentCount: accounts(1).optional(),
  failureTolerancePercentage: percentage(0).optional(),
  failureToleranceCount: accounts(0).optional(),
  concurrencyMode: z
    .enum(STACK_SET_CONCURRENCY_MODES as [StackSetConcurrencyMode, ...StackSetConcurrencyMode[]], {
      error: `is not a StackSets concurrency mode. Fix: use ${STACK_SET_CONCURRENCY_MODES.map((m) => `"${m}"`).join(' or ')}`,
    })
    .default(DEFAULT_OPERATION_PREFERENCES.concurrencyMode),
  regionConcurrency: z
    .enum(['PARALLEL', 'SEQUENTIAL'], { error: 'is not a region concurrency. Fix: use "PARALLEL" or "SEQUENTIAL"' })
    .default(DEFAULT_OPERATION_PREFERENCES.regionConcurrencyType),
  retainStacksOnAccountRemoval: bool.default(false),
});

export const deploymentMonitoringSection = z.strictObject({
  busName: name('an event bus name', /^[A-Za-z0-9._-]{1,40}$/, '1-40 of letters, digits, . _ and - (the archive name adds 8)').default(
    'org-deployment-events',
  ),
  archiveRetentionDays: days(0).default(90),
  organizationalUnitIds: z.array(matching(DEPLOYMENT_TARGET_ID)),
  regions: z.array(region).optional(),
  forwardKinds: filters.kinds.default(['deployment', 'instance']),
  stackSets: stackSets.default(stackSets.parse({})),
  topics: z.array(z.strictObject({ name: snsTopicName, subscriptions: z.array(subscription).default([]) })).default([]),
  queues: z
    .array(
      z.strictObject({
        name: name('an SQS queue name', /^[A-Za-z0-9_-]{1,76}$/, '1-76 of letters, digits, _ and -; the dead-letter queue adds "-dlq"'),
      }),
    )
    .default([]),
  streams: z.array(z.strictObject({ name: matching(KINESIS_STREAM_NAME) })).default([]),
  chat: z
    .strictObject({
      webhookParameterName: name('an SSM parameter name', /^\/[A-Za-z0-9_.\-/]{1,1010}$/, 'a leading / and letters, digits, _ . - /'),
      functionName: matching(LAMBDA_FUNCTION_NAME).default('org-deployment-chat-notifier'),
      logRetentionDays: logRetention.default(30),
    })
    .optional(),
  routes: z.array(route).default([]),
  instanceActions: z.array(instanceAction).default([]),
  agentLogs: agentLogsSection.default(agentLogsSection.parse({})),
});

export type DeploymentMonitoringConfig = z.output<typeof deploymentMonitoringSection>;
