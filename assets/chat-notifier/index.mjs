/**
 * The built-in chat notifier: a Lambda function (Node.js 20 or newer runtime, ES module, no
 * dependencies) that EventBridge invokes with CodeDeploy state-change events and that posts one
 * Slack-compatible message (`{ text, blocks }`) per event to a chat webhook. The CodeDeploy user
 * guide names this use case: "Use a Lambda function to pass a notification to a Slack channel
 * whenever deployments fail" (codedeploy/latest/userguide/monitoring-cloudwatch-events.html).
 *
 * Event shapes (CloudWatch Events user guide, EventTypes.html#acd_event_types): `source`
 * `aws.codedeploy`, `detail-type` `CodeDeploy Deployment State-change Notification` or
 * `CodeDeploy Instance State-change Notification`, top-level `account`, `region`, `time`, and
 * `detail.{application, deploymentGroup, deploymentId, state, region}` plus `detail.instanceId`
 * for instance events.
 *
 * It also posts CloudWatch alarm notifications that SNS delivers from the alarm topic
 * (`alarms.notifyChat`): an event whose records all come from `aws:sns` is formatted by
 * ./alarm-message.mjs, one message per record; everything else takes the CodeDeploy path.
 *
 * The webhook URL is a secret: it is read at run time from an SSM SecureString parameter (name in
 * `WEBHOOK_PARAMETER_NAME`), never from configuration or the Terraform plan, cached per container
 * and never logged.
 *
 * Reading the parameter: the AWS SDK for JavaScript v3 that the Lambda Node.js runtimes include
 * ("Runtime versions nodejs18.x and later include version 3 of the SDK", lambda/latest/dg/
 * nodejs-package.html; ES module imports of it are supported from Node.js 18), imported
 * dynamically so the module loads without it (tests inject a fake) and the SDK is paid for only
 * when the cache is cold. Chosen over the AWS Parameters and Secrets Lambda Extension because the
 * extension is a layer whose ARN differs per region and architecture (a table to keep current),
 * adds a local HTTP hop and its own cache settings, and needs the same IAM permissions
 * (systems-manager/latest/userguide/ps-integration-lambda-extensions.html): for one GetParameter
 * per cold container the
 * included SDK is simpler. AWS notes the included SDK is updated periodically and may lag the
 * newest release (lambda/latest/operatorguide/sdks-functions.html); GetParameter is a stable API.
 *
 * Failure handling: a malformed or foreign event is logged and skipped (returned, never thrown:
 * retrying it cannot help). A webhook answer of 429 or 5xx, or a network error or timeout, is
 * retried once; if that fails too the handler throws, so Lambda's asynchronous retries and the
 * function's on-failure destination take over (EventBridge invokes Lambda asynchronously; errors
 * after the invocation are Lambda's to retry, lambda/latest/dg/invocation-async-error-handling.html).
 * Every network call is bounded by a timeout.
 */

import { describeRecord, formatAlarmRecord, isSnsEvent } from './alarm-message.mjs';
import { ACCOUNT_PATTERN, escapeMrkdwn, isObject, isText } from './message-text.mjs';

const SOURCE = 'aws.codedeploy';

/** The two CodeDeploy state-change notifications, by `detail-type`. */
const DETAIL_TYPES = {
  'CodeDeploy Deployment State-change Notification': 'deployment',
  'CodeDeploy Instance State-change Notification': 'instance',
};

/** How each `detail.state` reads in chat (states: START, SUCCESS, FAILURE, STOP, READY). */
export const STATE_MESSAGES = {
  FAILURE: { emoji: ':x:', verb: 'failed' },
  STOP: { emoji: ':octagonal_sign:', verb: 'was stopped' },
  SUCCESS: { emoji: ':white_check_mark:', verb: 'succeeded' },
  START: { emoji: ':rocket:', verb: 'started' },
  READY: { emoji: ':large_blue_circle:', verb: 'is ready' },
};

/** A state CodeDeploy may add later still gets a message, marked as unrecognized. */
const OTHER_STATE = { emoji: ':grey_question:', verb: 'changed state' };
const STATE_PATTERN = /^[A-Z][A-Z_]{0,31}$/;

export const DEFAULTS = Object.freeze({
  /** Per SSM read and per webhook attempt: at most 5 + 5 + 2 + 5 = 17 s in all, well inside the function's 30 s. */
  timeoutMs: 5000,
  /** Wait before the one retry when the webhook sends no Retry-After. */
  retryDelayMs: 500,
  /** Upper bound on a Retry-After wait (Slack allows about one message per second, docs.slack.dev/apis/web-api/rate-limits). */
  maxRetryDelayMs: 2000,
  /** How long a container reuses the webhook URL before reading the parameter again (picks up rotation). */
  cacheTtlMs: 15 * 60 * 1000,
});

