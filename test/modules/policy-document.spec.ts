import { Construct } from 'constructs';
import { addPolicySizeValidation, PolicyDocument, PolicyStatement } from '../../modules/policy-document';
import { testStack } from '../support/synth';

const read = (sid: string) => new PolicyStatement({ sid, actions: ['s3:GetObject'], resources: ['*'] });

describe('PolicyStatement', () => {
  describe('Sid', () => {
    it('rejects Sids AWS would refuse, naming the Sid', () => {
      expect(() => new PolicyStatement({ sid: 'Not allowed!', actions: ['s3:GetObject'], resources: ['*'] })).toThrow(
        'PolicyStatement: Sid "Not allowed!" must be alphanumeric',
      );
      expect(() => new PolicyStatement({ sid: 'Deny-Insecure', actions: ['s3:GetObject'], resources: ['*'] })).toThrow(/alphanumeric/);
      expect(() => new PolicyStatement({ sid: '', actions: ['s3:GetObject'], resources: ['*'] })).toThrow(/alphanumeric/);
    });

    it('accepts letters and digits', () => {
      expect(new PolicyStatement({ sid: 'AllowCloudTrailWriteAccount444444444444Path', actions: ['s3:PutObject'] }).sid).toBe(
        'AllowCloudTrailWriteAccount444444444444Path',
      );
    });
  });

  describe('shape', () => {
    it('needs at least one action', () => {
      expect(() => new PolicyStatement({ sid: 'Empty', actions: [], resources: ['*'] })).toThrow(
        'PolicyStatement Empty: needs at least one action, and at least one resource when resources are given',
      );
    });

    it('needs at least one resource when resources are given', () => {
      expect(() => new PolicyStatement({ sid: 'NoResource', actions: ['s3:GetObject'], resources: [] })).toThrow(/at least one resource/);
    });

    it('omits Principal and Resource when not given, as identity and trust policies do', () => {
      expect(new PolicyStatement({ sid: 'Trust', actions: ['sts:AssumeRole'] }).toJSON()).toEqual({
        Sid: 'Trust',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
      });
    });
  });

  describe('rendering', () => {
    it('allows by default and denies when asked', () => {
      expect(read('A').effect).toBe('Allow');
      expect(new PolicyStatement({ sid: 'D', effect: 'Deny', actions: ['s3:*'], resources: ['*'] }).toJSON().Effect).toBe('Deny');
    });

    it('renders single values as scalars and several as lists, in the order given, without duplicates', () => {
      const statement = new PolicyStatement({
        sid: 'Mixed',
        principal: { AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root', 'arn:aws:iam::111111111111:root'] },
        actions: ['s3:GetObject', 's3:GetObject'],
        resources: ['arn:aws:s3:::b/*', 'arn:aws:s3:::a/*'],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij', 'aws:SourceAccount': ['111111111111'] },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
          Bool: { 'aws:SecureTransport': 'false' },
        },
      });
      expect(statement.toJSON()).toEqual({
        Sid: 'Mixed',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root'] },
        Action: 's3:GetObject',
        Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::a/*'],
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij', 'aws:SourceAccount': '111111111111' },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
          Bool: { 'aws:SecureTransport': 'false' },
        },
      });
    });

    it('renders the anonymous principal as "*" and a service principal as Service', () => {
      expect(new PolicyStatement({ sid: 'Any', principal: '*', actions: ['s3:*'], resources: ['*'] }).toJSON().Principal).toBe('*');
      expect(
        new PolicyStatement({
          sid: 'Svc',
          principal: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['s3:PutObject'],
          resources: ['*'],
        }).toJSON().Principal,
      ).toEqual({ Service: 'cloudtrail.amazonaws.com' });
      expect(
        new PolicyStatement({
          sid: 'Svcs',
          principal: { Service: ['cloudtrail.amazonaws.com', 'config.amazonaws.com'] },
          actions: ['s3:PutObject'],
          resources: ['*'],
        }).toJSON().Principal,
      ).toEqual({ Service: ['cloudtrail.amazonaws.com', 'config.amazonaws.com'] });
    });

    it('leaves out an empty condition block', () => {
      expect(
        new PolicyStatement({ sid: 'NoCondition', actions: ['s3:GetObject'], resources: ['*'], conditions: {} }).toJSON(),
      ).not.toHaveProperty('Condition');
    });
  });
});

describe('PolicyDocument', () => {
  describe('Sids', () => {
    it('rejects a duplicate Sid added later', () => {
      const doc = new PolicyDocument([read('A')]);
      expect(() => doc.addStatements(new PolicyStatement({ sid: 'A', actions: ['s3:PutObject'], resources: ['*'] }))).toThrow(
        'PolicyDocument: duplicate Sid "A"',
      );
    });

    it('rejects a duplicate Sid given to the constructor', () => {
      expect(() => new PolicyDocument([read('A'), read('B'), read('A')])).toThrow(/duplicate Sid "A"/);
    });

    it('keeps statements in the order added', () => {
      const doc = new PolicyDocument([read('First')]);
      doc.addStatements(read('Second'), read('Third'));
      expect(doc.sids).toEqual(['First', 'Second', 'Third']);
      expect(doc.statementCount).toBe(3);
    });
  });

  describe('rendering', () => {
    it('renders minified JSON with the 2012-10-17 version', () => {
      const doc = new PolicyDocument([
        new PolicyStatement({
          sid: 'One',
          principal: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['s3:PutObject'],
          resources: ['arn:aws:s3:::b/*'],
        }),
      ]);
      expect(doc.render()).toBe(
        '{"Version":"2012-10-17","Statement":[{"Sid":"One","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}',
      );
    });

    it('renders an empty document with an empty statement list', () => {
      expect(new PolicyDocument().toJSON()).toEqual({ Version: '2012-10-17', Statement: [] });
    });
  });

  describe('size', () => {
    it('counts UTF-8 bytes, not characters, as AWS measures policies', () => {
      // é is 2 bytes in 1 UTF-16 unit, € 3 bytes in 1 unit, 😀 4 bytes in 2 units: 5 bytes more than units.
      const doc = new PolicyDocument([
        new PolicyStatement({ sid: 'Unicode', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::logs/é€😀'] }),
      ]);
      const ascii = new PolicyDocument([
        new PolicyStatement({ sid: 'Unicode', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::logs/abcd'] }),
      ]);
      expect(doc.render().length).toBe(ascii.render().length);
      expect(doc.sizeBytes).toBe(doc.render().length + 5);
      expect(doc.sizeBytes).toBe(ascii.sizeBytes + 5);
    });
  });
});

describe('addPolicySizeValidation', () => {
  const withValidation = (limit: number) => {
    const owner = new Construct(testStack(), 'Owner');
    const doc = new PolicyDocument([read('A')]);
    addPolicySizeValidation(owner, 'a test policy', limit, () => doc);
    return { owner, size: doc.sizeBytes };
  };

  it('passes a policy exactly at the limit', () => {
    const size = withValidation(0).size;
    expect(withValidation(size).owner.node.validate()).toEqual([]);
  });

  it('fails a policy one byte over the limit, naming the construct, the size, the kind and the limit', () => {
    const size = withValidation(0).size;
    expect(withValidation(size - 1).owner.node.validate()).toEqual([
      `test/Owner: policy is ${size} bytes; a test policy holds at most ${size - 1} bytes`,
    ]);
  });
});
