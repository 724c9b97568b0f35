/**
 * The policy documents of an app as the review sees them: what each governs and who it applies to.
 * Their statements are the one IAM policy model of modules/policy.
 */
import type { Statement } from '../../../modules/policy';
import type { AppResource } from '../../model';

export type PolicyKind =
  | 'bucket'
  | 'key'
  | 'grant'
  | 'topic'
  | 'queue'
  | 'stream'
  | 'event-bus'
  | 'lambda'
  | 'trust'
  | 'identity'
  | 'scp'
  | 'rcp'
  | 'sink'
  | 'other';

/** Title of each kind, and the size AWS allows a whole policy of that kind, where documented. */
export const POLICY_KINDS: Record<PolicyKind, { readonly title: string; readonly limit?: number }> = {
  bucket: { title: 'S3 bucket policy', limit: 20_480 },
  key: { title: 'KMS key policy', limit: 32_768 },
  grant: { title: 'KMS grant' },
  topic: { title: 'SNS topic policy', limit: 30_720 },
  queue: { title: 'SQS queue policy', limit: 8_192 },
  stream: { title: 'Kinesis resource policy' },
  'event-bus': { title: 'EventBridge bus policy', limit: 10_240 },
  lambda: { title: 'Lambda permission' },
  trust: { title: 'IAM role trust policy', limit: 2_048 },
  identity: { title: 'IAM identity policy' },
  scp: { title: 'Service control policy', limit: 5_120 },
  rcp: { title: 'Resource control policy', limit: 5_120 },
  sink: { title: 'OAM sink policy' },
  other: { title: 'Resource policy' },
};

/** One policy document and what it governs. */
export interface ResourcePolicy {
  /** Stable identity for diffs: `<stack>/<address>#<attribute>`. */
  readonly id: string;
  readonly stack: string;
  /** The Terraform resource that holds the policy. */
  readonly address: string;
  /** Where in it: `policy`, `assume_role_policy`, `inline_policy.<name>`, `template:<logicalId>.<property>`, ... */
  readonly attribute: string;
  readonly kind: PolicyKind;
  /** The resource the policy is on (the bucket of a bucket policy, the role of a trust policy), when in the app. */
  readonly governs?: AppResource;
  /** What the policy is on, for people. */
  readonly target: string;
  /** Who an identity policy, SCP or RCP applies to (roles, OUs, accounts), for people. */
  readonly appliesTo: readonly string[];
  readonly statements: readonly Statement[];
  /** Bytes of the policy text as synthesized (tokens not yet resolved), when it is literal JSON. */
  readonly size?: number;
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}
