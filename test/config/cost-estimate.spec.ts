import { COST_ESTIMATE_DEFAULTS, configSchema, costEstimateNote, costEstimateSection } from '../../stacks/config';
import { COST_INPUT_DEFAULTS } from '../../tooling/review/cost/inputs';
import { exampleConfig, expectProblem, type Mutable, minimalInput, problemsOf, withChange } from '../support/config';

describe('config', () => {
  describe('costEstimate', () => {
    it('accepts the example, which states its volume, data events included', () => {
      expect(problemsOf(withChange('costEstimate.memberAccounts', 120))).toEqual([]);
      expect(exampleConfig().costEstimate).toEqual({
        memberAccounts: 120,
        managementEventsPerAccountMonth: 1_500_000,
        dataEventsPerAccountMonth: 4_000_000,
        eventBytes: 1500,
        compressedEventBytes: 150,
        deploymentEventsPerAccountMonth: 2000,
        otherManagementEventTrails: 0,
      });
    });

    it('defaults to a mid-size organization without data events when the section is left out', () => {
      expect(costEstimateSection.parse({})).toEqual({
        memberAccounts: 50,
        managementEventsPerAccountMonth: 1_000_000,
        dataEventsPerAccountMonth: 0,
        eventBytes: 1500,
        compressedEventBytes: 150,
        deploymentEventsPerAccountMonth: 1000,
        otherManagementEventTrails: 0,
      });
      expect(configSchema.parse(minimalInput()).costEstimate).toEqual(costEstimateSection.parse({}));
    });

    it('has the defaults the review falls back to when an app recorded no volume (one set, in modules/cost-estimate.ts)', () => {
      const { governedRegions, ...review } = COST_INPUT_DEFAULTS;
      expect(review).toEqual(COST_ESTIMATE_DEFAULTS);
      expect(governedRegions).toBe(1);
    });

    it.each<[string, unknown, string]>([
      ['memberAccounts', '50', 'must be a number of accounts. Fix: write a whole number'],
      ['memberAccounts', 12.5, 'must be a whole number of accounts. Fix: write it without decimals'],
      ['memberAccounts', 0, 'is 0, but the log-archive and audit accounts are members'],
      ['memberAccounts', 100_001, 'is more than 100,000 accounts'],
      ['managementEventsPerAccountMonth', -1, 'cannot be negative. Fix: write 0 or more events'],
      ['managementEventsPerAccountMonth', 1e11, 'is more than 10,000,000,000 events'],
      ['dataEventsPerAccountMonth', 1.5, 'must be a whole number of events'],
      ['eventBytes', 100, 'is below 200 bytes, smaller than any CloudTrail event. Fix: use 200 or more'],
      ['eventBytes', 300_000, 'is above 262144 bytes; CloudTrail events are at most 256 KB'],
      ['compressedEventBytes', 5, 'is below 10 bytes'],
      ['compressedEventBytes', true, 'must be a number of bytes (compressed event)'],
      ['deploymentEventsPerAccountMonth', null, 'must be a number of events'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(`costEstimate.${field}`, value), `costEstimate.${field}`, fragment);
    });

    it('fails on an unknown field, with the closest known name', () => {
      expectProblem(withChange('costEstimate.memberAcounts', 80), 'costEstimate.memberAcounts', 'is not a known field', 'memberAccounts');
    });

    describe('cross-field rules', () => {
      it('fails when memberAccounts is fewer than the member accounts the config names, and lists them', () => {
        const input = withChange('costEstimate.memberAccounts', 1);
        const line = expectProblem(input, 'costEstimate.memberAccounts', 'is fewer than the 2 member accounts this config names');
        expect(line).toBe(
          'costEstimate.memberAccounts: 1 is fewer than the 2 member accounts this config names (345678901234, 456789012345). Fix: count every account of the organization except the management account',
        );
      });

      it('counts delegated administrators as members', () => {
        const input = withChange('costEstimate.memberAccounts', 2);
        expect(problemsOf(input)).toEqual([]);
        (input.trail as Mutable).delegatedAdministratorAccountId = '111122223333';
        expectProblem(input, 'costEstimate.memberAccounts', 'is fewer than the 3 member accounts', '111122223333');
      });

      it('fails when a compressed event is larger than the event', () => {
        const line = expectProblem(withChange('costEstimate.compressedEventBytes', 2000), 'costEstimate.compressedEventBytes');
        expect(line).toBe(
          'costEstimate.compressedEventBytes: 2000 is more than eventBytes (1500); the gzip log files hold events smaller than their JSON. Fix: use at most 1500 (about a tenth of it is typical)',
        );
      });

      it('fails when data events are counted but the trail records none, and accepts 0', () => {
        const input = withChange('trail.dataEvents', { s3Objects: 'None', lambdaInvocations: false, dynamodbItems: false });
        expectProblem(input, 'costEstimate.dataEventsPerAccountMonth', 'counts data events, but the trail records none (trail.dataEvents)');
        (input.costEstimate as Mutable).dataEventsPerAccountMonth = 0;
        expect(problemsOf(input)).toEqual([]);
      });

      it('accepts data events when only DynamoDB item events are recorded', () => {
        const input = withChange('trail.dataEvents', { s3Objects: 'None', lambdaInvocations: false, dynamodbItems: true });
        expect(problemsOf(input)).toEqual([]);
      });
    });

    describe('the note recorded for the review', () => {
      it('names every field and the governed regions as name=value pairs after a fixed prefix', () => {
        expect(costEstimateNote(exampleConfig())).toBe(
          'cost estimate inputs (costEstimate, priced by npm run review): memberAccounts=120 managementEventsPerAccountMonth=1500000 dataEventsPerAccountMonth=4000000 eventBytes=1500 compressedEventBytes=150 deploymentEventsPerAccountMonth=2000 otherManagementEventTrails=0 governedRegions=3',
        );
      });
    });
  });
});
