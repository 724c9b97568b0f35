import type { CloudtrailAdvancedEventSelector, CloudtrailAdvancedEventSelectorFieldSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { bucketArn } from './arns';

/**
 * `None` makes a data-events-only trail: for an organization whose management events another trail
 * already records (Control Tower's organization trail, as AWS SRA's data-events-only option does),
 * so they are not paid for twice ("Additional copies of management events are charged at $2.00 per
 * 100,000 events", aws.amazon.com/cloudtrail/pricing).
 */
export type ManagementEvents = 'All' | 'ReadOnly' | 'WriteOnly' | 'None';
export type DataEventScope = 'None' | 'All' | 'ReadOnly' | 'WriteOnly';
export type InsightType = 'ApiCallRateInsight' | 'ApiErrorRateInsight';
/** The only management event sources CloudTrail can exclude (high-volume). */
export type ExcludableEventSource = 'kms.amazonaws.com' | 'rdsdata.amazonaws.com';

/** Defaults of what a trail records: cheap and secure (the config schema reuses them). */
export const EVENT_SELECTION_DEFAULTS = {
  managementEvents: 'All',
  excludeManagementEventSources: [],
  s3Objects: 'None',
  lambdaInvocations: false,
  dynamodbItems: false,
  insights: [],
} as const satisfies Required<EventSelection>;

/** What the trail records. Defaults are cheap and secure: all management events, no data events. */
export interface EventSelection {
  /**
   * `None` records no management events (a data-events-only trail beside another trail that
   * records them, such as Control Tower's); it then needs at least one kind of data events.
   * @default 'All' (CIS 3.1 / CloudTrail.1 want read and write)
   */
  readonly managementEvents?: ManagementEvents;
  /**
   * High-volume sources to leave out. Any exclusion fails Security Hub CloudTrail.1.
   * @default - none
   */
  readonly excludeManagementEventSources?: readonly ExcludableEventSource[];
  /** @default 'None' - S3 object-level events (the log buckets themselves are always excluded) */
  readonly s3Objects?: DataEventScope;
  /** @default false - Lambda Invoke data events */
  readonly lambdaInvocations?: boolean;
  /** @default false - DynamoDB item-level data events */
  readonly dynamodbItems?: boolean;
  /** @default - none (Insights are billed per event analysed) */
  readonly insights?: readonly InsightType[];
}

/** Problems of a selection that CloudTrail would refuse or that would record nothing (field, value, rule, fix). */
export function eventSelectionProblems(selection: EventSelection): string[] {
  const problems: string[] = [];
  if (selection.managementEvents !== 'None') return problems;
  const records = (selection.s3Objects ?? 'None') !== 'None' || selection.lambdaInvocations || selection.dynamodbItems;
  if (!records) {
    problems.push(
      'managementEvents: "None" with no data events records nothing. Fix: turn on s3Objects, lambdaInvocations or dynamodbItems, or record management events',
    );
  }
  if ((selection.insights ?? []).length > 0) {
    problems.push(
      'insights need management events (API call rate Insights analyse write management events, API error rate Insights read or write ones: CloudTrail user guide, logging-insights-events-with-cloudtrail), but managementEvents is "None". Fix: drop insights, or record management events',
    );
  }
  if ((selection.excludeManagementEventSources ?? []).length > 0) {
    problems.push(
      'excludeManagementEventSources has no effect when managementEvents is "None". Fix: remove it, or record management events',
    );
  }
  return problems;
}

/** Advanced event selectors for a selection; exported for review tooling and tests. */
export function eventSelectors(selection: EventSelection, excludedBuckets: readonly string[]): CloudtrailAdvancedEventSelector[] {
  const selectors: CloudtrailAdvancedEventSelector[] = [];
  const management = selection.managementEvents ?? EVENT_SELECTION_DEFAULTS.managementEvents;
  const excluded = selection.excludeManagementEventSources ?? [];
  if (management !== 'None') {
    selectors.push({
      name: excluded.length > 0 ? `Management events (${management}) except ${excluded.join(', ')}` : `Management events (${management})`,
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Management'] },
        ...readOnlySelector(management),
        ...(excluded.length > 0 ? [{ field: 'eventSource', notEquals: [...excluded] }] : []),
      ],
    });
  }
  const s3 = selection.s3Objects ?? EVENT_SELECTION_DEFAULTS.s3Objects;
  if (s3 !== 'None') {
    const unique = [...new Set(excludedBuckets)];
    selectors.push(
      dataEventSelector(`S3 object events (${s3}) except the log buckets`, 'AWS::S3::Object', [
        ...readOnlySelector(s3),
        { field: 'resources.ARN', notStartsWith: unique.map((name) => `${bucketArn(name)}/`) },
      ]),
    );
  }
  if (selection.lambdaInvocations) selectors.push(dataEventSelector('Lambda invocations', 'AWS::Lambda::Function'));
  if (selection.dynamodbItems) selectors.push(dataEventSelector('DynamoDB item events', 'AWS::DynamoDB::Table'));
  return selectors;
}

/** Data events of one resource type, narrowed by `extra` field selectors. */
function dataEventSelector(
  name: string,
  resourceType: string,
  extra: CloudtrailAdvancedEventSelectorFieldSelector[] = [],
): CloudtrailAdvancedEventSelector {
  return {
    name,
    fieldSelector: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: [resourceType] }, ...extra],
  };
}

function readOnlySelector(scope: ManagementEvents | DataEventScope): { field: string; equalTo: string[] }[] {
  if (scope === 'ReadOnly') return [{ field: 'readOnly', equalTo: ['true'] }];
  if (scope === 'WriteOnly') return [{ field: 'readOnly', equalTo: ['false'] }];
  return [];
}