/**
 * The message for one CodeDeploy state-change event, or `{ skip: reason }` when the event is not
 * one (wrong source or detail-type, missing or non-string fields).
 */
export function formatMessage(event) {
  if (!isObject(event)) return { skip: 'event is not an object' };
  if (event.source !== SOURCE) return { skip: `source is not ${SOURCE}` };
  const kind = DETAIL_TYPES[event['detail-type']];
  if (!kind) return { skip: 'detail-type is not a CodeDeploy state-change notification' };
  const detail = event.detail;
  if (!isObject(detail)) return { skip: 'detail is missing' };
  const required = ['application', 'deploymentGroup', 'deploymentId', 'state', ...(kind === 'instance' ? ['instanceId'] : [])];
  const missing = required.filter((key) => !isText(detail[key]));
  if (missing.length > 0) return { skip: `detail lacks ${missing.join(', ')}` };
  if (!isText(event.account) || !ACCOUNT_PATTERN.test(event.account)) return { skip: 'account is not a 12-digit account ID' };
  const region = isText(detail.region) ? detail.region : event.region;
  if (!isText(region)) return { skip: 'region is missing' };
  if (!STATE_PATTERN.test(detail.state)) return { skip: 'state is not an upper-case state name' };

  const { emoji, verb } = STATE_MESSAGES[detail.state] ?? OTHER_STATE;
  const subject =
    kind === 'instance' ? `Instance ${detail.instanceId} in deployment ${detail.deploymentId}` : `Deployment ${detail.deploymentId}`;
  const text = escapeMrkdwn(
    `${emoji} ${subject} of ${detail.application}/${detail.deploymentGroup} ${verb} in ${event.account} ${region} (${detail.state})`,
  );
  const context = [event['detail-type'], isText(event.time) ? event.time : undefined, isText(event.id) ? `event ${event.id}` : undefined]
    .filter(Boolean)
    .join(' | ');
  return {
    kind,
    state: detail.state,
    deploymentId: detail.deploymentId,
    message: {
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(context) }] },
      ],
    },
  };
}

/**
 * Posts JSON with a bounded request: `fetch` (Node.js 18+ global), redirects refused so the
 * payload only ever goes to the configured host. Resolves with the status (and Retry-After); a
 * network error or timeout rejects.
 */
export async function postJson(url, payload, { timeoutMs = DEFAULTS.timeoutMs } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  // Read (and bound) the body so the connection is released; only a short excerpt is kept.
  const body = await response.text().catch(() => '');
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: body.slice(0, 200) };
}

/**
 * Reads the webhook URL from an SSM SecureString parameter with the runtime's SDK v3. The name is
 * `parameterName`, else `WEBHOOK_PARAMETER_NAME` at call time; `importSsm` exists for tests.
 * `GetParameter` with `WithDecryption` is one signed request, bounded by `timeoutMs` across the
 * SDK's own retries (at most two attempts).
 */
export function ssmParameterReader({
  parameterName,
  importSsm = () => import('@aws-sdk/client-ssm'),
  timeoutMs = DEFAULTS.timeoutMs,
  log = console,
} = {}) {
  let client;
  return async function readWebhookUrl() {
    const name = parameterName ?? process.env.WEBHOOK_PARAMETER_NAME;
    if (!isText(name))
      throw new Error('WEBHOOK_PARAMETER_NAME is not set: the function needs the name of the SSM parameter holding the webhook URL');
    const { SSMClient, GetParameterCommand } = await importSsm();
    client ??= new SSMClient({ maxAttempts: 2 });
    const output = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    const parameter = output?.Parameter;
    if (!isText(parameter?.Value)) throw new Error(`SSM parameter ${name} has no value`);
    if (parameter.Type !== 'SecureString') {
      log.warn(`chat-notifier: SSM parameter ${name} is a ${parameter.Type}, not a SecureString; store the webhook URL encrypted`);
    }
    return parameter.Value.trim();
  };
}

/**
 * The handler, with its collaborators injectable: `getWebhookUrl` (uncached read of the URL),
 * `post` (one HTTP attempt), `now` (cache clock), `sleep` (retry wait), `log`. The URL is cached
 * per container for `cacheTtlMs`, and dropped when the webhook answers 403, 404 or 410 (revoked
 * or rotated), so the retry reads the parameter again.
 */
