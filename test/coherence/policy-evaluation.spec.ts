import { Fn } from 'cdktf';
import { evaluate, type ServiceRequest } from '../../modules/coherence/policy-evaluation';
import { wildcardMatch } from '../../modules/policy';
import { PolicyDocument, type PolicyDocumentJson, PolicyStatement, type PolicyStatementJson } from '../../modules/policy-document';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org';
const OBJECT = 'arn:aws:s3:::logs/AWSLogs/111111111111/CloudTrail/us-east-1/2025/01/01/file.json.gz';

const write: ServiceRequest = {
  service: 'cloudtrail.amazonaws.com',
  action: 's3:PutObject',
  resource: OBJECT,
  context: { 'aws:SourceArn': TRAIL, 's3:x-amz-acl': 'bucket-owner-full-control' },
};

const policy = (...statements: PolicyStatementJson[]): PolicyDocumentJson => ({ Version: '2012-10-17', Statement: statements });

const allowWrite = (overrides: Partial<PolicyStatementJson> = {}): PolicyStatementJson => ({
  Sid: 'AllowWrite',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::logs/AWSLogs/111111111111/*',
  Condition: { StringEquals: { 'aws:SourceArn': TRAIL, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  ...overrides,
});

describe('policy evaluation at synth', () => {
  it('allows a request every element of an Allow statement matches', () => {
    expect(evaluate(policy(allowWrite()), write)).toEqual({ outcome: 'allowed' });
  });

  it('refuses a request no statement allows: another path, another source, another principal', () => {
    expect(evaluate(policy(allowWrite({ Resource: 'arn:aws:s3:::logs/prefix/AWSLogs/111111111111/*' })), write).outcome).toBe(
      'not-allowed',
    );
    expect(evaluate(policy(allowWrite({ Condition: { StringEquals: { 'aws:SourceArn': `${TRAIL}-2` } } })), write).outcome).toBe(
      'not-allowed',
    );
    expect(evaluate(policy(allowWrite({ Principal: { AWS: 'arn:aws:iam::111111111111:root' } })), write).outcome).toBe('not-allowed');
    expect(evaluate(policy(), write).outcome).toBe('not-allowed');
  });

  it('lets an explicit Deny win, naming it', () => {
    const deny = allowWrite({ Sid: 'DenyWrites', Effect: 'Deny', Principal: '*', Condition: undefined });
    expect(evaluate(policy(allowWrite(), deny), write)).toEqual({ outcome: 'denied', sid: 'DenyWrites' });
  });

  it('matches actions case-insensitively with wildcards, resources and String/ArnLike values with wildcards', () => {
    expect(evaluate(policy(allowWrite({ Action: ['S3:Put*'] })), write).outcome).toBe('allowed');
    expect(evaluate(policy(allowWrite({ Resource: 'arn:aws:s3:::logs/AWSLogs/11111111111?/*' })), write).outcome).toBe('allowed');
    const like = allowWrite({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111111111111:trail/*' } } });
    expect(evaluate(policy(like), write).outcome).toBe('allowed');
    // Per ARN component: a wildcard in the region does not swallow the account.
    const otherAccount = allowWrite({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:222222222222:trail/*' } } });
    expect(evaluate(policy(otherAccount), write).outcome).toBe('not-allowed');
    expect(wildcardMatch('kms:GenerateDataKey*', 'KMS:GenerateDataKey', { ignoreCase: true })).toBe(true);
    expect(wildcardMatch('a.b', 'aXb')).toBe(false);
  });

  it('reads negated and IfExists operators the way IAM does when the key is present', () => {
    const exceptCloudTrail = {
      Sid: 'DenyOthers',
      Effect: 'Deny' as const,
      Principal: '*',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::logs/*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' } },
    };
    const asCloudTrail = { ...write, context: { ...write.context, 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' } };
    expect(evaluate(policy(allowWrite(), exceptCloudTrail), asCloudTrail).outcome).toBe('allowed');
    const asOther = { ...write, context: { ...write.context, 'aws:PrincipalServiceName': 'other.amazonaws.com' } };
    expect(evaluate(policy(allowWrite(), exceptCloudTrail), asOther)).toEqual({ outcome: 'denied', sid: 'DenyOthers' });
  });

  it('cannot tell when a statement depends on what synth does not know, and then reports nothing', () => {
    // A condition key outside the modelled request context.
    const unknownKey = allowWrite({ Condition: { StringEquals: { 'aws:SourceOrgID': 'o-abcdefghij' } } });
    expect(evaluate(policy(unknownKey), write).outcome).toBe('unknown');
    // A Terraform token as a resource or a condition value.
    const token = Fn.join('', ['arn:aws:s3:::', Fn.lower('LOGS'), '/*']);
    expect(evaluate(policy(allowWrite({ Resource: token })), write).outcome).toBe('unknown');
    expect(evaluate(policy(allowWrite({ Condition: { StringEquals: { 'aws:SourceArn': token } } })), write).outcome).toBe('unknown');
    // A resource known only after apply matches "*" for sure, and nothing else.
    const keyRequest = { ...write, resource: undefined };
    expect(evaluate(policy(allowWrite({ Resource: '*' })), keyRequest).outcome).toBe('allowed');
    expect(evaluate(policy(allowWrite()), keyRequest).outcome).toBe('unknown');
    // A Deny that may or may not apply does not make the request refused.
    const maybeDeny = allowWrite({ Sid: 'MaybeDeny', Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(evaluate(policy(allowWrite(), maybeDeny), write).outcome).toBe('allowed');
  });

  it('reads a condition on a key the service certainly does not send as IAM reads a missing key', () => {
    const withoutSource: ServiceRequest = { ...write, context: { 's3:x-amz-acl': 'bucket-owner-full-control' }, absent: ['aws:SourceArn'] };
    const on = (operator: string, value: string = TRAIL) =>
      evaluate(policy(allowWrite({ Condition: { [operator]: { 'aws:SourceArn': value } } })), withoutSource).outcome;
    // Matching operators fail, their IfExists forms and the negated operators hold.
    expect(on('StringEquals')).toBe('not-allowed');
    expect(on('ArnLike')).toBe('not-allowed');
    expect(on('ForAnyValue:StringEquals')).toBe('not-allowed');
    expect(on('StringEqualsIfExists')).toBe('allowed');
    expect(on('ArnNotEquals')).toBe('allowed');
    expect(on('ForAllValues:StringEquals')).toBe('allowed');
    expect(on('Null', 'true')).toBe('allowed');
    expect(on('Null', 'false')).toBe('not-allowed');
    // Without `absent` the same key is unknown, not missing: nothing is reported.
    expect(evaluate(policy(allowWrite()), { ...withoutSource, absent: undefined }).outcome).toBe('unknown');
    // A key sent anyway is read as sent.
    expect(evaluate(policy(allowWrite()), { ...write, absent: ['aws:SourceArn'] }).outcome).toBe('allowed');
  });

  it('evaluates the JSON the policy builder renders', () => {
    const doc = new PolicyDocument([
      new PolicyStatement({
        sid: 'AllowWrite',
        principal: { Service: 'cloudtrail.amazonaws.com' },
        actions: ['s3:PutObject'],
        resources: ['arn:aws:s3:::logs/AWSLogs/111111111111/*'],
        conditions: { StringEquals: { 'aws:SourceArn': [TRAIL, `${TRAIL}-2`] } },
      }),
    ]);
    expect(evaluate(doc.toJSON(), write).outcome).toBe('allowed');
  });
});
