import { z } from 'zod';
import { duplicates, type IssueFn } from './fields';
import type { ParsedConfig } from './schema';

/** `guardrails`: organization SCPs and an RCP behind the resource policies (the management account applies them). */

const bool = z.boolean({ error: 'must be true or false. Fix: write true or false without quotes' });

/** A policy target: the root, an OU or an account (AWS Organizations ID formats). */
export const POLICY_TARGET = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

export const guardrailsSection = z.strictObject({
  enabled: bool.default(true),
  targetIds: z
    .array(
      z.string().regex(POLICY_TARGET, {
        error:
          'is not an organization root, OU or account ID. Fix: use the root ID (r-...) from `aws organizations list-roots`, OU IDs (ou-...-...) or account IDs',
      }),
    )
    .default([]),
  resourceControlPolicy: bool.default(true),
  namePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_+=,.@-]{1,64}$/, {
      error: 'is not a usable policy name prefix (1-64 of letters, digits and _ + = , . @ -). Fix: shorten it',
    })
    .default('org-logging'),
});

/** Enabled guardrails need somewhere to attach. */
export function checkGuardrails(c: ParsedConfig, issue: IssueFn): void {
  const g = c.guardrails;
  if (g.enabled && g.targetIds.length === 0) {
    issue(
      ['guardrails', 'targetIds'],
      g.targetIds,
      'is empty, but guardrails are on: the SCPs and RCP must be attached to the organization root or OUs. Fix: add the root ID from `aws organizations list-roots --query "Roots[0].Id"` (or OU IDs), or set guardrails.enabled to false (not recommended)',
    );
  }
  for (const i of duplicates(g.targetIds))
    issue(['guardrails', 'targetIds', i], g.targetIds[i], 'is listed twice. Fix: remove the duplicate');
  g.targetIds.forEach((id, i) => {
    if (id === c.managementAccountId) {
      issue(
        ['guardrails', 'targetIds', i],
        id,
        'is the management account; SCPs and RCPs do not apply to it, so attaching them there protects nothing. Fix: attach to the root or OUs',
      );
    }
  });
}
