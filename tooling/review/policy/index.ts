// Every IAM policy of an app as the review reads it (tooling/review/policy): where each lives, what it
// governs, and its statements in plain words. Statements are the one model of modules/policy.

export { ACCESS, accessKinds, grants } from './access';
export { extractPolicies } from './policies';
export { POLICY_KINDS, type PolicyKind, type ResourcePolicy } from './resource-policy';
export { statementText } from './text';
