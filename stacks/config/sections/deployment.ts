// The `deployment` section's schema, apart from its cross-field checks (../deployment.ts), which read ParsedConfig.

import { z } from 'zod';
import { KMS_KEY_OR_ALIAS_ARN } from '../../../modules/rules/arns';
import { IAM_ROLE_ARN } from '../../../modules/rules/identifiers';
import { bucketName, iamRoleName, matching, region, tags } from '../fields';

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
