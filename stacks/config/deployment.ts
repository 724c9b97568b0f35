import { z } from 'zod';
import { bucketName, iamRoleName, region, tags } from './fields';

/** `deployment`: how Terraform reaches each account (role, tags) and where state lives. */

/** The role Terraform assumes in every account, unless configured. */
export const DEFAULT_DEPLOYMENT_ROLE = 'OrganizationAccountAccessRole';
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
  kmsKeyId: z
    .string()
    .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, {
      error: 'is not a KMS key or alias ARN. Fix: write arn:aws:kms:<region>:<account>:key/<id>',
    })
    .optional(),
  roleArn: z
    .string()
    .regex(/^arn:aws:iam::\d{12}:role\/.+$/, { error: 'is not an IAM role ARN. Fix: write arn:aws:iam::<account>:role/<name>' })
    .optional(),
});

export const deploymentSection = z.strictObject({
  roleName: iamRoleName.default(DEFAULT_DEPLOYMENT_ROLE),
  defaultTags: tags.default({}),
  backend: z
    .discriminatedUnion('type', [localBackend, s3Backend], {
      error: 'needs a "type" of "local" or "s3". Fix: write "type": "local" for state files in a folder, or "type": "s3" for an S3 bucket',
    })
    .default({ type: 'local', directory: DEFAULT_LOCAL_STATE_DIRECTORY }),
});
