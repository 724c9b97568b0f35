/**
 * modules/policy: the one IAM policy model (statement, principal, condition) and the one wildcard
 * matcher that the coherence checks, the rule pack and the review share.
 */
import {
  actionMatches,
  admitsAnyone,
  allowCovered,
  conditionKeyIs,
  conditionValueMatches,
  grantsAction,
  missingKeyHolds,
  normalizeStatement,
  parsePolicyDocument,
  principalAccounts,
  principalIds,
  restrictingConditions,
  statementKey,
  wildcardMatch,
} from '../../modules/policy';

describe('policy model > normalizeStatement', () => {
  it('makes lists of single values, sorts and dedupes them, lowercases service prefixes and stringifies condition values', () => {
    expect(
      normalizeStatement({
        Sid: 'X',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com', AWS: ['arn:aws:iam::1:root', 'arn:aws:iam::1:root'] },
        Action: ['SNS:Publish', 'kms:Decrypt'],
        Resource: 'arn:aws:sns:eu-west-1:1:t',
        Condition: { Bool: { 'aws:SecureTransport': false }, StringEquals: { 'aws:SourceArn': ['b', 'a'] } },
      }),
    ).toEqual({
      sid: 'X',
      effect: 'Allow',
      principals: [
        { type: 'AWS', id: 'arn:aws:iam::1:root' },
        { type: 'Service', id: 'sns.amazonaws.com' },
      ],
      notPrincipals: [],
      actions: ['kms:Decrypt', 'sns:Publish'],
      notActions: [],
      resources: ['arn:aws:sns:eu-west-1:1:t'],
      notResources: [],
      conditions: [
        { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
        { operator: 'StringEquals', key: 'aws:SourceArn', values: ['a', 'b'] },
      ],
    });
  });

  it('tells the wildcard principal from an AWS wildcard and keeps Not* elements apart', () => {
    const s = normalizeStatement({ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', NotResource: ['arn:aws:s3:::b/*'] });
    expect([s.principals, s.notActions, s.notResources, s.actions]).toEqual([
      [{ type: '*', id: '*' }],
      ['s3:GetObject'],
      ['arn:aws:s3:::b/*'],
      [],
    ]);
    expect(normalizeStatement({ Effect: 'Allow', Principal: { AWS: '*' } }).principals).toEqual([{ type: 'AWS', id: '*' }]);
  });

  it('identifies a statement by its Sid, else by its content', () => {
    expect(statementKey(normalizeStatement({ Sid: 'A', Effect: 'Allow' }))).toBe('A');
    expect(statementKey(normalizeStatement({ Effect: 'Allow', Action: 'a:b' }))).toBe(
      statementKey(normalizeStatement({ Effect: 'Allow', Action: ['a:b'] })),
    );
  });
});

describe('policy model > parsePolicyDocument', () => {
  it('reads JSON text or objects, a single statement object too, and reports what it cannot read', () => {
    expect(parsePolicyDocument('{"Statement":{"Effect":"Deny","Action":"*"}}').statements).toHaveLength(1);
    expect(parsePolicyDocument('not json').problems).toEqual(['not a JSON policy document']);
    expect(parsePolicyDocument({ Version: '2012-10-17' }).problems).toEqual(['has no Statement']);
    expect(parsePolicyDocument({ Statement: [{ Action: 'a:b' }] }).problems).toEqual(['statement 1 has no Effect Allow or Deny']);
  });
});

describe('policy model > actionMatches', () => {
  it.each([
    ['s3:*', 's3:GetObject', true],
    ['s3:Get*', 's3:getobject', true],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKey', true],
    ['*', 'sqs:SendMessage', true],
    ['s3:Put*', 's3:GetObject', false],
    ['s3:GetObject?', 's3:GetObject', false],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
});

describe('policy model > wildcardMatch', () => {
  it.each([
    ['arn:aws:s3:::logs/*', 'arn:aws:s3:::logs/AWSLogs/1/x.json.gz', {}, true],
    ['arn:aws:s3:::logs/*', 'arn:aws:s3:::LOGS/a', {}, false],
    ['arn:aws:s3:::logs/*', 'arn:aws:s3:::LOGS/a', { ignoreCase: true }, true],
    ['a.b', 'aXb', {}, false],
    ['a+b(c)', 'a+b(c)', {}, true],
    ['line*', 'line one\nline two', {}, true],
    ['external-account-*/aws_cloudtrail.*', 'external-account-1/aws_cloudtrail.Trail', { segments: true }, true],
    ['organization-trail/*', 'organization-trail/CloudWatchLogs/DeliveryRole', { segments: true }, false],
    ['organization-trail/**', 'organization-trail/CloudWatchLogs/DeliveryRole', { segments: true }, true],
    ['trail/Role?', 'trail/Role1', { segments: true }, true],
    ['trail?Role', 'trail/Role', { segments: true }, false],
    ['trail?Role', 'trail/Role', {}, true],
  ])('%s against %j with %j: %s', (pattern, value, options, expected) => {
    expect(wildcardMatch(pattern, value, options)).toBe(expected);
  });
});

describe('policy model > statements', () => {
  const statement = normalizeStatement({
    Effect: 'Allow',
    Principal: { AWS: ['arn:aws:iam::111122223333:role/Reader', '444455556666'], Service: 'cloudtrail.amazonaws.com' },
    NotAction: 's3:Delete*',
    Resource: '*',
  });

  it('grants what a NotAction leaves out, and nothing it names', () => {
    expect(grantsAction(statement, 's3:GetObject')).toBe(true);
    expect(grantsAction(statement, 'S3:DeleteObject')).toBe(false);
    expect(grantsAction(normalizeStatement({ Effect: 'Allow', Action: 's3:Get*' }), 's3:PutObject')).toBe(false);
  });

  it('names principals by type and the accounts AWS principals belong to', () => {
    expect(principalIds(statement, 'Service')).toEqual(['cloudtrail.amazonaws.com']);
    expect(principalAccounts(principalIds(statement, 'AWS'))).toEqual(['444455556666', '111122223333']);
    expect(principalAccounts(['arn:aws:sts::777788889999:assumed-role/R/s', 'arn:aws:iam::*:root', '*'])).toEqual(['777788889999']);
  });

  it('admits anyone through "*" or an AWS "*", not through a named principal', () => {
    expect(admitsAnyone(normalizeStatement({ Effect: 'Allow', Principal: '*' }))).toBe(true);
    expect(admitsAnyone(normalizeStatement({ Effect: 'Allow', Principal: { AWS: ['*'] } }))).toBe(true);
    expect(admitsAnyone(statement)).toBe(false);
  });
});

describe('policy model > conditions', () => {
  const scoped = normalizeStatement({
    Effect: 'Allow',
    Principal: { Service: 'sns.amazonaws.com' },
    Condition: {
      ArnLike: { 'AWS:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*' },
      StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' },
      StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:eu-west-1:111122223333:t', 'aws:SourceOrgID': '*' },
    },
  });

  it('compares condition keys case-insensitively, by prefix for a key ending in *', () => {
    expect(conditionKeyIs(scoped.conditions[0], 'aws:sourcearn')).toBe(true);
    expect(scoped.conditions.filter((c) => conditionKeyIs(c, 'kms:encryptioncontext:*')).map((c) => c.key)).toEqual([
      'kms:EncryptionContext:aws:sns:topicArn',
    ]);
  });

  it('counts only positive operators with a real value as restricting, never IfExists or a bare *', () => {
    expect(restrictingConditions(scoped, ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID']).map((c) => c.key)).toEqual([
      'AWS:SourceArn',
    ]);
  });

  it('does not count a Like pattern of only wildcards (** or ?*) as restricting: it matches every value', () => {
    const wild = normalizeStatement({
      Effect: 'Allow',
      Principal: '*',
      Condition: { StringLike: { 'aws:PrincipalAccount': ['**', '?*'] }, StringEquals: { 'aws:PrincipalOrgID': '?*' } },
    });
    expect(restrictingConditions(wild, ['aws:PrincipalAccount', 'aws:PrincipalOrgID']).map((c) => c.key)).toEqual(['aws:PrincipalOrgID']);
  });

  it('compares one value per operator, negated operators as their positive form, unknown operators as undefined', () => {
    expect(
      conditionValueMatches('ArnLike', 'arn:aws:cloudtrail:*:111122223333:trail/*', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org'),
    ).toBe(true);
    expect(
      conditionValueMatches('ArnLike', 'arn:aws:cloudtrail:*:222233334444:trail/*', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org'),
    ).toBe(false);
    expect(conditionValueMatches('StringNotEqualsIfExists', 'a', 'a')).toBe(true);
    expect(conditionValueMatches('NumericLessThan', '10', '9')).toBe(true);
    expect(conditionValueMatches('NumericLessThan', 'ten', '9')).toBeUndefined();
    expect(conditionValueMatches('DateLessThan', '2025-01-01', '2024-01-01')).toBeUndefined();
  });

  it('reads a missing key as IAM does', () => {
    expect(missingKeyHolds('StringEqualsIfExists', ['a'])).toBe(true);
    expect(missingKeyHolds('StringEquals', ['a'])).toBe(false);
    expect(missingKeyHolds('StringNotEquals', ['a'])).toBe(true);
    expect(missingKeyHolds('Null', ['true'])).toBe(true);
    expect(missingKeyHolds('Null', ['false'])).toBe(false);
    expect(missingKeyHolds('ForAllValues:StringEquals', ['a'])).toBe(true);
    expect(missingKeyHolds('ForAnyValue:StringEquals', ['a'])).toBe(false);
  });
});

describe('policy model > allowCovered', () => {
  const allow = (raw: Record<string, unknown>) => normalizeStatement({ Effect: 'Allow', ...raw });
  const reader = allow({
    Principal: { AWS: 'arn:aws:iam::111122223333:root' },
    Action: 's3:Get*',
    Resource: 'arn:aws:s3:::b/logs/*',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-1', 'o-2'] } },
  });

  it('covers the same account written as its id, a narrower action and resource, and a stricter condition', () => {
    const narrower = allow({
      Principal: { AWS: '111122223333' },
      Action: ['s3:GetObject', 's3:Get*Version'],
      Resource: 'arn:aws:s3:::b/logs/2024/*',
      Condition: { StringEquals: { 'aws:principalorgid': 'o-1' }, Bool: { 'aws:SecureTransport': 'true' } },
    });
    expect(allowCovered(narrower, [reader])).toBe(true);
  });

  it('covers each action and resource by any one grant, and nothing that no grant holds', () => {
    const a = allow({ Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
    const b = allow({ Principal: { AWS: '111122223333' }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' });
    const both = allow({ Principal: { AWS: '111122223333' }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::b/*' });
    expect(allowCovered(both, [a, b])).toBe(false);
    const matching = allow({ Principal: { AWS: '111122223333' }, Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/x'] });
    expect(allowCovered(matching, [a, b])).toBe(true);
  });

  it.each([
    ['a dropped condition', { ...raw(reader), Condition: undefined }],
    ['another account', { ...raw(reader), Principal: { AWS: 'arn:aws:iam::444455556666:root' } }],
    ['a wildcard account', { ...raw(reader), Principal: { AWS: 'arn:aws:iam::*:root' } }],
    // Named in a resource policy, a role of the account needs no identity policy there; the account principal does.
    ['a role of the granted account', { ...raw(reader), Principal: { AWS: 'arn:aws:iam::111122223333:role/r' } }],
    ['anyone', { ...raw(reader), Principal: '*' }],
    ['a wider resource', { ...raw(reader), Resource: 'arn:aws:s3:::b/*' }],
    ['a wider action', { ...raw(reader), Action: 's3:*' }],
    ['a NotAction', { ...raw(reader), Action: undefined, NotAction: 's3:PutObject' }],
    ['another condition value', { ...raw(reader), Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-3' } } }],
    ['the condition under IfExists', { ...raw(reader), Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } } }],
  ])('does not cover %s', (_, changed) => {
    expect(allowCovered(allow(changed), [reader])).toBe(false);
  });

  it('does not let a ? pattern cover a * of the statement, which may stand for more than one character', () => {
    const one = allow({ Principal: { AWS: '111122223333' }, Action: 's3:GetObjec?', Resource: '*' });
    expect(allowCovered(allow({ Principal: { AWS: '111122223333' }, Action: 's3:GetObjec*', Resource: '*' }), [one])).toBe(false);
    expect(allowCovered(allow({ Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: '*' }), [one])).toBe(true);
  });
});

/** A statement back as raw JSON fields, to vary one of them. */
function raw(s: ReturnType<typeof normalizeStatement>): Record<string, unknown> {
  return {
    Principal: { AWS: s.principals.map((p) => p.id) },
    Action: s.actions,
    Resource: s.resources,
    Condition: Object.fromEntries(s.conditions.map((c) => [c.operator, { [c.key]: c.values }])),
  };
}
