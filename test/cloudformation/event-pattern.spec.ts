/**
 * The test matcher (test/support/event-pattern.ts) against the examples of the EventBridge user
 * guide (awsdocs/amazon-eventbridge-user-guide, doc_source/eb-event-patterns*.md): every documented
 * "matches" is a match here, and the obvious counterparts are not.
 */
import { matchesEventPattern } from '../support/event-pattern';

const EC2_TERMINATED = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

const AUTOSCALING_LAUNCH = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

describe('event pattern matcher', () => {
  describe('field and value matching (eb-event-patterns.md)', () => {
    it('matches the documented EC2 termination pattern', () => {
      const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } };
      expect(matchesEventPattern(pattern, EC2_TERMINATED)).toBe(true);
      expect(matchesEventPattern({ ...pattern, detail: { state: ['running'] } }, EC2_TERMINATED)).toBe(false);
    });

    it('matches any of the listed values, and all listed fields', () => {
      expect(matchesEventPattern({ source: ['aws.ec2', 'aws.fargate'] }, EC2_TERMINATED)).toBe(true);
      expect(matchesEventPattern({ source: ['aws.fargate'] }, EC2_TERMINATED)).toBe(false);
      expect(matchesEventPattern({ source: ['aws.ec2'], region: ['eu-west-1'] }, EC2_TERMINATED)).toBe(false);
    });

    it('requires every field the pattern names to exist, with the same nesting', () => {
      expect(matchesEventPattern({ detail: { 'instance-type': ['t3.micro'] } }, EC2_TERMINATED)).toBe(false);
      expect(matchesEventPattern({ state: ['terminated'] }, EC2_TERMINATED)).toBe(false);
    });

    it('matches strings exactly, without case folding', () => {
      expect(matchesEventPattern({ detail: { state: ['Terminated'] } }, EC2_TERMINATED)).toBe(false);
    });

    it('matches numbers and nested objects (the Macie example)', () => {
      const macie = {
        source: 'aws.macie',
        'detail-type': 'Macie Alert',
        detail: { 'risk-score': 80, trigger: { 'alert-type': 'basic', risk: 8 } },
      };
      const pattern = { source: ['aws.macie'], 'detail-type': ['Macie Alert'], detail: { 'risk-score': [80], trigger: { risk: [8] } } };
      expect(matchesEventPattern(pattern, macie)).toBe(true);
      expect(matchesEventPattern({ ...pattern, detail: { 'risk-score': [80], trigger: { risk: [9] } } }, macie)).toBe(false);
      expect(matchesEventPattern({ detail: { 'risk-score': ['80'] } }, macie)).toBe(false);
    });
  });

  describe('null values and empty strings (eb-event-patterns-null-values.md)', () => {
    it('matches an empty string with [""] and null with [null]', () => {
      expect(matchesEventPattern({ detail: { eventVersion: [''] } }, AUTOSCALING_LAUNCH)).toBe(true);
      expect(matchesEventPattern({ detail: { responseElements: [null] } }, AUTOSCALING_LAUNCH)).toBe(true);
    });

    it('does not treat null and the empty string as interchangeable', () => {
      expect(matchesEventPattern({ detail: { eventVersion: [null] } }, AUTOSCALING_LAUNCH)).toBe(false);
      expect(matchesEventPattern({ detail: { responseElements: [''] } }, AUTOSCALING_LAUNCH)).toBe(false);
    });
  });

  describe('arrays (eb-event-patterns-arrays.md)', () => {
    const pattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };

    it('matches when the pattern list and the event list intersect', () => {
      const event = {
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      };
      expect(matchesEventPattern(pattern, event)).toBe(true);
    });

    it('does not match disjoint lists, nor an empty one', () => {
      expect(matchesEventPattern(pattern, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] })).toBe(false);
      expect(matchesEventPattern(pattern, { resources: [] })).toBe(false);
    });
  });

  describe('content filtering (eb-event-patterns-content-based-filtering.md)', () => {
    it('matches a prefix', () => {
      const pattern = { time: [{ prefix: '2017-10-02' }] };
      expect(matchesEventPattern(pattern, { time: '2017-10-02T18:43:48Z' })).toBe(true);
      expect(matchesEventPattern(pattern, { time: '2017-10-03T18:43:48Z' })).toBe(false);
    });

    it('matches anything but a string, a number or a list of either', () => {
      expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: { state: 'running' } })).toBe(true);
      expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: { state: 'initializing' } })).toBe(
        false,
      );
      expect(matchesEventPattern({ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, { detail: { 'x-limit': 124 } })).toBe(true);
      expect(matchesEventPattern({ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, { detail: { 'x-limit': 123 } })).toBe(false);
      const list = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
      expect(matchesEventPattern(list, { detail: { state: 'running' } })).toBe(true);
      expect(matchesEventPattern(list, { detail: { state: 'overloaded' } })).toBe(false);
      const numbers = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
      expect(matchesEventPattern(numbers, { detail: { 'x-limit': 150 } })).toBe(true);
      expect(matchesEventPattern(numbers, { detail: { 'x-limit': 200 } })).toBe(false);
    });

    it('matches anything but a prefix', () => {
      const pattern = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
      expect(matchesEventPattern(pattern, { detail: { state: 'running' } })).toBe(true);
      expect(matchesEventPattern(pattern, { detail: { state: 'initializing' } })).toBe(false);
    });

    it('does not match anything-but when the field is missing', () => {
      expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: {} })).toBe(false);
    });

    it('matches exists: false on a missing field and on an intermediate (object) node, as documented', () => {
      const pattern = { detail: { 'c-count': [{ exists: false }] } };
      const withoutCount = { 'detail-type': 'EC2 Instance State-change Notification', detail: { state: ['initializing', 'running'] } };
      const withObjectCount = { ...withoutCount, detail: { ...withoutCount.detail, 'c-count': { c1: 100 } } };
      expect(matchesEventPattern(pattern, withoutCount)).toBe(true);
      expect(matchesEventPattern(pattern, withObjectCount)).toBe(true);
      expect(matchesEventPattern(pattern, { detail: { 'c-count': 3 } })).toBe(false);
    });

    it('matches exists: true only on a present leaf', () => {
      const pattern = { detail: { 'c-count': [{ exists: true }] } };
      expect(matchesEventPattern(pattern, { detail: { 'c-count': 3 } })).toBe(true);
      expect(matchesEventPattern(pattern, { detail: {} })).toBe(false);
      expect(matchesEventPattern(pattern, { detail: { 'c-count': { c1: 100 } } })).toBe(false);
    });

    it('matches numeric ranges and the documented complex example', () => {
      const pattern = {
        time: [{ prefix: '2017-10-02' }],
        detail: {
          state: [{ 'anything-but': 'initializing' }],
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ 'anything-but': [100, 200, 300] }],
        },
      };
      const event = { time: '2017-10-02T18:43:48Z', detail: { state: 'running', 'c-count': 5, 'd-count': 9, 'x-limit': 301 } };
      expect(matchesEventPattern(pattern, event)).toBe(true);
      expect(matchesEventPattern(pattern, { ...event, detail: { ...event.detail, 'c-count': 0 } })).toBe(false);
      expect(matchesEventPattern(pattern, { ...event, detail: { ...event.detail, 'd-count': 10 } })).toBe(false);
      expect(matchesEventPattern(pattern, { ...event, detail: { ...event.detail, 'x-limit': 300 } })).toBe(false);
    });
  });

  describe('guarding the tests that use it', () => {
    it('rejects operators it does not implement instead of guessing', () => {
      expect(() => matchesEventPattern({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.0.1' })).toThrow('"cidr" is not implemented');
    });

    it('rejects a leaf that is not a list', () => {
      expect(() => matchesEventPattern({ source: 'aws.ec2' }, EC2_TERMINATED)).toThrow('a leaf must be a list of matchers');
    });
  });
});
