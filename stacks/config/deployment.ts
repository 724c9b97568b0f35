import { z } from 'zod';
import { KMS_KEY_OR_ALIAS_ARN } from '../../modules/rules/arns';
import { IAM_ROLE_ARN } from '../../modules/rules/identifiers';
import { bucketName, type IssueFn, iamRoleName, matching, region, tags } from './fields';
import type { ParsedConfig } from './parsed-config';

/** `deployment`: how Terraform reaches each account (role, tags) and where state lives. */

/**
 * The role Terraform assumes in every member account, unless configured: a dedicated role the user
 * creates (README, Prerequisites), trusted only by whoever runs Terraform, so that being exempt from
 * the guardrails and named in the archive's policies is not shared with every administrator of the
 * management account.
 */
export const DEFAULT_DEPLOYMENT_ROLE = 'OrgLoggingDeployment';
/**
 * The administrator role Organizations creates in the member accounts it creates, trusting the
 * whole management account (organizations/latest/userguide/orgs_manage_accounts_access.html): still a
 * valid `deployment.roleName`, with a warning.
 */
export const ORGANIZATION_ACCOUNT_ACCESS_ROLE = 'OrganizationAccountAccessRole';
/** Folder of local state files, relative to the directory synth runs from. */
export const DEFAULT_LOCAL_STATE_DIRECTORY = 'terraform-state';

const localBackend = z.strictObject({
  type: z.literal('local'),
  directory: z
    .string()
    .min(1, { error: 'is empty. Fix: leave it out for "terraform-state", or name a folder' })
    .default(DEFAULT_LOCAL_STATE_DIRECTORY),
});

const s3Backend = z.strictObject({
  type: z.literal('s3'),
  bucket: bucketName,
  region,
  keyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()/-]+$/, { error: "is not a usable S3 key prefix. Fix: use letters, digits and ! _ . * ' ( ) / -" })
    .default('org-logging'),
  kmsKeyId: matching(KMS_KEY_OR_ALIAS_ARN).optional(),
  roleArn: matching(IAM_ROLE_ARN).optional(),
});

export const deploymentSection = z.strictObject({
  roleName: iamRoleName.default(DEFAULT_DEPLOYMENT_ROLE),
  /** Required (checked in checkDeployment): no role exists in every management account. */
  managementAccountRoleName: iamRoleName.optional(),
  breakGlassRoleName: iamRoleName.optional(),
  defaultTags: tags.default({}),
  backend: z
    .discriminatedUnion('type', [localBackend, s3Backend], {
      error: 'needs a "type" of "local" or "s3". Fix: write "type": "local" for state files in a folder, or "type": "s3" for an S3 bucket',
    })
    .default({ type: 'local', directory: DEFAULT_LOCAL_STATE_DIRECTORY }),
});

/**
 * The management account's role is explicit: Organizations creates OrganizationAccountAccessRole
 * only in member accounts it created (CreateAccount), never in the management account.
 */
export function checkDeployment(c: ParsedConfig, issue: IssueFn): void {
  const role = c.deployment.managementAccountRoleName;
  const why = `Organizations creates ${ORGANIZATION_ACCOUNT_ACCESS_ROLE} only in member accounts it created, never in the management account`;
  if (role === undefined) {
    issue(
      ['deployment', 'managementAccountRoleName'],
      undefined,
      `is required: the role Terraform assumes in the management account (${c.managementAccountId}) has no safe default (${why}). Fix: name a role that exists there and trusts whoever runs terraform`,
    );
  } else if (role === ORGANIZATION_ACCOUNT_ACCESS_ROLE) {
    issue(
      ['deployment', 'managementAccountRoleName'],
      role,
      `cannot exist in the management account: ${why}. Fix: create a dedicated role there and name it here`,
    );
  }
  if (c.deployment.breakGlassRoleName !== undefined && c.deployment.breakGlassRoleName === c.deployment.roleName) {
    issue(
      ['deployment', 'breakGlassRoleName'],
      c.deployment.breakGlassRoleName,
      'is the deployment role; a break-glass role is a separate, rarely used role that can recover the archive and its keys. Fix: name another role, or leave it out',
    );
  }
}

/**
 * `deployment.roleName: "OrganizationAccountAccessRole"` is a named choice that leaves a warning:
 * the role trusts the whole management account, and the deployment role is exempt from the
 * guardrails and administers the archive and its key.
 */
export function deploymentWarnings(c: Pick<ParsedConfig, 'deployment' | 'managementAccountId'>): string[] {
  if (c.deployment.roleName !== ORGANIZATION_ACCOUNT_ACCESS_ROLE) return [];
  return [
    `deployment.roleName: "${ORGANIZATION_ACCOUNT_ACCESS_ROLE}" trusts the whole management account (${c.managementAccountId}): anyone there allowed sts:AssumeRole on it becomes the deployment role, which the archive's bucket and key policies name as their administrator and the guardrails exempt, so every such principal is trusted with the evidence. Fix: create a dedicated role trusted only by whoever runs Terraform (README, Prerequisites) and set deployment.roleName to its name (default "${DEFAULT_DEPLOYMENT_ROLE}")`,
  ];
}

/** The role Terraform assumes in an account: the management account's own, or the member accounts' one. */
export function deploymentRoleName(c: Pick<ParsedConfig, 'deployment' | 'managementAccountId'>, accountId: string): string {
  if (accountId !== c.managementAccountId) return c.deployment.roleName;
  const role = c.deployment.managementAccountRoleName;
  if (!role) throw new Error('deployment.managementAccountRoleName is required (validated before synth)');
  return role;
}
