/**
 * The volume the review's Cost section prices (`npm run review`), in the one place both layers read
 * it: the config's `costEstimate` defaults (stacks/config/cost-estimate.ts) and the review's
 * fallback when an app recorded nothing (tooling/review) are these numbers, and the note the app
 * records at synth is written and read by the two functions below. Nothing here changes what is
 * deployed; the app records the numbers because the review reads synthesized output only.
 *
 * The defaults describe a mid-size organization; measure yours (CloudTrail Lake or Athena over the
 * archive: events per account and month, split by eventCategory) and state them in the config.
 */

export const COST_ESTIMATE_DEFAULTS = {
  /** Accounts of the organization besides the management account (the trail logs them all; the StackSets deploy to them). */
  memberAccounts: 50,
  /**
   * Management events per account a month: about 23 a minute. AWS's own pricing examples use 150,000
   * (CloudTrail pricing page) and 300,000 (CloudTrail Insights costs) for one quiet account; accounts
   * running workloads log millions (role assumptions, KMS calls, agents' Describe calls).
   */
  managementEventsPerAccountMonth: 1_000_000,
  /** Data events (S3 object, Lambda, DynamoDB) per account a month; 0 when the trail records none. */
  dataEventsPerAccountMonth: 0,
  /** Average size of one event as JSON, as CloudWatch Logs ingests it (AWS's CloudTrail cost recipes assume 1,500 bytes). */
  eventBytes: 1_500,
  /** Average size of one event inside the gzip log files, as S3 stores it (JSON of this kind compresses about 10:1). */
  compressedEventBytes: 150,
  /** CodeDeploy state-change events per account a month that the member rules forward to the central bus. */
  deploymentEventsPerAccountMonth: 1_000,
  /**
   * Other trails that already record the member accounts' management events, such as Control
   * Tower's organization trail (1): CloudTrail delivers the first copy free and bills each further
   * copy ($2.00 per 100,000 events), so this app's trail then pays, unless trail.managementEvents is
   * "None" (a data-events-only trail).
   */
  otherManagementEventTrails: 0,
} as const;

/** The fields of `costEstimate`, in the order the note records them. */
export type CostEstimateField = keyof typeof COST_ESTIMATE_DEFAULTS;

/** The note's first words: the review finds the recorded inputs by them. */
const NOTE_PREFIX = 'cost estimate inputs';

/**
 * The note the app records for the review: every `costEstimate` field and the number of governed
 * regions, as `name=value` pairs after a fixed prefix, e.g.
 * `cost estimate inputs (costEstimate, priced by npm run review): memberAccounts=50 ... governedRegions=3`.
 */
export function costEstimateNoteText(values: Readonly<Record<CostEstimateField, number>>, governedRegions: number): string {
  const pairs = (Object.keys(COST_ESTIMATE_DEFAULTS) as CostEstimateField[]).map((k) => `${k}=${values[k]}`);
  return `${NOTE_PREFIX} (costEstimate, priced by npm run review): ${[...pairs, `governedRegions=${governedRegions}`].join(' ')}`;
}

/** The `name=value` pairs of a recorded note, or undefined when `message` is not that note. */
export function readCostEstimateNote(message: string): Record<string, number> | undefined {
  if (!message.startsWith(NOTE_PREFIX)) return undefined;
  const values: Record<string, number> = {};
  for (const [, name, value] of message.matchAll(/\b([A-Za-z]+)=(\d+(?:\.\d+)?)\b/g)) values[name] = Number(value);
  return values;
}
