// The one model of a synthesized app (tooling/model): read once from an output folder, used by the
// review (tooling/review), the rule pack (tooling/checks) and the plan command's stack order.
// Re-exports only; names.ts, references.ts, providers.ts and state.ts stay private to the model.
// templates.ts reads the CloudFormation templates that StackSets and stacks carry in their config.

export {
  type AppResource,
  type AppStack,
  appFromResources,
  appFromStacks,
  loadApp,
  type StackSourceJson,
  type SynthesizedApp,
  type SynthNote,
  stacksInManifestOrder,
} from './app';
export type { ApplyOrder } from './apply-order';
export type { ProviderInfo } from './providers';
export { mentionsToken, parseReference } from './references';
export { Resolver } from './resolver';
export type { BackendInfo, RemoteStateRead } from './state';
export { type FanOut, fanOuts, type Template, type TemplateResource, templateOf, templates } from './templates';
export * from './values';
