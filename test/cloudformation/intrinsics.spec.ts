// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation Fn::Sub placeholders, not JavaScript templates
import {
  and,
  anyOf,
  conditionRef,
  equals,
  findInMap,
  getAtt,
  ifCondition,
  NO_VALUE,
  not,
  or,
  PSEUDO,
  ref,
  select,
  sub,
  substitutePlaceholders,
} from '../../modules/cloudformation/intrinsics';

const inAccount = (account: string) => equals(ref(PSEUDO.accountId), account);

describe('CloudFormation intrinsics', () => {
  it('render as CloudFormation writes them', () => {
    expect(ref('Queue')).toEqual({ Ref: 'Queue' });
    expect(sub('arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q')).toEqual({ 'Fn::Sub': 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q' });
    expect(getAtt('Queue', 'Arn')).toEqual({ 'Fn::GetAtt': ['Queue', 'Arn'] });
    expect(ifCondition('Prod', 'a', NO_VALUE)).toEqual({ 'Fn::If': ['Prod', 'a', { Ref: 'AWS::NoValue' }] });
    expect(not(conditionRef('Prod'))).toEqual({ 'Fn::Not': [{ Condition: 'Prod' }] });
    expect(findInMap('Regions', ref(PSEUDO.region), 'Index')).toEqual({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Index'] });
    expect(select(1, ref('Arns'))).toEqual({ 'Fn::Select': ['1', { Ref: 'Arns' }] });
    expect(select(findInMap('M', 'k', 'n'), ['a', 'b'])).toEqual({ 'Fn::Select': [{ 'Fn::FindInMap': ['M', 'k', 'n'] }, ['a', 'b']] });
  });

  it('refuse an Fn::Select index that is not a whole number', () => {
    expect(() => select(-1, ['a'])).toThrow('select: index -1 is not a whole number');
    expect(() => select(0.5, ['a'])).toThrow('select: index 0.5 is not a whole number');
  });

  it('build conditions from equalities', () => {
    expect(and(inAccount('111111111111'), equals(ref(PSEUDO.region), 'eu-west-1'))).toEqual({
      'Fn::And': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '111111111111'] }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }],
    });
  });

  it('refuse Fn::And and Fn::Or outside 2 to 10 conditions, as CloudFormation does', () => {
    expect(() => and(inAccount('111111111111'))).toThrow('Fn::And: CloudFormation takes 2 to 10 conditions, got 1');
    const eleven = Array.from({ length: 11 }, (_, i) => inAccount(String(i).padStart(12, '0')));
    expect(() => or(...eleven)).toThrow('Fn::Or: CloudFormation takes 2 to 10 conditions, got 11');
  });

  describe('anyOf', () => {
    it('returns one condition as is and groups up to ten in one Fn::Or', () => {
      expect(anyOf([inAccount('111111111111')])).toEqual(inAccount('111111111111'));
      expect(anyOf([inAccount('1'), inAccount('2')])).toEqual({ 'Fn::Or': [inAccount('1'), inAccount('2')] });
    });

    it('nests more than ten into Fn::Ors of at most ten', () => {
      const conditions = Array.from({ length: 23 }, (_, i) => inAccount(String(i)));
      const result = anyOf(conditions) as { 'Fn::Or': { 'Fn::Or': unknown[] }[] };
      expect(result['Fn::Or'].map((group) => group['Fn::Or'].length)).toEqual([10, 10, 3]);
      expect(() => anyOf([])).toThrow('needs at least one condition');
    });
  });

  describe('substitutePlaceholders', () => {
    it('turns strings with ${...} into Fn::Sub, deeply, and leaves everything else alone', () => {
      const policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Resource: ['arn:aws:ec2:*:${AWS::AccountId}:instance/*', 'arn:aws:s3:::b'],
            Condition: { Bool: { x: false } },
          },
        ],
      };
      expect(substitutePlaceholders(policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Resource: [{ 'Fn::Sub': 'arn:aws:ec2:*:${AWS::AccountId}:instance/*' }, 'arn:aws:s3:::b'],
            Condition: { Bool: { x: false } },
          },
        ],
      });
    });

    it('drops undefined members and refuses a bare undefined', () => {
      expect(substitutePlaceholders({ a: 1, b: undefined })).toEqual({ a: 1 });
      expect(() => substitutePlaceholders(undefined)).toThrow('undefined is not a template value');
    });
  });
});
