// The `guardrails` section's schema, apart from its cross-field checks (../guardrails.ts), which read ParsedConfig.

import { z } from 'zod';
import { POLICY_TARGET_ID } from '../../../modules/rules/identifiers';
import { POLICY_NAME_PREFIX } from '../../../modules/rules/names';
import { bool, matching } from '../fields';

/** `guardrails`: organization SCPs and an RCP behind the resource policies (the management account applies them). */

export const guardrailsSection = z.strictObject({
  enabled: bool.default(true),
  targetIds: z.array(matching(POLICY_TARGET_ID)).default([]),
  resourceControlPolicy: bool.default(true),
  namePrefix: matching(POLICY_NAME_PREFIX).default('org-logging'),
});
