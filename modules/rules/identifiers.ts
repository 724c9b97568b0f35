import { type PatternRule, type Problem, patternProblems, problem, repeatProblems } from './problem';

/*
 * Account, organization and region identifiers (aws-facts.md §8; AWS Organizations API reference,
 * the Id patterns of Account, Organization, OrganizationalUnit and Root).
 */

/** Account IDs: exactly 12 digits (Organizations API, Account Id `^\d{12}$`). */
export const ACCOUNT_ID: PatternRule = {
  pattern: /^\d{12}$/,
  rule: 'is not an AWS account ID (exactly 12 digits)',
  fix: 'write the 12 digits as a string, keeping leading zeros',
};

/** Organization IDs: `o-` and 10-32 lowercase letters or digits (Organizations API, Organization Id). */
export const ORGANIZATION_ID: PatternRule = {
  pattern: /^o-[a-z0-9]{10,32}$/,
  rule: 'is not an organization ID ("o-" then 10-32 lowercase letters or digits)',
  fix: 'copy it from `aws organizations describe-organization`',
};

/**
 * Where service control and resource control policies attach: the root (`r-` and 4-32 lowercase
 * letters or digits), an OU (`ou-`, the 4-32 lowercase letters or digits of its root, `-`, 8-32 more)
 * or an account (12 digits): the TargetId pattern of the Organizations API reference,
 * organizations/latest/APIReference/API_AttachPolicy.html.
 */
export const POLICY_TARGET_ID: PatternRule = {
  pattern: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/,
  rule: 'is not an organization root, OU or account ID',
  fix: 'use the root ID (r-...) from `aws organizations list-roots`, OU IDs (ou-...-...) or account IDs',
};

/** Where service-managed StackSets deploy: the root or OUs, never accounts (CloudFormation DeploymentTargets OrganizationalUnitIds). */
export const DEPLOYMENT_TARGET_ID: PatternRule = {
  pattern: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  rule: 'is not a root or OU ID (StackSets deploy to OUs)',
  fix: 'use r-... from `aws organizations list-roots` or ou-...-... ids',
};

/**
 * An IAM role ARN as policies name a principal: `arn:aws:iam::<account>:role/<path><name>` (IAM user
 * guide, reference_identifiers.html; a role name has 1-64 of letters, digits and `+ = , . @ _ -`).
 */
export const IAM_ROLE_ARN: PatternRule = {
  pattern: /^arn:aws:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
  rule: 'is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)',
  fix: 'write the role ARN, e.g. arn:aws:iam::111122223333:role/OrgLoggingDeployment',
};

export function iamRoleArnProblems(value: string): Problem[] {
  return patternProblems(IAM_ROLE_ARN, value);
}

export function accountIdProblems(value: string): Problem[] {
  return patternProblems(ACCOUNT_ID, value);
}

export function organizationIdProblems(value: string): Problem[] {
  return patternProblems(ORGANIZATION_ID, value);
}

export function policyTargetIdProblems(value: string): Problem[] {
  return patternProblems(POLICY_TARGET_ID, value);
}

/** The targets a set of policies is attached to: at least one, each once (a second attachment of a policy to a target fails: DuplicatePolicyAttachmentException). */
export function policyTargetIdListProblems(values: readonly string[]): Problem[] {
  return values.length === 0
    ? [problem(values, 'is empty, so the policies would guard nothing', 'attach them to the root (r-...) or to OUs (ou-...-...)')]
    : repeatProblems(values);
}

/**
 * Commercial (`aws` partition) regions that the pinned AWS provider (5.100.0) knows. Every ARN this
 * module renders is in the `aws` partition. Regions launched after the provider (ap-east-2,
 * ap-southeast-6) need a newer provider and are refused here.
 */
export const COMMERCIAL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
  'mx-central-1',
  'ap-southeast-7',
] as const;

/**
 * Commercial regions launched after the pinned provider (it refuses them as a provider region). A
 * multi-region trail logs them once an account enables them, so the Athena tables project them too.
 */
export const REGIONS_NEWER_THAN_PROVIDER = ['ap-east-2', 'ap-southeast-6'] as const;

export const REGION_RULE = {
  rule: 'is not a commercial AWS region this module supports',
  fix: `use one of ${COMMERCIAL_REGIONS.join(', ')}`,
} as const;

export function regionProblems(value: string): Problem[] {
  return (COMMERCIAL_REGIONS as readonly string[]).includes(value) ? [] : [problem(value, REGION_RULE.rule, REGION_RULE.fix)];
}

/**
 * A replica in another region than its source: cross-region replication is what survives a regional
 * outage (S3 user guide, replication.html: "Cross-Region Replication (CRR)").
 */
export function replicaRegionProblems(replicaRegion: string, sourceRegion: string, source: string): Problem[] {
  return replicaRegion === sourceRegion
    ? [problem(replicaRegion, `is ${source}; a replica protects against a regional outage only in another region`, 'choose another region')]
    : [];
}
