import { exampleInput, expectProblem, type Mutable, problemsOf, setPath, withChange } from '../support/config';

describe('config', () => {
  describe('deployment', () => {
    it.each([
      ['deployment.roleName', 'role with spaces', 'is not an IAM role name'],
      ['deployment.backend.bucket', 'Bad_Bucket', 'is not a valid S3 bucket name'],
      ['deployment.backend.region', 'mars-1', 'is not a commercial AWS region'],
      ['deployment.backend.keyPrefix', 'state prefix', 'is not a usable S3 key prefix'],
      ['deployment.backend.kmsKeyId', 'my-key', 'is not a KMS key or alias ARN'],
      ['deployment.backend.roleArn', 'arn:aws:iam::123:role/x', 'is not an IAM role ARN'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(field, value), field, fragment);
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
