import { configSchema } from '../../stacks/config';
import { configWarnings } from '../../stacks/config/warnings';
import { expectProblem, problemsOf, setPath, withChange } from '../support/config';

describe('config', () => {
  describe('trail', () => {
    it('accepts a delegated administrator that creates the trail', () => {
      expect(problemsOf(withChange('trail.delegatedAdministratorAccountId', '456789012345'))).toEqual([]);
    });

    it('fails when the delegated administrator is the management account', () => {
      expectProblem(
        withChange('trail.delegatedAdministratorAccountId', '210987654321'),
        'trail.delegatedAdministratorAccountId',
        'must be a member account',
      );
    });

    it('fails when the delegated administrator is an external account', () => {
      expectProblem(
        withChange('trail.delegatedAdministratorAccountId', '567890123456'),
        'trail.delegatedAdministratorAccountId',
        'external account',
      );
    });

    it('fails when an additional delegated administrator is the management account', () => {
      expectProblem(
        withChange('trail.additionalDelegatedAdministratorAccountIds', ['210987654321']),
        'trail.additionalDelegatedAdministratorAccountIds[0]',
        'must be a member account',
      );
    });

    it('fails with more than 3 delegated administrators', () => {
      const input = withChange('trail.delegatedAdministratorAccountId', '456789012345');
      setPath(input, 'trail.additionalDelegatedAdministratorAccountIds', ['111122223333', '222233334444', '333344445555']);
      expectProblem(input, 'trail.additionalDelegatedAdministratorAccountIds', 'at most 3', 'list at most 2');
    });

    it('fails with more than 3 additional delegated administrators when none creates the trail', () => {
      const input = withChange('trail.additionalDelegatedAdministratorAccountIds', [
        '111122223333',
        '222233334444',
        '333344445555',
        '444455556666',
      ]);
      expectProblem(input, 'trail.additionalDelegatedAdministratorAccountIds', 'makes 4', 'list at most 3');
    });

    it('fails on a duplicate delegated administrator', () => {
      const input = withChange('trail.delegatedAdministratorAccountId', '456789012345');
      setPath(input, 'trail.additionalDelegatedAdministratorAccountIds', ['456789012345']);
      expectProblem(input, 'trail.additionalDelegatedAdministratorAccountIds[0]', 'listed twice');
    });

    it.each([
      ['trail.delegatedAdministratorAccountId', '4567', 'exactly 12 digits'],
      ['trail.managementEvents', 'Everything', 'Fix: use "All", "ReadOnly", "WriteOnly" or "None"'],
      ['trail.excludeManagementEventSources', ['s3.amazonaws.com'], 'Fix: use "kms.amazonaws.com" or "rdsdata.amazonaws.com"'],
      ['trail.dataEvents.s3Objects', 'Some', 'Fix: use "None", "All", "ReadOnly" or "WriteOnly"'],
      ['trail.dataEvents.lambdaInvocations', 'yes', 'must be true or false. Fix: write true or false without quotes'],
      ['trail.dataEvents.dynamodbItems', 1, 'must be true or false'],
      ['trail.insights', ['ApiCallRate'], 'Fix: use "ApiCallRateInsight" or "ApiErrorRateInsight"'],
    ])('fails when %s is %j', (field, value, fragment) => {
      const problems = problemsOf(withChange(field, value));
      expect(problems.join('\n')).toContain(fragment);
      expect(problems.some((p) => p.startsWith(field))).toBe(true);
    });

    it('fails when Insights are asked for with read-only management events', () => {
      expectProblem(withChange('trail.managementEvents', 'ReadOnly'), 'trail.insights', 'needs write management events');
    });

    it('fails on a duplicate Insights type', () => {
      expectProblem(withChange('trail.insights', ['ApiCallRateInsight', 'ApiCallRateInsight']), 'trail.insights[1]', 'listed twice');
    });

    it('fails on a duplicate excluded event source', () => {
      expectProblem(
        withChange('trail.excludeManagementEventSources', ['kms.amazonaws.com', 'kms.amazonaws.com']),
        'trail.excludeManagementEventSources[1]',
        'listed twice',
      );
    });

    describe('a data-events-only trail (managementEvents "None", beside Control Tower\'s trail)', () => {
      const dataOnly = () => {
        const input = withChange('trail.managementEvents', 'None');
        setPath(input, 'trail.insights', []);
        return input;
      };

      it('accepts it with data events and no Insights', () => {
        expect(problemsOf(dataOnly())).toEqual([]);
      });

      it('warns that the alarms on its log group never fire, naming each group and the fix', () => {
        const warnings = configWarnings(configSchema.parse(dataOnly()));
        expect(warnings).toEqual([
          expect.stringMatching(
            /^trail\.managementEvents: "None": the alarms alarms\.cis, alarms\.groups\.trailTampering, alarms\.groups\.archiveChanges, alarms\.groups\.codedeploy, alarms\.groups\.monitoringTampering watch this trail's log group, .* they never fire\. Fix: /,
          ),
        ]);
        const quiet = dataOnly();
        setPath(quiet, 'alarms', { enabled: false });
        expect(configWarnings(configSchema.parse(quiet))).toEqual([]);
      });

      it('fails when it records no data events either', () => {
        const input = dataOnly();
        setPath(input, 'trail.dataEvents', { s3Objects: 'None', lambdaInvocations: false, dynamodbItems: false });
        expectProblem(input, 'trail.managementEvents', 'the trail would record nothing');
      });

      it('fails with Insights, which analyse management events', () => {
        expectProblem(withChange('trail.managementEvents', 'None'), 'trail.insights', 'trail.managementEvents is "None"');
      });

      it('fails with excluded event sources, which mean nothing without management events', () => {
        const input = dataOnly();
        setPath(input, 'trail.excludeManagementEventSources', ['kms.amazonaws.com']);
        expectProblem(input, 'trail.excludeManagementEventSources', 'has no effect');
      });
    });
  });
});
