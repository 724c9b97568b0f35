import { EVENT_SELECTION_DEFAULTS, eventSelectionProblems, eventSelectors } from '../../modules/trail-event-selectors';

const LOG_BUCKETS = ['org-logs', 'org-logs-access-logs', 'org-logs'];

describe('eventSelectors', () => {
  describe('management events', () => {
    it('records all management events and no data events by default', () => {
      expect(eventSelectors({}, LOG_BUCKETS)).toEqual([
        { name: 'Management events (All)', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      ]);
      expect(EVENT_SELECTION_DEFAULTS).toEqual({
        managementEvents: 'All',
        excludeManagementEventSources: [],
        s3Objects: 'None',
        lambdaInvocations: false,
        dynamodbItems: false,
        insights: [],
      });
    });

    it('records only read events when asked', () => {
      expect(eventSelectors({ managementEvents: 'ReadOnly' }, LOG_BUCKETS)).toEqual([
        {
          name: 'Management events (ReadOnly)',
          fieldSelector: [
            { field: 'eventCategory', equalTo: ['Management'] },
            { field: 'readOnly', equalTo: ['true'] },
          ],
        },
      ]);
    });

    it('leaves out high-volume sources and names them, limited to write events when asked', () => {
      const [management] = eventSelectors(
        { managementEvents: 'WriteOnly', excludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
        LOG_BUCKETS,
      );
      expect(management).toEqual({
        name: 'Management events (WriteOnly) except kms.amazonaws.com, rdsdata.amazonaws.com',
        fieldSelector: [
          { field: 'eventCategory', equalTo: ['Management'] },
          { field: 'readOnly', equalTo: ['false'] },
          { field: 'eventSource', notEquals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
        ],
      });
    });
  });

  describe('data events', () => {
    it('adds S3, Lambda and DynamoDB data events in that order', () => {
      const selectors = eventSelectors({ s3Objects: 'All', lambdaInvocations: true, dynamodbItems: true }, LOG_BUCKETS);
      expect(selectors.slice(2)).toEqual([
        {
          name: 'Lambda invocations',
          fieldSelector: [
            { field: 'eventCategory', equalTo: ['Data'] },
            { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
          ],
        },
        {
          name: 'DynamoDB item events',
          fieldSelector: [
            { field: 'eventCategory', equalTo: ['Data'] },
            { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
          ],
        },
      ]);
    });

    it('never records object events of the log buckets, each listed once', () => {
      expect(eventSelectors({ s3Objects: 'All' }, LOG_BUCKETS)[1]).toEqual({
        name: 'S3 object events (All) except the log buckets',
        fieldSelector: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'resources.ARN', notStartsWith: ['arn:aws:s3:::org-logs/', 'arn:aws:s3:::org-logs-access-logs/'] },
        ],
      });
    });

    it('limits S3 object events to reads or writes when asked', () => {
      expect(eventSelectors({ s3Objects: 'ReadOnly' }, LOG_BUCKETS)[1].fieldSelector).toEqual([
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'readOnly', equalTo: ['true'] },
        { field: 'resources.ARN', notStartsWith: ['arn:aws:s3:::org-logs/', 'arn:aws:s3:::org-logs-access-logs/'] },
      ]);
      expect(eventSelectors({ s3Objects: 'WriteOnly' }, LOG_BUCKETS)[1].fieldSelector).toContainEqual({
        field: 'readOnly',
        equalTo: ['false'],
      });
    });

    it("records no S3 object events for 'None'", () => {
      expect(eventSelectors({ s3Objects: 'None', lambdaInvocations: true }, LOG_BUCKETS).map((s) => s.name)).toEqual([
        'Management events (All)',
        'Lambda invocations',
      ]);
    });
  });

  describe("a data-events-only selection (managementEvents 'None')", () => {
    it('has no management selector, only the data events asked for', () => {
      expect(eventSelectors({ managementEvents: 'None', lambdaInvocations: true }, LOG_BUCKETS)).toEqual([
        {
          name: 'Lambda invocations',
          fieldSelector: [
            { field: 'eventCategory', equalTo: ['Data'] },
            { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
          ],
        },
      ]);
      expect(eventSelectionProblems({ managementEvents: 'None', lambdaInvocations: true })).toEqual([]);
    });

    it('is refused when it would record nothing, with Insights, or with excluded sources', () => {
      expect(eventSelectionProblems({ managementEvents: 'None' })).toEqual([
        'managementEvents: "None" with no data events records nothing. Fix: turn on s3Objects, lambdaInvocations or dynamodbItems, or record management events',
      ]);
      const problems = eventSelectionProblems({
        managementEvents: 'None',
        s3Objects: 'All',
        insights: ['ApiErrorRateInsight'],
        excludeManagementEventSources: ['kms.amazonaws.com'],
      });
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^insights need management events/);
      expect(problems[1]).toMatch(/^excludeManagementEventSources has no effect/);
    });

    it('has no problems when management events are recorded', () => {
      expect(eventSelectionProblems({ managementEvents: 'All' })).toEqual([]);
    });
  });
});
