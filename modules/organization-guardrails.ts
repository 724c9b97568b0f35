import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { POLICY_LIMITS } from './arns';
import { guardrailStatements, perimeterStatements } from './guardrail-statements';
import { addPolicySizeValidation, PolicyDocument } from './policy-document';

/** The evidence-holding resources the guardrails protect, by literal ARN or name. */
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

export interface OrganizationGuardrailsProps {
  /** Roots (`r-...`) or OUs (`ou-...`) the policies are attached to. */
  readonly targetIds: readonly string[];
  /**
   * Role names exempt from the service control policies in every account (the deployment role and
   * the break-glass role): `arn:aws:iam::*:role/<name>`.
   */
  readonly exemptRoleNames: readonly string[];
  readonly protect: ProtectedLogResources;
  /** @default - no resource control policy */
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
 * its keys, the CloudWatch Logs group, the delivery roles and the delivery topic; and a resource
 * control policy that keeps the archive's buckets and keys inside the organization. Neither kind
 * applies to the management account (AWS Organizations: SCPs affect member accounts only; RCPs do
 * not affect resources in the management account).
 */
export class OrganizationGuardrails extends Construct {
  /** The service control policies, by name. */
  public readonly serviceControlPolicies: readonly OrganizationsPolicy[];
  public readonly resourceControlPolicy?: OrganizationsPolicy;
  private readonly documents = new Map<string, () => PolicyDocument>();

  constructor(scope: Construct, id: string, props: OrganizationGuardrailsProps) {
    super(scope, id);
    if (props.targetIds.length === 0) throw new Error(`${this.node.path}: targetIds is empty; attach the guardrails to the root or to OUs`);
    const prefix = props.namePrefix ?? 'org-logging';
    const exempt = props.exemptRoleNames.map((name) => `arn:aws:iam::*:role/${name}`);
    const groups = guardrailStatements(props.protect, exempt);

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
      for (const target of props.targetIds) {
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
