import { CloudformationStackInstances } from '@cdktf/provider-aws/lib/cloudformation-stack-instances';
import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set';
import { type TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { addTemplateSizeValidation, type CloudFormationTemplate, terraformLiteral } from '../cloudformation/template';
import { DEPLOYMENT_TARGET_ID, regionProblems } from '../rules/identifiers';
import { type Problem, patternProblems, problem, problemLine, problemsUnder } from '../rules/problem';
import { observabilitySinkArnProblems, observabilitySinkParameters } from './agent-log-templates';
import { namedListProblems } from './agent-logs';
import { agentLogRegionProblems, type MemberRolloutSettings, memberRolloutSettingsProblems, memberStackNames } from './member-settings';
import { globalMemberTemplate, regionalMemberTemplate } from './member-templates';
import {
  operationPreferenceProblems,
  type ResolvedOperationPreferences,
  resolveOperationPreferences,
  type StackSetOperationPreferences,
} from './stack-set-preferences';

export interface MemberAccountRolloutProps {
  readonly settings: MemberRolloutSettings;
  /** The root (`r-...`) or OUs (`ou-...`) whose accounts get the templates; at most 50. */
  readonly organizationalUnitIds: readonly string[];
  /** Governed Regions, the home Region included: the Regional template goes to each. */
  readonly regions: readonly string[];
  /**
   * `SELF` in the management account, `DELEGATED_ADMIN` in a CloudFormation StackSets delegated
   * administrator (CloudFormation API, CreateStackSet CallAs).
   */
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
  /** @default - a quarter of the accounts at once, a quarter may fail, failures do not slow it down, Regions in parallel (stack-set-preferences.ts) */
  readonly operationPreferences?: StackSetOperationPreferences;
  /**
   * Keep an account's stacks (roles, rules, queue) when it leaves the target OUs. Off by default:
   * an account that leaves stops forwarding and keeps no roles that trust EventBridge or can stop
   * instances, nothing it no longer governs acts on its instances; what it forwarded is already
   * in the central bus's targets (its dead-letter queue, holding only undelivered events, goes
   * with the stack).
   * @default false
   */
  readonly retainStacksOnAccountRemoval?: boolean;
  /** @default - the stack's default provider: the management account or a StackSets delegated administrator */
  readonly provider?: TerraformProvider;
  /** Tags of both stack sets; CloudFormation propagates them to the resources it creates. @default - none */
  readonly tags?: Record<string, string>;
  /**
   * The audit account's observability sink ARN in every governed Region, by Region: required when
   * `settings.agentLogs.observabilitySink` is set. Sink ARNs end in an id AWS picks, so they come
   * from the stack that created the sinks (a Terraform reference is fine); the Regional stack set
   * passes them as its `ObservabilitySinkArns` parameter.
   * @default - no sinks
   */
  readonly observabilitySinkArns?: Readonly<Record<string, string>>;
}

/**
 * How long Terraform waits for one StackSet operation. The provider's default is 30 minutes; an
 * operation over hundreds of accounts, or Regions one after another, can take longer, and a create
 * that times out leaves the instances resource tainted (the next apply would delete and recreate
 * every stack). CloudFormation goes on either way.
 */
export const STACK_SET_OPERATION_TIMEOUT = '4h';

/** `CreateStackInstances` takes at most 50 OUs per call (aws-facts §9, CloudFormation quotas). */
const MAX_ORGANIZATIONAL_UNITS = 50;

/**
 * Rolls the member templates out to every account of the target OUs with two service-managed
 * StackSets: the account-wide template (IAM roles) once per account in the home Region, the
 * Regional template (rules, dead-letter queue) in every governed Region. Automatic deployment
 * gives accounts that join the OUs the same stacks. Service-managed StackSets never deploy to the
 * management account: `ManagementAccountForwarding` covers it with the same templates.
 *
 * StackSets runs one operation per StackSet at a time: with managed execution off (the default) a
 * second `CreateStackInstances` while one runs fails with `OperationInProgressException`
 * (CloudFormation API, API_ManagedExecution.html, API_CreateStackInstances.html), and provider 5.x
 * does not retry it. So each StackSet gets one `aws_cloudformation_stack_instances` taking all its
 * Regions in one operation (one per Region would start them in parallel), the Regional one after
 * the account-wide one, and managed execution is on: an operation that conflicts with one already
 * running (an automatic deployment to a joining account during an apply, a template update, a
 * second apply) is queued and run in request order instead of refused.
 *
 * Automatic deployment to an account that joins later runs each StackSet on its own, in no order:
 * AWS's `AutoDeployment.DependsOn` (API_AutoDeployment.html) would order them, but provider
 * 5.100.0's `auto_deployment` has no such argument. The Regional template is written so that this
 * does not matter (member-templates.ts, regionalMemberTemplate).
 */
export class MemberAccountRollout extends Construct {
  public readonly globalStackSet: CloudformationStackSet;
  public readonly regionalStackSet: CloudformationStackSet;
  /** The instances of the account-wide stack set: the target OUs, the home Region. */
  public readonly globalInstances: CloudformationStackInstances;
  /** The instances of the Regional stack set: the target OUs, every governed Region, in one operation. */
  public readonly regionalInstances: CloudformationStackInstances;
  /** The settings the templates were built from. */
  public readonly settings: MemberRolloutSettings;
  /** The templates as rolled out. */
  public readonly globalTemplate: CloudFormationTemplate;
  public readonly regionalTemplate: CloudFormationTemplate;
  /** The operation preferences as sent, defaults applied. */
  public readonly operationPreferences: ResolvedOperationPreferences;

  constructor(scope: Construct, id: string, props: MemberAccountRolloutProps) {
    super(scope, id);
    const problems = rolloutProblems(props);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.map((p) => problemLine(p)).join('; ')}`);
    const { settings } = props;
    this.settings = settings;
    this.globalTemplate = globalMemberTemplate(settings);
    this.regionalTemplate = regionalMemberTemplate(settings);
    this.operationPreferences = resolveOperationPreferences(props.operationPreferences);

    // The account-wide template names IAM roles and a managed policy: CAPABILITY_NAMED_IAM (CloudFormation, "Acknowledging IAM resources").
    this.globalStackSet = this.stackSet('GlobalStackSet', 'global', this.globalTemplate, ['CAPABILITY_NAMED_IAM'], props);
    // The sink ARNs are a stack set parameter, the same for every instance: no per-instance overrides to update later.
    const parameters = observabilitySinkParameters(settings.agentLogs, props.observabilitySinkArns);
    this.regionalStackSet = this.stackSet('RegionalStackSet', 'regional', this.regionalTemplate, undefined, props, parameters);

    this.globalInstances = this.instances('GlobalInstances', this.globalStackSet, [settings.homeRegion], props);
    // Roles first on the first rollout. (Different StackSets never conflict; this orders, it does not serialize.)
    this.regionalInstances = this.instances('RegionalInstances', this.regionalStackSet, props.regions, props, [this.globalInstances]);
  }

  /**
   * A Terraform expression for an output: the stack instances whose last operation failed, as
   * `<account> <region>: <reason>`. What the failure tolerance let through without failing the
   * apply stays visible after it (`detailed_status` FAILED; suspended accounts are SKIPPED, not listed).
   */
  public failedStackInstances(): string {
    const failed = (instances: CloudformationStackInstances) =>
      `[for s in ${instances.terraformResourceType}.${instances.friendlyUniqueId}.stack_instance_summaries : "\${s.account_id} \${s.region}: \${s.status_reason}" if s.detailed_status == "FAILED"]`;
    return `\${concat(${failed(this.globalInstances)}, ${failed(this.regionalInstances)})}`;
  }

  private stackSet(
    id: string,
    scope: 'global' | 'regional',
    template: CloudFormationTemplate,
    capabilities: string[] | undefined,
    props: MemberAccountRolloutProps,
    parameters?: Record<string, string>,
  ): CloudformationStackSet {
    // Provider 5.100.0's stack set operation_preferences has no concurrency_mode: template updates
    // run STRICT_FAILURE_TOLERANCE, the API default (the instances resource sends the mode).
    const { concurrencyMode: _mode, ...preferences } = this.operationPreferences;
    const stackSet = new CloudformationStackSet(this, id, {
      provider: props.provider,
      name: memberStackNames(props.settings.namePrefix)[scope],
      description: `CodeDeploy deployment monitoring (${props.settings.namePrefix}), ${scope} template of every member account`,
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? false },
      managedExecution: { active: true },
      capabilities,
      templateBody: terraformLiteral(template.render()),
      parameters,
      operationPreferences: preferences,
      tags: props.tags,
      // A template update is one operation over every stack instance.
      timeouts: { update: STACK_SET_OPERATION_TIMEOUT },
      // With auto_deployment, AWS fills in administration_role_arn and provider 5.100.0 plans to
      // clear it on every run (hashicorp/terraform-provider-aws#23464, fixed by #45992 after 5.100.0).
      lifecycle: { ignoreChanges: ['administration_role_arn'] },
    });
    addTemplateSizeValidation(stackSet, template);
    return stackSet;
  }

  private instances(
    id: string,
    stackSet: CloudformationStackSet,
    regions: readonly string[],
    props: MemberAccountRolloutProps,
    dependsOn: CloudformationStackInstances[] = [],
  ): CloudformationStackInstances {
    return new CloudformationStackInstances(this, id, {
      provider: props.provider,
      stackSetName: stackSet.name,
      regions: [...regions],
      callAs: props.callAs,
      deploymentTargets: { organizationalUnitIds: [...props.organizationalUnitIds] },
      operationPreferences: this.operationPreferences,
      timeouts: { create: STACK_SET_OPERATION_TIMEOUT, update: STACK_SET_OPERATION_TIMEOUT, delete: STACK_SET_OPERATION_TIMEOUT },
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      // Preferences matter when instances are created or deleted (a Region added or removed). Changing
      // them alone would run UpdateStackInstances over every account and Region for nothing; template
      // updates go through the stack set, with its own preferences.
      lifecycle: { ignoreChanges: ['operation_preferences'] },
    });
  }
}

/** Every problem of the props at once, each with its field (the prop path), value, rule and fix. */
function rolloutProblems(props: MemberAccountRolloutProps): Problem[] {
  const targets = props.organizationalUnitIds;
  const problems: Problem[] = [
    ...problemsUnder(['settings'], memberRolloutSettingsProblems(props.settings)),
    ...problemsUnder(
      ['organizationalUnitIds'],
      namedListProblems(targets, 'give the root (r-...) or OUs (ou-...-...)', (t) => patternProblems(DEPLOYMENT_TARGET_ID, t)),
    ),
    ...problemsUnder(['regions'], namedListProblems(props.regions, 'give the governed Regions', regionProblems)),
  ];
  if (targets.length > MAX_ORGANIZATIONAL_UNITS)
    problems.push(
      problem(
        targets.length,
        `is more than ${MAX_ORGANIZATIONAL_UNITS}, the most CloudFormation takes in one call`,
        'target a parent OU or the root instead',
        ['organizationalUnitIds', 'length'],
      ),
    );
  if (!props.regions.includes(props.settings.homeRegion)) {
    problems.push(
      problem(
        props.regions,
        `leave out the home Region "${props.settings.homeRegion}"`,
        `add "${props.settings.homeRegion}": governed Regions include it`,
        ['regions'],
      ),
    );
  }
  problems.push(...agentLogRegionProblems(props.settings, props.regions));
  problems.push(...observabilitySinkArnProblems(props.settings.agentLogs, props.observabilitySinkArns, Token.isUnresolved));
  problems.push(...problemsUnder(['operationPreferences'], operationPreferenceProblems(props.operationPreferences ?? {})));
  return problems;
}
