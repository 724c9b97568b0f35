// The security rule pack over synthesized stacks (`npm run check`): the public API. Re-exports only;
// one rule per file in rules/, the facts rules share (facts.ts, app-facts.ts) stay private. Rules read
// the one model of a synthesized app (tooling/model) and the IAM policy model (modules/policy).

export { CHECK_USAGE, runCheckCommand } from './check-command';
export { formatJson, formatRuleTable, formatText } from './format';
export { PACK } from './pack';
export {
  type CheckCounts,
  type CheckOptions,
  type CheckReport,
  checkApp,
  checkResources,
  evaluateRule,
  type Finding,
  failingFindings,
  runChecks,
} from './run-checks';
export { parseSuppressions, patternMatches, readSuppressionsFile, type Suppression, SuppressionError } from './suppressions';
export {
  compliant,
  type Level,
  nonCompliant,
  notApplicable,
  type Outcome,
  type ResourceFacts,
  type Rule,
  type RuleResult,
} from './types';
