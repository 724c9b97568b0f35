import { iamRoleArn } from './arns';

/*
 * What the organization guardrails protect and whom they exempt: the types the construct
 * (organization-guardrails.ts) takes and the statement builders (guardrail-statements.ts,
 * monitoring-guardrail-statements.ts) read, in their own file so neither imports the other.
 */

/**
 * The evidence-holding resources the guardrails protect, by literal ARN or name. Service control
 * policies reach only principals of member accounts, so list only resources a member-account
 * principal could change: resources in member accounts, and the organization trail (which every
 * CloudTrail delegated administrator, a member account, may manage).
 */
export interface ProtectedLogResources {
  /** Trails nobody may stop, delete or reconfigure. */
  readonly trailArns: readonly string[];
  /** Buckets nobody may weaken (archive, access logs, replica). */
  readonly bucketArns: readonly string[];
  /** Aliases of the keys nobody may disable, schedule for deletion or re-policy (`alias/...`). */
  readonly keyAliases: readonly string[];
  /** CloudWatch Logs groups nobody may delete or shorten. @default - none */
  readonly logGroupArns?: readonly string[];
  /** Roles nobody may delete or re-permission (delivery and replication roles). @default - none */
  readonly roleArns?: readonly string[];
  /** Topics nobody may delete or re-policy. @default - none */
  readonly topicArns?: readonly string[];
  /** Alarms (ARN patterns) nobody may delete, disable or rewrite. @default - none */
  readonly alarmArns?: readonly string[];
  /**
   * Where those alarms' metrics live: nobody may publish data points there, since a negative value
   * cancels the metric filters' counts in the alarms' `Sum` and silences them. @default - none
   */
  readonly alarmMetrics?: AlarmMetrics;
}

/** The custom namespaces of the trail alarms' metrics, in one account and region. */
export interface AlarmMetrics {
  readonly accountId: string;
  readonly region: string;
  readonly namespaces: readonly string[];
}

/** The data perimeter of the archive: who may touch its buckets and keys at all. */
export interface LogArchivePerimeter {
  readonly organizationId: string;
  /** Buckets kept inside the organization (archive, access logs, replica). */
  readonly bucketArns: readonly string[];
  /** Accounts whose KMS keys are kept inside the organization (the log-archive account). */
  readonly keyAccountIds: readonly string[];
  /**
   * Accounts outside the organization whose trails deliver into the archive: AWS services acting
   * for them (CloudTrail) stay admitted. @default - none
   */
  readonly externalSourceAccountIds?: readonly string[];
}

/**
 * A role the service control policies exempt, pinned to the member accounts where it must manage
 * what they protect. In those accounts nobody but the role itself may change it (trust, inline and
 * attached policies, boundary, deletion) and no principal of those accounts may assume it; a role of
 * the same name in any other account is neither exempt nor protected.
 */
export interface ExemptRole {
  /** PascalCase words naming the role in Sids: `DeploymentRole` gives `DenyDeploymentRoleChanges`. */
  readonly label: string;
  readonly roleName: string;
  /** Member accounts (12 digits) where the role is exempt; not the management account, which SCPs never reach. */
  readonly accountIds: readonly string[];
}

/**
 * The resources deployment monitoring's service-managed StackSets create in every member account,
 * by name prefix, which only the StackSets execution role (`stacksets-exec-*`) may change.
 */
export interface MonitoringProtection {
  /** Prefix of the member rules, roles and dead-letter queue (`<namePrefix>-codedeploy-`). */
  readonly memberNamePrefix: string;
  /** Prefix of the stacks the StackSets create in member accounts (`StackSet-<stack set name>`). */
  readonly stackNamePrefix: string;
  /** The dead-letter queue of the member rules. */
  readonly deadLetterQueueName: string;
}

/** The literal ARNs of an exempt role, one per account it is pinned to. */
export function exemptRoleArns(role: ExemptRole): string[] {
  return role.accountIds.map((account) => iamRoleArn(account, role.roleName));
}
