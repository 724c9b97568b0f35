// The Cost section (tooling/review/cost): what the app costs a month and a year for the volume it
// recorded at synth. Public entry: the estimate, the --cost flag and the section; the price list, the
// S3 storage model and the per-service lines stay private to this folder.

export { type CostEstimate, costEstimate } from './estimate';
export { COST_INPUT_NAMES, type CostInputName, parseCostFlag } from './inputs';
export { costSection } from './section';
