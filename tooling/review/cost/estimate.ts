/**
 * The whole estimate of an app, structured (the Cost section renders it, tests read it): the
 * inputs and where they came from, the archive's buckets and services, the StackSet fan-out, the
 * app's KMS keys, and the totals: steady state a month and a year, and the first 12 months.
 */

import { fanOuts } from '../../model';
import type { ReviewContext } from '../context';
import { fmt, plural } from '../format';
import { type ArchiveCost, archiveCost } from './archive';
import { type CostInputName, type ResolvedCostInputs, resolveCostInputs } from './inputs';
import { type FanOutCost, fanOutCosts } from './stacksets';
import { keyMonthly, sum } from './storage-model';
import { type ArchiveTopology, archiveTopology, keyCounts } from './topology';
import type { CostLine } from './volume';

export interface CostEstimate {
  readonly inputs: ResolvedCostInputs;
  readonly topology?: ArchiveTopology;
  readonly archive?: ArchiveCost;
  readonly fanOut: readonly FanOutCost[];
  /** Every line of the totals table, archive and services first, then the fan-out and the keys. */
  readonly lines: readonly CostLine[];
  readonly monthly: number;
  readonly firstYear: number;
  /** What the replica would cost a month written in S3 Standard, when it is written in another class. */
  readonly replicaInStandard?: { readonly storageClass: string; readonly monthly: number; readonly inStandard: number };
}

/** The estimate of the app under review, with `--cost` overrides over what the app recorded. */
export function costEstimate(ctx: ReviewContext, overrides: Partial<Record<CostInputName, number>> = {}): CostEstimate {
  const stackSetRegions = new Set(fanOuts(ctx.resolver).flatMap((f) => f.regions)).size;
  const inputs = resolveCostInputs(ctx.app, overrides, stackSetRegions);
  const topology = archiveTopology(ctx);
  const archive = topology ? archiveCost(topology, inputs.values) : undefined;
  const fanOut = fanOutCosts(ctx, inputs.values);
  const keys = keyCounts(ctx);
  const lines: CostLine[] = [
    ...(archive?.lines ?? []),
    ...fanOut.map((f) => ({
      label: `${f.kind} ${f.name}: ${plural(f.instances, 'instance')}`,
      // Rotating keys in templates cost $1 more after each of their first two yearly rotations.
      monthly: f.monthly + f.rotatingKeysPerInstance * f.instances * 2,
      firstYear: f.monthly * 12,
      detail: `${plural(f.accounts, 'account')} x ${plural(f.regions.length, 'region')}, $${fmt(f.perInstanceMonthly)} a month each`,
    })),
    ...(keys.keys > 0
      ? [
          {
            label: `KMS customer managed keys of the app: ${keys.keys}, ${keys.rotating === keys.keys ? 'all' : keys.rotating} rotating yearly`,
            monthly: keyMonthly(keys.keys, keys.rotating, 2),
            firstYear: keyMonthly(keys.keys, keys.rotating, 0) * 12,
            detail: '$1 a month each; rotation adds $1 after the first and second rotation (capped), so $3 from the third year',
          },
        ]
      : []),
  ];
  const replicaMonthly = (a: ArchiveCost | undefined) =>
    sum((a?.lines ?? []).filter((l) => l.label.startsWith('S3 replica ')).map((l) => l.monthly));
  const replica = topology?.replica;
  const replicaInStandard =
    topology && replica && replica.storageClass !== 'STANDARD'
      ? {
          storageClass: replica.storageClass,
          monthly: replicaMonthly(archive),
          inStandard: replicaMonthly(archiveCost({ ...topology, replica: { ...replica, storageClass: 'STANDARD' } }, inputs.values)),
        }
      : undefined;
  return {
    inputs,
    ...(topology ? { topology } : {}),
    ...(replicaInStandard ? { replicaInStandard } : {}),
    ...(archive ? { archive } : {}),
    fanOut,
    lines,
    monthly: sum(lines.map((l) => l.monthly)),
    firstYear: sum(lines.map((l) => l.firstYear)),
  };
}
