// The security diff (tooling/review/diff): what changed against another synthesized folder, by
// severity. Public entry: the comparison and its findings; one file per kind of change, private.

export type { Finding } from './findings';
export { type SecurityDiff, securityDiffAgainst } from './security-diff';
