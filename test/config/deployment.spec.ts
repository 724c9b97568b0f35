import { archiveAdministrators, configSchema, DEFAULT_DEPLOYMENT_ROLE, deploymentRoleName } from '../../stacks/config';
import { deploymentWarnings } from '../../stacks/config/deployment';
import { configWarnings } from '../../stacks/config/warnings';
import { exampleConfig, exampleInput, expectProblem, type Mutable, minimalInput, problemsOf, setPath, withChange } from '../support/config';

const REQUIRED_ROLE =
  'deployment.managementAccountRoleName: is required: the role Terraform assumes in the management account (210987654321) has no safe default (Organizations creates OrganizationAccountAccessRole only in member accounts it created, never in the management account). Fix: name a role that exists there and trusts whoever runs terraform';

describe('config', () => {
  describe('deployment', () => {
    it.each([
      ['deployment.roleName', 'role with spaces', 'is not an IAM role name'],
      ['deployment.managementAccountRoleName', 'role with spaces', 'is not an IAM role name'],
      ['deployment.managementAccountRoleName', 'r'.repeat(65), 'is not an IAM role name'],
      ['deployment.breakGlassRoleName', 'break/glass', 'is not an IAM role name'],
      ['deployment.backend.bucket', 'Bad_Bucket', 'is not a valid S3 bucket name'],
      ['deployment.backend.region', 'mars-1', 'is not a commercial AWS region'],
      ['deployment.backend.keyPrefix', 'state prefix', 'is not a usable S3 key prefix'],
      ['deployment.backend.kmsKeyId', 'my-key', 'is not a KMS key or alias ARN'],
      ['deployment.backend.roleArn', 'arn:aws:iam::123:role/x', 'is not an IAM role ARN'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(field, value), field, fragment);
    });

    describe('managementAccountRoleName', () => {
      it('fails when it is left out: no role exists in every management account', () => {
        const input = exampleInput() as Mutable & { deployment: Mutable };
        delete input.deployment.managementAccountRoleName;
        expectProblem(input, 'deployment.managementAccountRoleName', 'is required', 'Fix: name a role that exists there');
        expect(problemsOf(input)).toEqual([REQUIRED_ROLE]);
      });

      it('fails when the whole deployment section is left out', () => {
        const input = exampleInput() as Mutable;
        delete input.deployment;
        expect(problemsOf(input)).toEqual([REQUIRED_ROLE]);
      });

      it('fails on OrganizationAccountAccessRole, which Organizations never creates in the management account', () => {
        const line = expectProblem(
          withChange('deployment.managementAccountRoleName', 'OrganizationAccountAccessRole'),
          'deployment.managementAccountRoleName',
          'cannot exist in the management account',
        );
        expect(line).toBe(
          'deployment.managementAccountRoleName: "OrganizationAccountAccessRole" cannot exist in the management account: Organizations creates OrganizationAccountAccessRole only in member accounts it created, never in the management account. Fix: create a dedicated role there and name it here',
        );
      });

      it('may be the same name as the member accounts role when that is not OrganizationAccountAccessRole', () => {
        const input = withChange('deployment.roleName', 'platform-terraform');
        setPath(input, 'deployment.managementAccountRoleName', 'platform-terraform');
        expect(problemsOf(input)).toEqual([]);
      });

      it('is the role assumed in the management account; every member account keeps deployment.roleName', () => {
        const config = exampleConfig();
        expect(deploymentRoleName(config, config.managementAccountId)).toBe('acme-platform-deployer');
        for (const account of [config.logArchiveAccountId, config.auditAccountId, ...config.externalAccountIds]) {
          expect(deploymentRoleName(config, account)).toBe(DEFAULT_DEPLOYMENT_ROLE);
        }
      });
    });

    describe('roleName', () => {
      it('defaults to a dedicated role, OrgLoggingDeployment, which the README shows how to create', () => {
        expect(DEFAULT_DEPLOYMENT_ROLE).toBe('OrgLoggingDeployment');
        expect(configSchema.parse(minimalInput()).deployment.roleName).toBe('OrgLoggingDeployment');
        expect(deploymentWarnings(configSchema.parse(minimalInput()))).toEqual([]);
      });

      it('accepts OrganizationAccountAccessRole as a named choice, with a warning that says why it is weaker', () => {
        const input = withChange('deployment.roleName', 'OrganizationAccountAccessRole');
        expect(problemsOf(input)).toEqual([]);
        expect(configWarnings(configSchema.parse(input))).toEqual([
          'deployment.roleName: "OrganizationAccountAccessRole" trusts the whole management account (210987654321): anyone there allowed sts:AssumeRole on it becomes the deployment role, which the archive\'s bucket and key policies name as their administrator and the guardrails exempt, so every such principal is trusted with the evidence. Fix: create a dedicated role trusted only by whoever runs Terraform (README, Prerequisites) and set deployment.roleName to its name (default "OrgLoggingDeployment")',
        ]);
      });
    });

    describe('breakGlassRoleName', () => {
      it('is optional', () => {
        const input = exampleInput() as Mutable & { deployment: Mutable };
        delete input.deployment.breakGlassRoleName;
        expect(problemsOf(input)).toEqual([]);
        expect(problemsOf(minimalInput())).toEqual([]);
      });

      it('fails when it is the deployment role (the default one)', () => {
        const input = withChange('deployment.breakGlassRoleName', 'OrgLoggingDeployment');
        delete (input.deployment as Mutable).roleName;
        const line = expectProblem(
          input,
          'deployment.breakGlassRoleName',
          'is the deployment role',
          'Fix: name another role, or leave it out',
        );
        expect(line).toBe(
          'deployment.breakGlassRoleName: "OrgLoggingDeployment" is the deployment role; a break-glass role is a separate, rarely used role that can recover the archive and its keys. Fix: name another role, or leave it out',
        );
      });

      it('fails when it is a configured deployment role', () => {
        const input = withChange('deployment.roleName', 'platform-terraform');
        setPath(input, 'deployment.breakGlassRoleName', 'platform-terraform');
        expectProblem(input, 'deployment.breakGlassRoleName', '"platform-terraform" is the deployment role');
      });

      it("makes the archive administrators the log-archive account's deployment role and, when configured, the break-glass role", () => {
        const config = exampleConfig();
        expect(archiveAdministrators(config, config.logArchiveAccountId)).toEqual({
          deploymentRoleArn: 'arn:aws:iam::345678901234:role/OrgLoggingDeployment',
          breakGlassRoleArn: 'arn:aws:iam::345678901234:role/acme-log-archive-break-glass',
        });
        const without = configSchema.parse(minimalInput());
        expect(archiveAdministrators(without, without.logArchiveAccountId)).toEqual({
          deploymentRoleArn: 'arn:aws:iam::222222222222:role/OrgLoggingDeployment',
        });
      });
    });

    it('fails on a backend type it does not know and names the ones it does', () => {
      expectProblem(withChange('deployment.backend', { type: 'gcs' }), 'deployment.backend.type', 'needs a "type" of "local" or "s3"');
    });

    it('names a backend without a type', () => {
      const input = exampleInput();
      delete (input.deployment as Mutable & { backend: Mutable }).backend.type;
      expectProblem(input, 'deployment.backend.type', 'is required. Fix: add it; write "type": "local"');
    });

    it('accepts a local backend and fails on an empty state folder', () => {
      expect(problemsOf(withChange('deployment.backend', { type: 'local' }))).toEqual([]);
      expectProblem(withChange('deployment.backend', { type: 'local', directory: '' }), 'deployment.backend.directory', 'is empty');
    });

    it('fails on an S3 setting in a local backend and lists the fields a local backend has', () => {
      expectProblem(
        withChange('deployment.backend', { type: 'local', bucket: 'state-bucket' }),
        'deployment.backend.bucket',
        'is not a known field',
        'Fix: remove it (known fields: type, directory)',
      );
    });

    it('fails on a reserved tag key', () => {
      expectProblem(
        withChange('deployment.defaultTags', { 'aws:owner': 'x' }),
        'deployment.defaultTags["aws:owner"]',
        '"aws:" is reserved',
      );
    });

    it('names an empty tag key once', () => {
      const problems = problemsOf(withChange('deployment.defaultTags', { '': 'x' }));
      expect(problems).toEqual(['deployment.defaultTags[""]: "" is an empty tag key. Fix: name the tag']);
    });

    it('fails on a tag value that is too long', () => {
      const input = withChange('deployment.defaultTags', {});
      setPath(input, 'deployment.defaultTags.Owner', 'o'.repeat(257));
      expectProblem(input, 'deployment.defaultTags.Owner', 'longer than 256 characters');
    });

    it('asks for an object, not a "record", when tags are written as a list', () => {
      expectProblem(
        withChange('deployment.defaultTags', ['Owner=me']),
        'deployment.defaultTags',
        'is a list; expected an object. Fix: write an object',
      );
    });
  });
});
