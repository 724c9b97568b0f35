import { classAtExpiration, SMALL_OBJECT_CLASSES, STORAGE_CLASS_WATERFALL } from '../../modules/archive-lifecycle';
import { deploymentWarnings } from './deployment';
import type { OrganizationConfig } from './schema';

/*
 * Warnings about a valid config: settings that weaken a secure default (named opt-outs) or can never
 * take effect. They do not stop synth; the summary and the review list them, each naming its field.
 */

/** One line per warning: `<field path>: <what happens>. Fix: ...`. */
export function configWarnings(c: OrganizationConfig): string[] {
  return [...lifecycleWarnings(c), ...deploymentWarnings(c), ...guardrailWarnings(c), ...agentLogWarnings(c), ...dataOnlyTrailWarnings(c)];
}

/** A data-events-only trail feeds its log group no management events: the alarms on it that need them stay silent. */
function dataOnlyTrailWarnings(c: OrganizationConfig): string[] {
  if (c.trail.managementEvents !== 'None' || !c.alarms.enabled) return [];
  const groups = [
    c.alarms.cis.enabled ? 'cis' : '',
    c.alarms.groups.trailTampering ? 'groups.trailTampering' : '',
    c.alarms.groups.archiveChanges ? 'groups.archiveChanges' : '',
    c.alarms.groups.codedeploy ? 'groups.codedeploy' : '',
    c.deploymentMonitoring && c.alarms.groups.monitoringTampering ? 'groups.monitoringTampering' : '',
  ].filter(Boolean);
  if (groups.length === 0) return [];
  return [
    `trail.managementEvents: "None": the alarms ${groups.map((g) => `alarms.${g}`).join(', ')} watch this trail's log group, which then receives data events only, and their patterns match management events: they never fire. Fix: keep them on the trail that records management events (Control Tower's log group aws-controltower/CloudTrailLogs) and turn them off here (alarms.cis.enabled, alarms.groups.*: false), or record management events`,
  ];
}

/** A customer managed key in every account and governed region is a named opt-in: state what it costs. */
function agentLogWarnings(c: OrganizationConfig): string[] {
  const a = c.deploymentMonitoring?.agentLogs;
  if (!a?.enabled || !a.customerManagedKeys) return [];
  const regions = (c.deploymentMonitoring?.regions ?? c.regions).length;
  return [
    `deploymentMonitoring.agentLogs.customerManagedKeys: true creates a KMS key in every governed region of every account, the management account included (${regions} per account): about $1 a month each, so $${regions} a month per account and about $${(regions * 1000).toLocaleString('en-US')} a month for 1,000 accounts, for operational agent logs that CloudWatch Logs encrypts at rest anyway. Fix: set it to false unless a policy requires customer managed keys for every log group`,
  ];
}

function lifecycleWarnings(c: OrganizationConfig): string[] {
  const l = c.archive.lifecycle;
  const lines: string[] = [];
  if (l.transitionSmallObjects) {
    l.transitions.forEach((t, i) => {
      if (!SMALL_OBJECT_CLASSES.includes(t.storageClass)) {
        lines.push(
          `archive.lifecycle.transitions[${i}]: ${t.storageClass} never applies to objects under 128 KB (most CloudTrail files): with transitionSmallObjects S3 moves them only to GLACIER or DEEP_ARCHIVE. Fix: set transitionSmallObjects to false (this tier then applies to files of 128 KB or more by an explicit size filter) or drop the tier`,
        );
      }
    });
  }
  // A version becomes noncurrent when it expires; it is then in the last class it moved to, and
  // lifecycle transitions only go further down the waterfall.
  const atExpiration = classAtExpiration(l, false);
  const floor = atExpiration === 'STANDARD' ? -1 : STORAGE_CLASS_WATERFALL.indexOf(atExpiration);
  l.noncurrentTransitions.forEach((t, i) => {
    if (STORAGE_CLASS_WATERFALL.indexOf(t.storageClass) <= floor) {
      lines.push(
        `archive.lifecycle.noncurrentTransitions[${i}]: ${t.storageClass} can never happen: versions become noncurrent when they expire at ${l.expirationDays} days, already in ${atExpiration}, and transitions only go further down. Fix: remove it, or target a class below ${atExpiration}`,
      );
    }
  });
  return lines;
}

function guardrailWarnings(c: OrganizationConfig): string[] {
  const lines: string[] = [];
  if (!c.guardrails.enabled) {
    lines.push(
      'guardrails.enabled: false: no service control policy backs the trail, archive and key policies, so an administrator of a member account (the delegated administrator included) can stop the trail or weaken its delivery. Fix: turn guardrails on and list guardrails.targetIds',
    );
  } else if (!c.guardrails.resourceControlPolicy) {
    lines.push(
      'guardrails.resourceControlPolicy: false: the archive buckets and keys are kept inside the organization only by their own policies. Fix: set it to true',
    );
  }
  return lines;
}
