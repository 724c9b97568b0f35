/**
 * The volume the Cost section prices, and where each number comes from: the note the app records at
 * synth (`cost estimate inputs ...: name=value ...`, from the config's `costEstimate` section), a
 * `--cost name=value` flag of `npm run review`, or the config's defaults (modules/cost-estimate.ts,
 * which also defines the note).
 */
import { COST_ESTIMATE_DEFAULTS, readCostEstimateNote } from '../../../modules/cost-estimate';
import type { SynthesizedApp } from '../../model';

export const COST_INPUT_DEFAULTS = {
  ...COST_ESTIMATE_DEFAULTS,
  /** Regions whose log files are counted; the app records its governed regions. */
  governedRegions: 1,
} as const;

export type CostInputName = keyof typeof COST_INPUT_DEFAULTS;
export type CostInputs = { readonly [K in CostInputName]: number };
export const COST_INPUT_NAMES = Object.keys(COST_INPUT_DEFAULTS) as CostInputName[];

/** Where a value came from, as the report states it. */
export type CostInputSource = 'recorded at synth' | '--cost flag' | 'default' | 'StackSet instances';

export interface ResolvedCostInputs {
  readonly values: CostInputs;
  readonly sources: { readonly [K in CostInputName]: CostInputSource };
  /** The note the values were read from, if any. */
  readonly note?: string;
}

/** What each input means, for the report's table and the usage text. */
export const COST_INPUT_MEANINGS: { readonly [K in CostInputName]: string } = {
  memberAccounts: 'accounts of the organization besides the management account',
  managementEventsPerAccountMonth: 'management events a month per account',
  dataEventsPerAccountMonth: 'data events (S3 objects, Lambda, DynamoDB) a month per account',
  eventBytes: 'bytes of one event as JSON (what CloudWatch Logs ingests)',
  compressedEventBytes: 'bytes of one event in the gzip log files (what S3 stores)',
  deploymentEventsPerAccountMonth: 'CodeDeploy events a month per account forwarded to the central bus',
  otherManagementEventTrails:
    "other trails already recording the accounts' management events, such as Control Tower's (this app's trail then pays for a copy)",
  governedRegions: 'regions whose log files are counted',
};

/** Why the defaults are what they are, for the report. */
export const COST_DEFAULTS_WHY =
  "a mid-size organization of 50 member accounts; 1,000,000 management events per account a month, about 23 a minute (AWS's own examples use 150,000 (CloudTrail pricing) and 300,000 (CloudTrail Insights costs) for one quiet account, while accounts running workloads log millions: role assumptions, KMS calls, agents' Describe calls); no data events; 1,500 bytes per event as JSON (the size AWS's CloudTrail cost recipes assume) and 150 in the gzip files (JSON logs compress about 10:1); 1,000 CodeDeploy events per account a month";

/** `name=value` pairs of the recorded note, if the app recorded one. */
export function recordedCostInputs(app: SynthesizedApp): { values: Partial<Record<CostInputName, number>>; note?: string } {
  for (const note of app.stacks.flatMap((s) => s.notes)) {
    const recorded = readCostEstimateNote(note.message);
    if (!recorded) continue;
    const values: Partial<Record<CostInputName, number>> = {};
    for (const name of COST_INPUT_NAMES) if (recorded[name] !== undefined) values[name] = recorded[name];
    return { values, note: note.message };
  }
  return { values: {} };
}

/**
 * The inputs: flags over the recorded note over the defaults. Without a recorded region count, the
 * regions the StackSets deploy to stand in (`stackSetRegions`), else one region.
 */
export function resolveCostInputs(
  app: SynthesizedApp,
  overrides: Partial<Record<CostInputName, number>> = {},
  stackSetRegions = 0,
): ResolvedCostInputs {
  const recorded = recordedCostInputs(app);
  const values = {} as Record<CostInputName, number>;
  const sources = {} as Record<CostInputName, CostInputSource>;
  for (const name of COST_INPUT_NAMES) {
    const [value, source]: [number, CostInputSource] =
      overrides[name] !== undefined
        ? [overrides[name] as number, '--cost flag']
        : recorded.values[name] !== undefined
          ? [recorded.values[name] as number, 'recorded at synth']
          : name === 'governedRegions' && stackSetRegions > 0
            ? [stackSetRegions, 'StackSet instances']
            : [COST_INPUT_DEFAULTS[name], 'default'];
    values[name] = value;
    sources[name] = source;
  }
  return { values, sources, ...(recorded.note ? { note: recorded.note } : {}) };
}

/**
 * One `--cost name=value` flag: the override, or the problem in one line (name, value, rule, fix).
 */
export function parseCostFlag(flag: string): { name: CostInputName; value: number } | { problem: string } {
  const m = /^([A-Za-z]+)=(.*)$/.exec(flag);
  if (!m) return { problem: `--cost "${flag}": is not name=value. Fix: write e.g. --cost memberAccounts=200` };
  const [, name, raw] = m;
  if (!(COST_INPUT_NAMES as string[]).includes(name)) {
    return { problem: `--cost ${name}: is not a cost input. Fix: use one of ${COST_INPUT_NAMES.join(', ')}` };
  }
  const value = Number(raw.replace(/_/g, ''));
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    return {
      problem: `--cost ${name}="${raw}": is not a number of 0 or more. Fix: write a plain number, e.g. ${name}=${COST_INPUT_DEFAULTS[name as CostInputName]}`,
    };
  }
  if (name === 'memberAccounts' || name === 'governedRegions') {
    if (!Number.isInteger(value) || value < 1)
      return { problem: `--cost ${name}=${raw}: must be a whole number of 1 or more. Fix: count them` };
  }
  return { name: name as CostInputName, value };
}
