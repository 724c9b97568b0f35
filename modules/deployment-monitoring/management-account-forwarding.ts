import { CloudformationStack } from '@cdktf/provider-aws/lib/cloudformation-stack';
import { type TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { addTemplateSizeValidation, type CloudFormationTemplate, terraformLiteral } from '../cloudformation/template';
import { type Problem, problem, problemLine, problemsUnder, repeatProblems } from '../rules/problem';
import { observabilitySinkArnProblems, observabilitySinkParameters } from './agent-log-templates';
import { agentLogRegionProblems, type MemberRolloutSettings, memberRolloutSettingsProblems, memberStackNames } from './member-settings';
import { globalMemberTemplate, regionalMemberTemplate } from './member-templates';

export interface ManagementAccountForwardingProps {
  /** The same settings as the `MemberAccountRollout`, so this account gets exactly what members get. */
  readonly settings: MemberRolloutSettings;
  /** Governed Regions, the home Region included. */
  readonly regions: readonly string[];
  /** An AWS provider of the management account for each governed Region, by Region name. */
  readonly providers: Readonly<Record<string, TerraformProvider>>;
  /** @default - none beyond the providers' default tags */
  readonly tags?: Record<string, string>;
  /**
   * The audit account's observability sink ARN in every governed Region, by Region; required when
   * `settings.agentLogs.observabilitySink` is set (as for `MemberAccountRollout`).
   * @default - no sinks
   */
  readonly observabilitySinkArns?: Readonly<Record<string, string>>;
}

/**
 * The member templates in the management account. Service-managed StackSets never deploy to the
 * management account (CloudFormation User Guide, "Create a stack set with service-managed
 * permissions"; aws-facts §9), so its CodeDeploy events would go unwatched: this creates the same
 * two templates as plain stacks, the account-wide one in the home Region and the Regional one in
 * every governed Region, each through the provider of its Region. Plain stacks are independent
 * (StackSets' one-operation-at-a-time rule does not apply), so the Regional stacks are created in
 * parallel, after the account-wide one: the same roles-first order as `MemberAccountRollout`, and
 * the same templates, so the instance-action rules and runbook roles are identical here.
 */
export class ManagementAccountForwarding extends Construct {
  public readonly globalStack: CloudformationStack;
  /** The Regional stacks, by Region. */
  public readonly regionalStacks: Readonly<Record<string, CloudformationStack>>;
  public readonly globalTemplate: CloudFormationTemplate;
  public readonly regionalTemplate: CloudFormationTemplate;

  constructor(scope: Construct, id: string, props: ManagementAccountForwardingProps) {
    super(scope, id);
    const { settings } = props;
    const problems: Problem[] = [
      ...problemsUnder(['settings'], memberRolloutSettingsProblems(settings)),
      ...problemsUnder(['regions'], repeatProblems(props.regions)),
    ];
    if (!props.regions.includes(settings.homeRegion))
      problems.push(
        problem(
          props.regions,
          `leave out the home Region "${settings.homeRegion}"`,
          `add "${settings.homeRegion}": governed Regions include it`,
          ['regions'],
        ),
      );
    problems.push(...agentLogRegionProblems(settings, props.regions));
    problems.push(...observabilitySinkArnProblems(settings.agentLogs, props.observabilitySinkArns, Token.isUnresolved));
    for (const region of props.regions) {
      if (!props.providers[region])
        problems.push(
          problem(undefined, `has no provider for governed Region "${region}"`, 'add one (aliased) for the management account there', [
            'providers',
          ]),
        );
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.map((p) => problemLine(p)).join('; ')}`);

    this.globalTemplate = globalMemberTemplate(settings);
    this.regionalTemplate = regionalMemberTemplate(settings);
    const names = memberStackNames(settings.namePrefix);
    this.globalStack = new CloudformationStack(this, 'GlobalStack', {
      provider: props.providers[settings.homeRegion],
      name: names.global,
      templateBody: terraformLiteral(this.globalTemplate.render()),
      // The account-wide template names IAM roles and the instance policy.
      capabilities: ['CAPABILITY_NAMED_IAM'],
      tags: props.tags,
    });
    addTemplateSizeValidation(this.globalStack, this.globalTemplate);

    const parameters = observabilitySinkParameters(settings.agentLogs, props.observabilitySinkArns);
    const regional: Record<string, CloudformationStack> = {};
    for (const region of props.regions) {
      const stack = new CloudformationStack(this, `RegionalStack-${region}`, {
        provider: props.providers[region],
        name: names.regional,
        templateBody: terraformLiteral(this.regionalTemplate.render()),
        parameters,
        tags: props.tags,
        // Roles first, so the rules' targets find them.
        dependsOn: [this.globalStack],
      });
      addTemplateSizeValidation(stack, this.regionalTemplate);
      regional[region] = stack;
    }
    this.regionalStacks = regional;
  }
}
