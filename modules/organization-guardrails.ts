import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { POLICY_LIMITS } from './arns';
import { guardrailStatements, perimeterStatements } from './guardrail-statements';
import type { ExemptRole, LogArchivePerimeter, MonitoringProtection, ProtectedLogResources } from './guardrail-targets';
import { monitoringGuardrailGroup } from './monitoring-guardrail-statements';
import { addPolicySizeValidation, PolicyDocument } from './policy-document';
import { recordOptOut } from './record-opt-out';
import { accountIdProblems, organizationIdProblems, policyTargetIdListProblems, policyTargetIdProblems } from './rules/identifiers';
import { iamRoleNameProblems, policyNamePrefixProblems } from './rules/names';
import { type PathPart, type Problem, problem, problemLine } from './rules/problem';
import { addPropValidation, checkEachProp, checkProp } from './rules/prop-validation';

export type { AlarmMetrics, ExemptRole, LogArchivePerimeter, MonitoringProtection, ProtectedLogResources } from './guardrail-targets';

/**
 * AWS Organizations: at most five service control policies and five resource control policies may
 * be attached to one root, OU or account, and the FullAWSAccess / RCPFullAWSAccess policy AWS
 * attaches counts as one of them (organizations/latest/userguide/orgs_reference_limits.html).
 */
export const POLICIES_PER_TARGET = 5;

export interface OrganizationGuardrailsProps {
  /** Roots (`r-...`) or OUs (`ou-...`) the policies are attached to. */
  readonly targetIds: readonly string[];
  /**
   * Roles exempt from the trail and archive service control policies (the deployment role and the
   * break-glass role), each pinned to the member accounts where it manages what they protect. In
   * those accounts nobody else may change or assume them.
   */
  readonly exemptRoles: readonly ExemptRole[];
  readonly protect: ProtectedLogResources;
  /**
   * Deployment monitoring's member resources, kept from everyone but the StackSets execution role
   * by a third service control policy. @default - no deployment monitoring policy
   */
  readonly monitoring?: MonitoringProtection;
  /**
   * The management account: SCPs never reach it, so protecting a resource there or exempting a
   * role there has no effect and is refused. @default - not checked
   */
  readonly managementAccountId?: string;
  /**
   * The archive's data perimeter: a resource control policy keeping its buckets and keys inside the
   * organization. The app always attaches one unless told not to.
   * @default - no resource control policy (recorded as a warning)
   */
  readonly perimeter?: LogArchivePerimeter;
  /** @default 'org-logging' - prefix of the policy names */
  readonly namePrefix?: string;
  /** @default - the stack's default provider (must be the management account or an Organizations delegated administrator) */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * Organization guardrails behind the resource policies: service control policies that deny
 * everyone but the exempt roles stopping or reconfiguring the trail and weakening the archive,
 * its keys, the CloudWatch Logs group, the delivery roles and the delivery topic, that keep the
 * exempt roles from being changed or assumed by anyone else in their accounts and, with deployment
 * monitoring, that keep member accounts from dropping out of it; and a resource control policy that
 * keeps the archive's buckets and keys inside the organization. Neither kind applies to the
 * management account (AWS Organizations: SCPs affect member accounts only; RCPs do not affect
 * resources in the management account), so nothing there is listed.
 */
export class OrganizationGuardrails extends Construct {
  /** The service control policies, by name; each is attached to every target. */
  public readonly serviceControlPolicies: readonly OrganizationsPolicy[];
  public readonly resourceControlPolicy?: OrganizationsPolicy;
  private readonly documents = new Map<string, () => PolicyDocument>();

  constructor(scope: Construct, id: string, props: OrganizationGuardrailsProps) {
    super(scope, id);
    checkTargets(this.node.path, props);
    addPropValidation(this, () => [
      ...checkProp('targetIds', props.targetIds, policyTargetIdListProblems),
      ...checkEachProp('targetIds', props.targetIds, policyTargetIdProblems),
      ...checkProp('managementAccountId', props.managementAccountId, accountIdProblems),
      ...props.exemptRoles.flatMap((role, i) => [
        ...checkProp(`exemptRoles[${i}].roleName`, role.roleName, iamRoleNameProblems),
        ...checkEachProp(`exemptRoles[${i}].accountIds`, role.accountIds, accountIdProblems),
      ]),
      ...checkProp('perimeter.organizationId', props.perimeter?.organizationId, organizationIdProblems),
      ...checkProp('namePrefix', props.namePrefix, policyNamePrefixProblems),
    ]);
    if (!props.perimeter) {
      recordOptOut(
        this,
        'perimeter',
        'none, so no resource control policy: the archive buckets and keys are kept inside the organization only by their own policies (the app attaches one unless guardrails.resourceControlPolicy is false)',
      );
    }
    const prefix = props.namePrefix ?? 'org-logging';
    const groups = guardrailStatements(props.protect, props.exemptRoles);
    if (props.monitoring) groups.push(monitoringGuardrailGroup(props.monitoring));
    if (groups.length + 1 > POLICIES_PER_TARGET) {
      throw new Error(
        `${this.node.path}: ${groups.length} service control policies and FullAWSAccess exceed the ${POLICIES_PER_TARGET} AWS Organizations attaches to one target`,
      );
    }

    const scps: OrganizationsPolicy[] = [];
    for (const group of groups) {
      const document = () => new PolicyDocument(group.statements);
      scps.push(this.policy(`${group.id}Policy`, `${prefix}-${group.name}`, group.description, 'SERVICE_CONTROL_POLICY', document, props));
    }
    this.serviceControlPolicies = scps;
    if (props.perimeter) {
      const perimeter = props.perimeter;
      this.resourceControlPolicy = this.policy(
        'PerimeterPolicy',
        `${prefix}-archive-perimeter`,
        'Keeps the log archive buckets and keys inside the organization (AWS services acting for it excepted)',
        'RESOURCE_CONTROL_POLICY',
        () => new PolicyDocument(perimeterStatements(perimeter)),
        props,
      );
    }
    const policies = [...scps, ...(this.resourceControlPolicy ? [this.resourceControlPolicy] : [])];
    for (const policy of policies) {
      // A repeated target is reported at synth (policyTargetIdListProblems) and attached once here.
      for (const target of new Set(props.targetIds)) {
        new OrganizationsPolicyAttachment(this, `${policy.node.id}-${target}`, {
          provider: props.provider,
          policyId: policy.id,
          targetId: target,
        });
      }
    }
  }

