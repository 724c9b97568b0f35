import { AUDIT_QUERIES_KIND } from './audit-queries-stack';
import type { OrganizationConfig } from './config/schema';
import { DEPLOYMENT_EVENTS_KIND } from './deployment-events-stack';
import { DEPLOYMENT_MANAGEMENT_KIND } from './deployment-management-stack';
import { DEPLOYMENT_ROLLOUT_KIND } from './deployment-rollout-stack';
import { EXTERNAL_ACCOUNT_KIND } from './external-account-stack';
import { LOG_ARCHIVE_KIND } from './log-archive-stack';
import { ORGANIZATION_GUARDRAILS_KIND } from './organization-guardrails-stack';
import { ORGANIZATION_MANAGEMENT_KIND } from './organization-management-stack';
import { ORGANIZATION_TRAIL_KIND } from './organization-trail-stack';
import type { StackDefinition, StackKind } from './registry';

/**
 * Every kind of stack the app builds. A new capability registers its kind here; the builder, the
 * synth summary, the apply order and the tests of the registry follow from this list.
 */
export const STACK_KINDS: readonly StackKind[] = [
  LOG_ARCHIVE_KIND,
  ORGANIZATION_MANAGEMENT_KIND,
  ORGANIZATION_TRAIL_KIND,
  EXTERNAL_ACCOUNT_KIND,
  DEPLOYMENT_EVENTS_KIND,
  DEPLOYMENT_ROLLOUT_KIND,
  DEPLOYMENT_MANAGEMENT_KIND,
  AUDIT_QUERIES_KIND,
  ORGANIZATION_GUARDRAILS_KIND,
];

/** The stacks a config asks for, in apply order (by order, then by registration). */
export function stackDefinitions(config: OrganizationConfig, kinds: readonly StackKind[] = STACK_KINDS): StackDefinition[] {
  const definitions = [...kinds]
    .map((kind, index) => ({ kind, index }))
    .sort((a, b) => a.kind.order - b.kind.order || a.index - b.index)
    .flatMap(({ kind }) => kind.definitions(config).map((d) => ({ ...d, order: kind.order })));
  const seen = new Set<string>();
  for (const d of definitions) {
    if (seen.has(d.name)) throw new Error(`stack registry: two stacks are named "${d.name}"`);
    seen.add(d.name);
  }
  return definitions;
}
