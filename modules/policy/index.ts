// The IAM policy model read back from JSON (statement, principal, condition) and its one wildcard
// matcher, shared by the coherence checks at synth, the rule pack and the review. Re-exports only.

export {
  conditionKeyIs,
  conditionValueMatches,
  isNegatedOperator,
  missingKeyHolds,
  restrictingConditions,
} from './condition';
export { allowCovered } from './coverage';
export {
  admitsAnyone,
  grantsAction,
  normalizeStatement,
  type PolicyCondition,
  type PolicyPrincipal,
  parsePolicyDocument,
  principalAccounts,
  principalIds,
  type Statement,
  statementKey,
} from './statement';
export { actionMatches, wildcardMatch } from './wildcard';
