// The audit questions and the CloudTrail table they read, shared by the Athena stack (named
// queries, Glue table) and the local engine (tooling/logs). Re-exports only.

export * from './cloudtrail-columns';
export * from './questions';
