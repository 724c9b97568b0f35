import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance';
import { type TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { addTemplateSizeValidation, type CloudFormationTemplate, terraformLiteral } from '../cloudformation/template';
import { observabilitySinkArnProblems, observabilitySinkParameters } from './agent-log-templates';
import { agentLogRegionProblems, type MemberRolloutSettings, memberRolloutSettingsProblems, memberStackNames } from './member-settings';
import { globalMemberTemplate, regionalMemberTemplate } from './member-templates';

/**
 * How a stack set operation fans out (CloudFormation API, StackSetOperationPreferences). They
 * apply to template updates and to the instances Terraform creates; automatic deployments to
 * accounts that join later ignore them (aws-facts §9).
 */
export interface StackSetOperationPreferences {
  /** Accounts worked on at once, per Region, as a percentage (1-100). @default 25 */
  readonly maxConcurrentPercentage?: number;
  /** Accounts that may fail, per Region, before the operation stops there (0-100). @default 10 */
  readonly failureTolerancePercentage?: number;
  /** @default 'PARALLEL' - every Region at once */
  readonly regionConcurrencyType?: 'SEQUENTIAL' | 'PARALLEL';
}

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
  /** @default - 25% of accounts at once, 10% may fail, Regions in parallel */
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

/** The defaults of `StackSetOperationPreferences`, applied once here. */
export const DEFAULT_OPERATION_PREFERENCES: Required<StackSetOperationPreferences> = {
  maxConcurrentPercentage: 25,
  failureTolerancePercentage: 10,
  regionConcurrencyType: 'PARALLEL',
};

/** `CreateStackInstances` takes at most 50 OUs per call (aws-facts §9, CloudFormation quotas). */
const MAX_ORGANIZATIONAL_UNITS = 50;
const TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/**
 * Rolls the member templates out to every account of the target OUs with two service-managed
 * StackSets: the account-wide template (IAM roles) once per account in the home Region, the
 * Regional template (rules, dead-letter queue) in every governed Region. Automatic deployment
 * gives accounts that join the OUs the same stacks. Service-managed StackSets never deploy to the
 * management account: `ManagementAccountForwarding` covers it with the same templates.
 */
export class MemberAccountRollout extends Construct {
  public readonly globalStackSet: CloudformationStackSet;
  public readonly regionalStackSet: CloudformationStackSet;
  /** The home-Region instance of the account-wide stack set. */
  public readonly globalInstance: CloudformationStackSetInstance;
  /** The instances of the Regional stack set, by Region. */
  public readonly regionalInstances: Readonly<Record<string, CloudformationStackSetInstance>>;
  /** The settings the templates were built from. */
  public readonly settings: MemberRolloutSettings;
  /** The templates as rolled out. */
  public readonly globalTemplate: CloudFormationTemplate;
  public readonly regionalTemplate: CloudFormationTemplate;

  constructor(scope: Construct, id: string, props: MemberAccountRolloutProps) {
    super(scope, id);
    const problems = rolloutProblems(props);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
    const { settings } = props;
    this.settings = settings;
    this.globalTemplate = globalMemberTemplate(settings);
    this.regionalTemplate = regionalMemberTemplate(settings);
    const preferences = { ...DEFAULT_OPERATION_PREFERENCES, ...props.operationPreferences };

    // The account-wide template names IAM roles and a managed policy: CAPABILITY_NAMED_IAM (CloudFormation, "Acknowledging IAM resources").
    this.globalStackSet = this.stackSet('GlobalStackSet', 'global', this.globalTemplate, ['CAPABILITY_NAMED_IAM'], props, preferences);
    // The sink ARNs are a stack set parameter, the same for every instance: per-instance overrides
    // would go through UpdateStackInstances, which provider 5.x sends OU ids as account ids (see instance()).
    const parameters = observabilitySinkParameters(settings.agentLogs, props.observabilitySinkArns);
    this.regionalStackSet = this.stackSet('RegionalStackSet', 'regional', this.regionalTemplate, undefined, props, preferences, parameters);

    this.globalInstance = this.instance('GlobalInstance', this.globalStackSet, settings.homeRegion, props, preferences);
    const regional: Record<string, CloudformationStackSetInstance> = {};
    for (const region of props.regions) {
      // Roles first: on the first rollout the rules' targets find their roles in place.
      regional[region] = this.instance(`RegionalInstance-${region}`, this.regionalStackSet, region, props, preferences, [
        this.globalInstance,
      ]);
    }
    this.regionalInstances = regional;
  }

  private stackSet(
    id: string,
    scope: 'global' | 'regional',
    template: CloudFormationTemplate,
    capabilities: string[] | undefined,
    props: MemberAccountRolloutProps,
    preferences: Required<StackSetOperationPreferences>,
    parameters?: Record<string, string>,
  ): CloudformationStackSet {
    const stackSet = new CloudformationStackSet(this, id, {
      provider: props.provider,
      name: memberStackNames(props.settings.namePrefix)[scope],
      description: `CodeDeploy deployment monitoring (${props.settings.namePrefix}), ${scope} template of every member account`,
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? false },
      capabilities,
      templateBody: terraformLiteral(template.render()),
      parameters,
      operationPreferences: preferences,
      tags: props.tags,
      // With auto_deployment, AWS fills in administration_role_arn and provider 5.100.0 plans to
      // clear it on every run (hashicorp/terraform-provider-aws#23464, fixed by #45992 after 5.100.0).
      lifecycle: { ignoreChanges: ['administration_role_arn'] },
    });
    addTemplateSizeValidation(stackSet, template);
    return stackSet;
  }

  private instance(
    id: string,
    stackSet: CloudformationStackSet,
    region: string,
    props: MemberAccountRolloutProps,
    preferences: Required<StackSetOperationPreferences>,
    dependsOn: CloudformationStackSetInstance[] = [],
  ): CloudformationStackSetInstance {
    return new CloudformationStackSetInstance(this, id, {
      provider: props.provider,
      stackSetName: stackSet.name,
      region,
      callAs: props.callAs,
      deploymentTargets: { organizationalUnitIds: [...props.organizationalUnitIds] },
      operationPreferences: preferences,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      // Instance preferences only matter when instances are created or deleted. Changing them later
      // would call UpdateStackInstances, which provider 5.x sends OU ids as account ids
      // (hashicorp/terraform-provider-aws#40675, open): template updates go through the stack set.
      lifecycle: { ignoreChanges: ['operation_preferences'] },
    });
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function rolloutProblems(props: MemberAccountRolloutProps): string[] {
  const problems = memberRolloutSettingsProblems(props.settings).map((problem) => `settings.${problem}`);
  const targets = props.organizationalUnitIds;
  if (targets.length === 0) problems.push('organizationalUnitIds is empty; give the root (r-...) or OUs (ou-...)');
  if (targets.length > MAX_ORGANIZATIONAL_UNITS)
    problems.push(`organizationalUnitIds has ${targets.length} entries; CloudFormation takes at most ${MAX_ORGANIZATIONAL_UNITS}`);
  for (const target of targets)
    if (!TARGET_ID.test(target)) problems.push(`organizationalUnitIds: "${target}" is not a root (r-...) or OU (ou-...) id`);
  if (new Set(targets).size !== targets.length) problems.push('organizationalUnitIds lists an id twice');
  if (props.regions.length === 0) problems.push('regions is empty; give the governed Regions');
  for (const region of props.regions)
    if (!REGION.test(region)) problems.push(`regions: "${region}" is not a Region name such as us-east-1`);
  if (new Set(props.regions).size !== props.regions.length) problems.push('regions lists a Region twice');
  if (!props.regions.includes(props.settings.homeRegion)) {
    problems.push(`regions does not include the home Region "${props.settings.homeRegion}"; governed Regions include it`);
  }
  problems.push(...agentLogRegionProblems(props.settings, props.regions));
  problems.push(...observabilitySinkArnProblems(props.settings.agentLogs, props.observabilitySinkArns, Token.isUnresolved));
  const { maxConcurrentPercentage: max, failureTolerancePercentage: tolerance } = props.operationPreferences ?? {};
  if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 100))
    problems.push(`operationPreferences.maxConcurrentPercentage: ${max} is not an integer from 1 to 100`);
  if (tolerance !== undefined && !(Number.isInteger(tolerance) && tolerance >= 0 && tolerance <= 100)) {
    problems.push(`operationPreferences.failureTolerancePercentage: ${tolerance} is not an integer from 0 to 100`);
  }
  return problems;
}
