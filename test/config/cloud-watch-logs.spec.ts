import { expectProblem, minimalInput, problemsOf, withChange } from '../support/config';

describe('config', () => {
  describe('cloudWatchLogs', () => {
    it.each([[1], [365], [3653], [0]])('accepts a retention of %j days', (days) => {
      expect(problemsOf(withChange('cloudWatchLogs.retentionDays', days))).toEqual([]);
    });

    it.each([[2], [366], [10000], [-1]])('fails on a retention of %j days, which CloudWatch Logs does not accept', (days) => {
      expectProblem(
        withChange('cloudWatchLogs.retentionDays', days),
        'cloudWatchLogs.retentionDays',
        'is not a retention CloudWatch Logs accepts',
      );
    });

    it('fails on a retention written as text', () => {
      expectProblem(withChange('cloudWatchLogs.retentionDays', '365'), 'cloudWatchLogs.retentionDays', 'must be a number of days');
    });

    it.each([
      ['cloudWatchLogs.logGroupName', 'has spaces', 'is not a log group name'],
      ['cloudWatchLogs.logGroupName', 'x'.repeat(513), 'is not a log group name'],
      ['cloudWatchLogs.roleName', 'r'.repeat(65), 'is not an IAM role name'],
      ['cloudWatchLogs.keyAlias', 'cloudwatch', 'is not a valid KMS alias'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(field, value), field, fragment);
    });

    it('shows the derived delivery role name when a long trail name would make it too long', () => {
      const input = minimalInput();
      const trailName = 't'.repeat(60);
      input.trailName = trailName;
      const line = expectProblem(input, 'cloudWatchLogs.roleName', 'set cloudWatchLogs.roleName');
      expect(line).toBe(
        `cloudWatchLogs.roleName: "${trailName}-cloudwatch-logs" (derived from trailName + "-cloudwatch-logs") is 76 characters; IAM role names have at most 64. Fix: set cloudWatchLogs.roleName`,
      );
    });

    it('accepts a long trail name when the delivery role is named', () => {
      const input = minimalInput();
      input.trailName = 't'.repeat(60);
      input.cloudWatchLogs = { roleName: 'org-trail-cloudwatch-logs' };
      expect(problemsOf(input)).toEqual([]);
    });
  });
});
