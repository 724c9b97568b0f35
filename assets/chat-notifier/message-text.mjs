/**
 * Small helpers the chat notifier's message formatters share (no dependencies).
 */

/** A 12-digit AWS account ID. */
export const ACCOUNT_PATTERN = /^\d{12}$/;

/** Slack mrkdwn control characters (docs.slack.dev, formatting text: escaping). */
export function escapeMrkdwn(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `max` characters, with an ellipsis when cut (Slack caps a section's text at 3,000). */
export function truncate(text, max) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isText(value) {
  return typeof value === 'string' && value.length > 0;
}