export function createHandler({
  getWebhookUrl = ssmParameterReader(),
  post = postJson,
  now = Date.now,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  log = console,
  timeoutMs = DEFAULTS.timeoutMs,
  retryDelayMs = DEFAULTS.retryDelayMs,
  maxRetryDelayMs = DEFAULTS.maxRetryDelayMs,
  cacheTtlMs = DEFAULTS.cacheTtlMs,
  requireHttps = true,
} = {}) {
  let cached;

  async function webhookUrl() {
    if (cached && now() < cached.expiresAt) return cached.url;
    const url = await getWebhookUrl();
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('the webhook parameter does not hold a URL');
    }
    if (requireHttps && parsed.protocol !== 'https:') throw new Error(`the webhook URL must use https, not ${parsed.protocol}`);
    cached = { url, expiresAt: now() + cacheTtlMs };
    return url;
  }

  /**
   * Posts one message, retrying once on 429/5xx or a network failure; `subject` names it in errors
   * ("deployment d-123", "alarm X"), `posted` in the success log line.
   */
  async function deliver(message, { subject, posted }) {
    const url = await webhookUrl();
    for (let attempt = 1; ; attempt++) {
      let result;
      try {
        result = await post(url, message, { timeoutMs });
      } catch (error) {
        // Never the URL: it is the secret. Name and code say enough (TimeoutError, ECONNREFUSED).
        const code = [error?.cause?.code, error?.code].find((c) => typeof c === 'string');
        const reason = [error?.name, code].filter(Boolean).join(' ') || 'request failed';
        if (attempt < 2) {
          log.warn(`chat-notifier: webhook request failed (${reason}); retrying once`);
          await sleep(retryDelayMs);
          continue;
        }
        throw new Error(`chat webhook request failed twice (${reason}) for ${subject}`);
      }
      if (result.status >= 200 && result.status < 300) {
        log.info(`chat-notifier: posted ${posted} (HTTP ${result.status})`);
        return { status: 'posted', httpStatus: result.status, attempts: attempt };
      }
      const retryable = result.status === 429 || result.status >= 500;
      if (retryable && attempt < 2) {
        log.warn(`chat-notifier: webhook answered HTTP ${result.status}; retrying once`);
        await sleep(retryDelay(result.retryAfter, retryDelayMs, maxRetryDelayMs));
        continue;
      }
      if ([403, 404, 410].includes(result.status)) cached = undefined;
      throw new Error(
        `chat webhook answered HTTP ${result.status}${retryable ? ' twice' : ''} for ${subject}: ${result.body ?? ''}`.trim(),
      );
    }
  }

  /**
   * CloudWatch alarm notifications from SNS: one message per record, in order. A record that is not
   * an alarm is skipped; a delivery that fails twice throws, so Lambda's asynchronous retries (SNS
   * invokes asynchronously) and the on-failure destination take over.
   */
  async function handleSnsRecords(records) {
    const results = [];
    for (const record of records) {
      const formatted = formatAlarmRecord(record);
      if (formatted.skip) {
        log.warn(`chat-notifier: skipped SNS message ${describeRecord(record)}: ${formatted.skip}`);
        results.push({ status: 'skipped', reason: formatted.skip });
        continue;
      }
      results.push(
        await deliver(formatted.message, {
          subject: `alarm ${formatted.alarmName}`,
          posted: `alarm ${formatted.state} of ${formatted.alarmName}`,
        }),
      );
    }
    return { status: 'processed', records: results };
  }

  return async function handler(event) {
    if (isSnsEvent(event)) return handleSnsRecords(event.Records);
    const formatted = formatMessage(event);
    if (formatted.skip) {
      log.warn(`chat-notifier: skipped event ${describe(event)}: ${formatted.skip}`);
      return { status: 'skipped', reason: formatted.skip };
    }
    return deliver(formatted.message, {
      subject: `deployment ${formatted.deploymentId}`,
      posted: `${formatted.kind} ${formatted.state} of ${formatted.deploymentId}`,
    });
  };
}

/** The function's entry point (`index.handler`). */
export const handler = createHandler();

/** Retry-After in seconds (RFC 9110), bounded; otherwise the default delay. */
function retryDelay(retryAfter, fallbackMs, maxMs) {
  const seconds = Number(retryAfter);
  if (retryAfter == null || retryAfter === '' || !Number.isFinite(seconds) || seconds < 0) return fallbackMs;
  return Math.min(seconds * 1000, maxMs);
}

function describe(event) {
  return isObject(event) && isText(event.id) ? event.id : '(no id)';
}
