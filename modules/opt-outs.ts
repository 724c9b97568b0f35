/*
 * The named props by which a library user chooses something weaker than the app's own default.
 * A construct given one records a warning `<prop>: <what it weakens>` (cdktf prints it at synth and
 * writes it to manifest.json; record-opt-out.ts); the review lists every such warning as a named
 * opt-out. Shared with tooling/review, so no construct code here.
 */

/** Each opt-out prop and what it gives up, in the review's words. */
export const OPT_OUTS = {
  allowRootKeyAdministration: 'KMS key administered by the whole account (root kms:*), not by named roles',
  allowAccountAdministration: 'bucket administered by any principal of its account, not by named roles',
  allowDestroy: 'resource not guarded by prevent_destroy',
  disableObjectLock: 'archive without object lock',
  excludeManagementEventSources: 'management events of some sources not recorded',
  managementEvents: 'trail recording data events only (management events left to another trail)',
  perimeter: 'no resource control policy keeping the archive buckets and keys inside the organization',
} as const;

export type OptOut = keyof typeof OPT_OUTS;

/** The opt-out a synth warning records, if it records one. */
export function optOutOf(message: string): OptOut | undefined {
  const prop = /^([A-Za-z]+): /.exec(message)?.[1];
  return prop !== undefined && Object.hasOwn(OPT_OUTS, prop) ? (prop as OptOut) : undefined;
}
