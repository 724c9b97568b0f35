import { validateConfig } from '../../stacks/validate';
import { exampleInput, expectProblem, type Mutable, minimalInput, problemsOf, withChange } from '../support/config';

describe('config', () => {
  describe('valid configs', () => {
    it('accepts the example organization', () => {
      expect(problemsOf(exampleInput())).toEqual([]);
    });

    it('accepts a minimal config and fills secure defaults', () => {
      const result = validateConfig(minimalInput());
      if (!result.ok) throw new Error(result.problems.join('\n'));
      expect(result.config.externalAccountIds).toEqual([]);
      expect(result.config.archive.objectLock).toEqual({ enabled: true, mode: 'GOVERNANCE', retentionDays: 365 });
      expect(result.config.archive.lifecycle.transitionSmallObjects).toBe(false);
      expect(result.config.archive.lifecycle.expirationDays).toBe(2557);
      expect(result.config.deployment.backend).toEqual({ type: 'local', directory: 'terraform-state' });
      expect(result.config.deployment.roleName).toBe('OrgLoggingDeployment');
    });
  });

  describe('identifiers', () => {
    it.each([
      ['organizationId', 'o-short', 'is not an organization ID'],
      ['organizationId', 'O-ABCDEFGHIJ', 'is not an organization ID'],
      ['managementAccountId', '12345678901', 'exactly 12 digits'],
      ['logArchiveAccountId', 345678901234, 'is a number; expected a string'],
      ['auditAccountId', '12345678901a', 'exactly 12 digits'],
      ['homeRegion', 'eu-west-9', 'is not a commercial AWS region'],
      ['homeRegion', 'us-gov-west-1', 'is not a commercial AWS region'],
      ['trailName', 'ab', 'is not a valid trail name'],
      ['trailName', 'bad--name', 'is not a valid trail name'],
      ['trailName', '-starts-with-dash', 'is not a valid trail name'],
      ['trailName', '192.168.1.10', 'looks like an IP address'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(field, value), field, fragment, JSON.stringify(value));
    });

    it('names a missing required field', () => {
      const input = exampleInput() as Mutable;
      delete input.organizationId;
      expectProblem(input, 'organizationId', 'is required');
    });

    it('names a missing home region and lists the regions it may be', () => {
      const input = exampleInput() as Mutable;
      delete input.homeRegion;
      const line = expectProblem(input, 'homeRegion', 'is required. Fix: add it; use one of us-east-1');
      expect(line).not.toContain('undefined');
    });

    it('fails when the home region is not governed', () => {
      expectProblem(withChange('regions', ['eu-central-1']), 'regions', 'does not include the home region eu-west-1');
    });

    it('fails when no region is governed', () => {
      expectProblem(withChange('regions', []), 'regions', 'is empty');
    });

    it('fails on a duplicate region', () => {
      expectProblem(withChange('regions', ['eu-west-1', 'eu-west-1']), 'regions[1]', 'listed twice');
    });

    it('fails when the log archive is the management account', () => {
      const input = exampleInput() as Mutable;
      input.logArchiveAccountId = input.managementAccountId;
      expectProblem(input, 'logArchiveAccountId', 'separate log-archive account');
    });

    it('fails when an external account is an organization account', () => {
      const input = exampleInput() as Mutable;
      input.externalAccountIds = [input.auditAccountId];
      expectProblem(input, 'externalAccountIds[0]', "organization's auditAccountId");
    });

    it('fails on a duplicate external account', () => {
      expectProblem(withChange('externalAccountIds', ['567890123456', '567890123456']), 'externalAccountIds[1]', 'listed twice');
    });

    it('accepts a config without external accounts', () => {
      const input = exampleInput() as Mutable;
      delete input.externalAccountIds;
      expect(problemsOf(input)).toEqual([]);
    });
  });
});
