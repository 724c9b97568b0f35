/**
 * The test input-transformer evaluator (test/support/input-transformer.ts) against the examples of
 * EventBridge's user guide, eb-transform-target-input.html ("Input Transform Examples": the EC2
 * event, the input paths and each template with the output AWS shows), so the member-template tests
 * that rely on it rely on AWS's semantics.
 */
import { transformInput } from '../support/input-transformer';

/** The example event of the page. */
const EVENT = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
};
/** The example input paths of the page. */
const PATHS = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };
const run = (template: string) => transformInput({ InputPathsMap: PATHS, InputTemplate: template }, EVENT);

describe('input transformer (test evaluator) on the EventBridge user guide examples', () => {
  it('fills a simple string', () => {
    expect(run('"instance <instance> is in <state>"')).toBe('"instance i-0123456789 is in RUNNING"');
  });

  it('writes string values as JSON strings outside quotes, and as text inside them', () => {
    expect(JSON.parse(run('{"instance" : <instance>, "state": <state>}'))).toEqual({ instance: 'i-0123456789', state: 'RUNNING' });
    expect(
      JSON.parse(run('{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}')),
    ).toEqual({ instance: 'i-0123456789', state: 'RUNNING', instanceStatus: 'instance "i-0123456789" is in RUNNING' });
  });

  it('mixes variables with static values in arrays', () => {
    expect(JSON.parse(run('{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}'))).toEqual({
      instance: 'i-0123456789',
      state: [9, 'RUNNING', true],
      Transformed: 'Yes',
    });
  });

  it('reads array indices', () => {
    expect(transformInput({ InputPathsMap: { arn: '$.resources[0]' }, InputTemplate: '[<arn>]' }, EVENT)).toBe(
      '["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"]',
    );
  });

  it('refuses what it does not implement instead of guessing', () => {
    expect(() => transformInput({ InputPathsMap: { x: '$.detail.missing' }, InputTemplate: '<x>' }, EVENT)).toThrow(
      'path "$.detail.missing" is not in the event',
    );
    expect(() => transformInput({ InputTemplate: '<aws.events.rule-name>' }, EVENT)).toThrow('predefined variables are not implemented');
    expect(() => transformInput({ InputPathsMap: { x: '$.resources[*]' }, InputTemplate: '<x>' }, EVENT)).toThrow(
      'is not dot notation with array indices',
    );
  });
});
