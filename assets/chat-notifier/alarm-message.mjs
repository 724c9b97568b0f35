/**
 * CloudWatch alarm notifications delivered by Amazon SNS, as chat messages.
 *
 * SNS invokes a subscribed function with `{ Records: [{ EventSource: 'aws:sns', Sns: { Message,
 * MessageId, TopicArn, ... } }] }` (Lambda developer guide, with-sns.html, example Amazon SNS
 * message event). For an alarm action, `Sns.Message` is a JSON string with `AlarmName`,
 * `AlarmDescription`, `AWSAccountId`, `NewStateValue`, `NewStateReason`, `StateChangeTime`,
 * `Region` (a display name such as "EU (Ireland)", not a region code), `AlarmArn`,
 * `OldStateValue` and `Trigger` (AWS's sample: aws/aws-lambda-go
 * events/testdata/cloudwatch-alarm-sns-payload-single-metric.json, the `CloudWatchAlarmSNSPayload`
 * type of events/sns.go; copied in test/fixtures/cloudwatch-alarms/). States: OK, ALARM,
 * INSUFFICIENT_DATA (CloudWatch API reference, MetricAlarm StateValue).
 */
import { ACCOUNT_PATTERN, escapeMrkdwn, isObject, isText, truncate } from './message-text.mjs';

/** How each alarm state reads in chat. */
export const ALARM_STATES = {
  ALARM: { emoji: ':rotating_light:' },
  OK: { emoji: ':white_check_mark:' },
  INSUFFICIENT_DATA: { emoji: ':grey_question:' },
};

/** A state CloudWatch may add later still gets a message. */
const OTHER_STATE = { emoji: ':grey_question:' };
const STATE_PATTERN = /^[A-Z][A-Z_]{0,31}$/;
/** The reason and description are the alarm's own text: bounded so one message stays readable. */
const MAX_REASON = 500;
const MAX_DESCRIPTION = 1500;

/** Whether Lambda got an SNS delivery: every record comes from `aws:sns`. */
export function isSnsEvent(event) {
  return (
    isObject(event) &&
    Array.isArray(event.Records) &&
    event.Records.length > 0 &&
    event.Records.every((record) => isObject(record) && record.EventSource === 'aws:sns')
  );
}

/** The SNS message id of a record, for logs. */
export function describeRecord(record) {
  return isObject(record?.Sns) && isText(record.Sns.MessageId) ? record.Sns.MessageId : '(no id)';
}

/**
 * The chat message for one SNS record holding a CloudWatch alarm notification, or `{ skip: reason }`
 * when it holds something else (a test message, another publisher's text, a malformed alarm).
 */
export function formatAlarmRecord(record) {
  if (!isObject(record) || !isObject(record.Sns)) return { skip: 'record has no Sns object' };
  const raw = record.Sns.Message;
  if (!isText(raw)) return { skip: 'SNS message is empty' };
  let alarm;
  try {
    alarm = JSON.parse(raw);
  } catch {
    return { skip: 'SNS message is not JSON, so not a CloudWatch alarm notification' };
  }
  if (!isObject(alarm)) return { skip: 'SNS message is not a JSON object' };
  if (!isText(alarm.AlarmName)) return { skip: 'SNS message has no AlarmName' };
  if (!isText(alarm.NewStateValue) || !STATE_PATTERN.test(alarm.NewStateValue)) {
    return { skip: 'NewStateValue is not an upper-case state name' };
  }
  if (!isText(alarm.AWSAccountId) || !ACCOUNT_PATTERN.test(alarm.AWSAccountId)) {
    return { skip: 'AWSAccountId is not a 12-digit account ID' };
  }

  const state = alarm.NewStateValue;
  const { emoji } = ALARM_STATES[state] ?? OTHER_STATE;
  const region = isText(alarm.Region) ? alarm.Region : (regionOf(alarm.AlarmArn) ?? 'unknown region');
  const reason = isText(alarm.NewStateReason) ? `: ${truncate(alarm.NewStateReason, MAX_REASON)}` : '';
  const text = escapeMrkdwn(`${emoji} Alarm ${alarm.AlarmName} is ${state} in ${alarm.AWSAccountId} (${region})${reason}`);
  const blocks = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (isText(alarm.AlarmDescription)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(alarm.AlarmDescription, MAX_DESCRIPTION)) } });
  }
  const trigger = isObject(alarm.Trigger) ? alarm.Trigger : {};
  const metric = isText(trigger.Namespace) && isText(trigger.MetricName) ? `${trigger.Namespace} ${trigger.MetricName}` : undefined;
  const context = [
    'CloudWatch alarm',
    isText(alarm.OldStateValue) ? `was ${alarm.OldStateValue}` : undefined,
    isText(alarm.StateChangeTime) ? alarm.StateChangeTime : undefined,
    metric,
    `SNS message ${describeRecord(record)}`,
  ]
    .filter(Boolean)
    .join(' | ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(context) }] });
  return { state, alarmName: alarm.AlarmName, message: { text, blocks } };
}

/** Region code from `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`. */
function regionOf(arn) {
  const match = isText(arn) ? /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):\d{12}:alarm:/.exec(arn) : null;
  return match ? match[1] : undefined;
}
