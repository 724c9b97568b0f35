// The `cost-estimate` section's schema, apart from its cross-field checks (../cost-estimate.ts), which read ParsedConfig.

import { z } from 'zod';
import { COST_ESTIMATE_DEFAULTS } from '../../../modules/cost-estimate';

/**
 * `costEstimate`: the volume the review's Cost section prices (`npm run review`). Nothing here
 * changes what is deployed: the app records these numbers in the synthesized output (a note on the
 * log-archive stack, see `costEstimateNote`) because the review reads synthesized output only. The
 * defaults and the note's format live in modules/cost-estimate.ts, which the review reads too.
 */
export { COST_ESTIMATE_DEFAULTS };

/** The fields of `costEstimate`, in the order the note records them. */
export type CostEstimate = { -readonly [K in keyof typeof COST_ESTIMATE_DEFAULTS]: number };

/** 1000000 as "1,000,000" (toLocaleString would load ICU at startup: ~15 ms of every synth). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const count = (what: string, max: number) =>
  z
    .number({ error: `must be a number of ${what}. Fix: write a whole number from 0 to ${thousands(max)} without quotes` })
    .int({ error: `must be a whole number of ${what}. Fix: write it without decimals` })
    .min(0, { error: `cannot be negative. Fix: write 0 or more ${what}` })
    .max(max, {
      error: `is more than ${thousands(max)} ${what}, beyond any organization. Fix: check the unit (per account, per month)`,
    });

const size = (what: string, min: number, max: number) =>
  z
    .number({ error: `must be a number of bytes (${what}). Fix: write a whole number from ${min} to ${max} without quotes` })
    .int({ error: `must be a whole number of bytes. Fix: write it without decimals` })
    .min(min, { error: `is below ${min} bytes, smaller than any ${what}. Fix: use ${min} or more` })
    .max(max, { error: `is above ${max} bytes; CloudTrail events are at most 256 KB. Fix: use ${max} or less` });

export const costEstimateSection = z.strictObject({
  memberAccounts: count('accounts', 100_000)
    .min(1, { error: 'is 0, but the log-archive and audit accounts are members. Fix: count every account except the management account' })
    .default(COST_ESTIMATE_DEFAULTS.memberAccounts),
  managementEventsPerAccountMonth: count('events', 10_000_000_000).default(COST_ESTIMATE_DEFAULTS.managementEventsPerAccountMonth),
  dataEventsPerAccountMonth: count('events', 1_000_000_000_000).default(COST_ESTIMATE_DEFAULTS.dataEventsPerAccountMonth),
  eventBytes: size('CloudTrail event', 200, 262_144).default(COST_ESTIMATE_DEFAULTS.eventBytes),
  compressedEventBytes: size('compressed event', 10, 262_144).default(COST_ESTIMATE_DEFAULTS.compressedEventBytes),
  deploymentEventsPerAccountMonth: count('events', 1_000_000_000).default(COST_ESTIMATE_DEFAULTS.deploymentEventsPerAccountMonth),
  // CloudTrail allows 5 trails per region per account (AWS CloudTrail quotas), this app's included.
  otherManagementEventTrails: count('trails', 4).default(COST_ESTIMATE_DEFAULTS.otherManagementEventTrails),
});