  /** A policy document as it will be rendered, by policy name. */
  public policyDocument(name: string): PolicyDocument {
    const render = this.documents.get(name);
    if (!render) throw new Error(`${this.node.path}: no policy named ${name} (have ${[...this.documents.keys()].join(', ')})`);
    return render();
  }

  /** Names of every policy, SCPs first. */
  public get policyNames(): string[] {
    return [...this.documents.keys()];
  }

  private policy(
    id: string,
    name: string,
    description: string,
    type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY',
    render: () => PolicyDocument,
    props: OrganizationGuardrailsProps,
  ): OrganizationsPolicy {
    this.documents.set(name, render);
    const policy = new OrganizationsPolicy(this, id, {
      provider: props.provider,
      name,
      description,
      type,
      content: Lazy.stringValue({ produce: () => render().render() }),
      tags: props.tags,
    });
    const kind = type === 'SERVICE_CONTROL_POLICY' ? 'a service control policy' : 'a resource control policy';
    addPolicySizeValidation(policy, kind, POLICY_LIMITS.organizationPolicy, render, {
      fix: 'protect fewer resources in one policy (shorter names, fewer exempt roles), or split the statements over another policy',
    });
    return policy;
  }
}

const LABEL = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Exempt roles are pinned to member accounts; nothing listed lives in the management account. Checked
 * when built (the labels name the statements' Sids), every problem at once in the shared shape.
 */
function checkTargets(path: string, props: OrganizationGuardrailsProps): void {
  const problems: Problem[] = [];
  props.exemptRoles.forEach((role, i) => {
    const at = (...below: PathPart[]) => ['exemptRoles', i, ...below];
    const first = props.exemptRoles.findIndex((r) => r.label === role.label);
    if (!LABEL.test(role.label))
      problems.push(
        problem(role.label, 'is not PascalCase (it names the Sids of the role)', 'write it like "DeploymentRole"', at('label')),
      );
    else if (first < i)
      problems.push(problem(role.label, `is the label of exemptRoles[${first}] too`, 'give each exempt role its own label', at('label')));
    if (role.accountIds.length === 0)
      problems.push(
        problem(
          role.accountIds,
          'is empty: the role would be exempt nowhere',
          'pin it to the member accounts where it manages what the policies protect',
          at('accountIds'),
        ),
      );
    role.accountIds.forEach((account, j) => {
      if (account === props.managementAccountId)
        problems.push(
          problem(
            account,
            'is the management account, which SCPs never reach',
            'leave it out; pin the role to member accounts',
            at('accountIds', j),
          ),
        );
    });
  });
  const management = props.managementAccountId;
  if (management) {
    // The trail is the exception: its ARN names the management account, yet delegated administrators manage it.
    const { logGroupArns = [], roleArns = [], topicArns = [], alarmArns = [] } = props.protect;
    for (const [key, arns] of Object.entries({ logGroupArns, roleArns, topicArns, alarmArns })) {
      arns.forEach((arn, k) => {
        if (arn.split(':')[4] === management)
          problems.push(problem(arn, 'is in the management account, where SCPs protect nothing', 'leave it out', ['protect', key, k]));
      });
    }
    const metrics = props.protect.alarmMetrics;
    if (metrics?.accountId === management)
      problems.push(
        problem(metrics.accountId, 'is the management account, where SCPs protect nothing', 'leave alarmMetrics out', [
          'protect',
          'alarmMetrics',
          'accountId',
        ]),
      );
  }
  if (problems.length > 0) throw new Error(`${path}: ${problems.map((p) => problemLine(p)).join('; ')}`);
}
