// What the review derives from the model (tooling/review/facts): data stores and their protection,
// event routes, trail recording scopes, CloudFormation templates, the topology. Read by the sections,
// the cost estimate and the diff. Re-exports only what they use.

export { alarmCondition } from './alarm-condition';
export { type BucketFacts, bucketFacts, keyFacts, preventsDestroy, storeFacts } from './data-stores';
export { type EventRoute, eventRoutes, statesText } from './event-routes';
export { keyText } from './labels';
export { lifecycleTexts, type S3Filter, s3Filter } from './s3-lifecycle';
export { type NodeShape, type TopologyNode, topology } from './topology';
export {
  type FieldCondition,
  type Operator,
  positive,
  type RecordingScope,
  readWriteText,
  scopeText,
  subjectText,
  trailRecording,
} from './trail-recording';
