// The `trail` section's schema, apart from its cross-field checks (../trail.ts), which read ParsedConfig.

import { z } from 'zod';
import { EVENT_SELECTION_DEFAULTS } from '../../../modules/trail-event-selectors';
import { accountId, bool } from '../fields';

/** `trail`: who creates the organization trail and what it records. */

export const trailSection = z.strictObject({
  delegatedAdministratorAccountId: accountId.optional(),
  additionalDelegatedAdministratorAccountIds: z.array(accountId).default([]),
  managementEvents: z
    .enum(['All', 'ReadOnly', 'WriteOnly', 'None'], {
      error:
        'is not a management event scope. Fix: use "All", "ReadOnly", "WriteOnly" or "None" (a data-events-only trail beside Control Tower\'s)',
    })
    .default(EVENT_SELECTION_DEFAULTS.managementEvents),
  excludeManagementEventSources: z
    .array(
      z.enum(['kms.amazonaws.com', 'rdsdata.amazonaws.com'], {
        error:
          'is not an excludable event source (CloudTrail can exclude only these two). Fix: use "kms.amazonaws.com" or "rdsdata.amazonaws.com"',
      }),
    )
    .default([]),
  dataEvents: z
    .strictObject({
      s3Objects: z
        .enum(['None', 'All', 'ReadOnly', 'WriteOnly'], {
          error: 'is not a data event scope. Fix: use "None", "All", "ReadOnly" or "WriteOnly"',
        })
        .default(EVENT_SELECTION_DEFAULTS.s3Objects),
      lambdaInvocations: bool.default(EVENT_SELECTION_DEFAULTS.lambdaInvocations),
      dynamodbItems: bool.default(EVENT_SELECTION_DEFAULTS.dynamodbItems),
    })
    .default({
      s3Objects: EVENT_SELECTION_DEFAULTS.s3Objects,
      lambdaInvocations: EVENT_SELECTION_DEFAULTS.lambdaInvocations,
      dynamodbItems: EVENT_SELECTION_DEFAULTS.dynamodbItems,
    }),
  insights: z
    .array(
      z.enum(['ApiCallRateInsight', 'ApiErrorRateInsight'], {
        error: 'is not an Insights type. Fix: use "ApiCallRateInsight" or "ApiErrorRateInsight"',
      }),
    )
    .default([]),
});
