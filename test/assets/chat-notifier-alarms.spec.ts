/**
 * The chat notifier's alarm path (assets/chat-notifier/alarm-message.mjs through index.mjs), run
 * for real: the untransformed ES modules, Node's own `fetch`, a local HTTP server on 127.0.0.1
 * standing in for the chat webhook, and AWS's sample of a CloudWatch alarm notification delivered
 * by SNS (test/fixtures/cloudwatch-alarms/README.md). Derived events change only the fields the
 * README lists.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { type ChatNotifierModule, type HandlerOptions, loadHandlerModule } from '../support/chat-notifier-module';

const SAMPLE = path.resolve(__dirname, '..', 'fixtures', 'cloudwatch-alarms', 'sns-alarm-single-metric.json');
const WEBHOOK_PATH = '/services/T0000/B0000/secret-token-XXXX';

interface SnsRecord {
  EventSource: string;
  Sns: { MessageId: string; Message: string; [key: string]: unknown };
  [key: string]: unknown;
}
interface SnsEvent {
  Records: SnsRecord[];
}

/** AWS's sample, as SNS hands it to Lambda. */
function sample(): SnsEvent {
  return JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));
}

/** The sample with fields of its alarm message changed (undefined removes one). */
function withAlarm(change: Record<string, unknown>, messageId?: string): SnsEvent {
  const event = sample();
  const record = event.Records[0];
  const alarm = { ...JSON.parse(record.Sns.Message), ...change };
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete alarm[key];
  record.Sns = { ...record.Sns, Message: JSON.stringify(alarm), ...(messageId ? { MessageId: messageId } : {}) };
  return event;
}

/** The sample moved to an alarm of this module in the example's management account and home region. */
function trailAlarm(state: string, reason: string): SnsEvent {
  return withAlarm({
    AlarmName: 'acme-organization-trail-trail-tampering',
    AlarmDescription: 'Someone stopped, deleted or changed the organization trail. Check CloudTrail for the caller.',
    AWSAccountId: '210987654321',
    Region: 'EU (Ireland)',
    AlarmArn: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:acme-organization-trail-trail-tampering',
    NewStateValue: state,
    NewStateReason: reason,
  });
}

function slack(text: string, ...rest: string[]) {
  const [description, context] = rest.length === 2 ? rest : [undefined, rest[0]];
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...(description ? [{ type: 'section', text: { type: 'mrkdwn', text: description } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
  };
}

// --- the fake chat webhook -------------------------------------------------------------------

let server: http.Server;
let baseUrl: string;
let received: unknown[] = [];
let statuses: number[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      expect([request.method, request.url, request.headers['content-type']]).toEqual(['POST', WEBHOOK_PATH, 'application/json']);
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status === 200 ? 'ok' : 'server_error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let notifier: ChatNotifierModule;
beforeAll(async () => {
  notifier = await loadHandlerModule();
});

beforeEach(() => {
  received = [];
  statuses = [];
});

function harness(options: HandlerOptions = {}) {
  const logs: string[] = [];
  let reads = 0;
  const handler = notifier.createHandler({
    getWebhookUrl: async () => {
      reads++;
      return `${baseUrl}${WEBHOOK_PATH}`;
    },
    sleep: async () => undefined,
    log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`) },
    requireHttps: false,
    ...options,
  });
  return { handler, logs, urlReads: () => reads };
}

const POSTED = { status: 'posted', httpStatus: 200, attempts: 1 };
const SAMPLE_REASON =
  'Threshold Crossed: 1 out of the last 1 datapoints [1234.0 (06/03/15 17:43:27)] was greater than the threshold (0.0) (minimum 1 datapoint for OK -&gt; ALARM transition).';

// --- tests ------------------------------------------------------------------------------------

describe('chat notifier handler > CloudWatch alarms from SNS', () => {
  describe('messages', () => {
    it("posts AWS's sample as one Slack message: name, state, account, region and reason, then description and context", async () => {
      const { handler, logs } = harness();
      await expect(handler(sample())).resolves.toEqual({ status: 'processed', records: [POSTED] });
      expect(received).toEqual([
        slack(
          `:rotating_light: Alarm EXAMPLE is ALARM in 123456789012 (EXAMPLE): ${SAMPLE_REASON}`,
          'EXAMPLE',
          'CloudWatch alarm | was INSUFFICIENT_DATA | 2015-06-03T17:43:27.123+0000 | AWS/EC2 NetworkOut | SNS message 95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        ),
      ]);
      expect(logs).toEqual(['info chat-notifier: posted alarm ALARM of EXAMPLE (HTTP 200)']);
    });

    it('words an alarm of this module in the region name CloudWatch sends', async () => {
      const { handler } = harness();
      await handler(
        trailAlarm('ALARM', 'Threshold Crossed: 1 datapoint [1.0 (22/11/25 04:35:00)] was greater than or equal to the threshold (1.0).'),
      );
      expect((received[0] as { text: string }).text).toBe(
        ':rotating_light: Alarm acme-organization-trail-trail-tampering is ALARM in 210987654321 (EU (Ireland)): Threshold Crossed: 1 datapoint [1.0 (22/11/25 04:35:00)] was greater than or equal to the threshold (1.0).',
      );
      expect((received[0] as { blocks: unknown[] }).blocks[1]).toEqual({
        type: 'section',
        text: { type: 'mrkdwn', text: 'Someone stopped, deleted or changed the organization trail. Check CloudTrail for the caller.' },
      });
    });

    it.each([
      ['OK', ':white_check_mark:'],
      ['INSUFFICIENT_DATA', ':grey_question:'],
    ])('marks the %s state with %s', async (state, emoji) => {
      const { handler } = harness();
      await handler(trailAlarm(state, 'Threshold Crossed: no datapoints were received for 1 period.'));
      expect((received[0] as { text: string }).text).toBe(
        `${emoji} Alarm acme-organization-trail-trail-tampering is ${state} in 210987654321 (EU (Ireland)): Threshold Crossed: no datapoints were received for 1 period.`,
      );
    });

    it('takes the region code from the alarm ARN when the message has no Region', async () => {
      const { handler } = harness();
      await handler(withAlarm({ Region: undefined, AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:EXAMPLE' }));
      expect((received[0] as { text: string }).text).toMatch(/^:rotating_light: Alarm EXAMPLE is ALARM in 123456789012 \(eu-west-1\): /);
    });

    it('escapes Slack control characters in names and descriptions, and bounds a long reason', async () => {
      const { handler } = harness();
      await handler(withAlarm({ AlarmName: 'a<b>&c', AlarmDescription: '<!channel> & more', NewStateReason: 'x'.repeat(600) }));
      const body = received[0] as { text: string; blocks: { text?: { text: string } }[] };
      expect(body.text).toBe(`:rotating_light: Alarm a&lt;b&gt;&amp;c is ALARM in 123456789012 (EXAMPLE): ${'x'.repeat(499)}…`);
      expect(body.blocks[1].text?.text).toBe('&lt;!channel&gt; &amp; more');
    });

    it('posts one message per record, in order', async () => {
      const { handler } = harness();
      const event = sample();
      event.Records.push(trailAlarm('OK', 'back to normal').Records[0]);
      await expect(handler(event)).resolves.toEqual({ status: 'processed', records: [POSTED, POSTED] });
      expect(received.map((m) => (m as { text: string }).text.split(' ').slice(0, 5).join(' '))).toEqual([
        ':rotating_light: Alarm EXAMPLE is ALARM',
        ':white_check_mark: Alarm acme-organization-trail-trail-tampering is OK',
      ]);
    });
  });

  describe('what it skips', () => {
    it.each([
      ['a plain-text SNS message', { Message: 'Hello from SNS!' }, 'SNS message is not JSON, so not a CloudWatch alarm notification'],
      ['a JSON message that is no alarm', { Message: '{"hello":"world"}' }, 'SNS message has no AlarmName'],
      [
        'an alarm without a 12-digit account',
        { Message: JSON.stringify({ AlarmName: 'x', NewStateValue: 'ALARM', AWSAccountId: 'EXAMPLE' }) },
        'AWSAccountId is not a 12-digit account ID',
      ],
      [
        'an alarm with a lower-case state',
        { Message: JSON.stringify({ AlarmName: 'x', NewStateValue: 'alarm', AWSAccountId: '123456789012' }) },
        'NewStateValue is not an upper-case state name',
      ],
    ])('skips %s without posting or reading the webhook URL', async (_, sns, reason) => {
      const { handler, logs, urlReads } = harness();
      const event = sample();
      event.Records[0].Sns = { ...event.Records[0].Sns, ...sns };
      await expect(handler(event)).resolves.toEqual({ status: 'processed', records: [{ status: 'skipped', reason }] });
      expect(received).toEqual([]);
      expect(urlReads()).toBe(0);
      expect(logs).toEqual([`warn chat-notifier: skipped SNS message 95df01b4-ee98-5cb9-9903-4c221d41eb5e: ${reason}`]);
    });

    it('leaves an event that is not all SNS records to the CodeDeploy path, which skips it', async () => {
      const { handler } = harness();
      const event = { Records: [...sample().Records, { EventSource: 'aws:sqs' }] };
      await expect(handler(event)).resolves.toEqual({ status: 'skipped', reason: 'source is not aws.codedeploy' });
    });
  });

  describe('failures', () => {
    it('retries once on HTTP 500, then posts', async () => {
      statuses = [500];
      const { handler } = harness();
      await expect(handler(sample())).resolves.toEqual({
        status: 'processed',
        records: [{ status: 'posted', httpStatus: 200, attempts: 2 }],
      });
      expect(received).toHaveLength(2);
    });

    it('throws after two failures, naming the alarm and never the webhook URL', async () => {
      statuses = [500, 503];
      const { handler, logs } = harness();
      await expect(handler(sample())).rejects.toThrow('chat webhook answered HTTP 503 twice for alarm EXAMPLE: server_error');
      expect(logs.join('\n')).not.toContain(WEBHOOK_PATH);
      expect(logs.join('\n')).not.toContain(baseUrl);
    });

    it('throws after two network failures without the URL in the message or logs', async () => {
      // A port that was just free: nothing listens there any more, so the connection is refused.
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const { handler, logs } = harness({ getWebhookUrl: async () => `http://127.0.0.1:${port}${WEBHOOK_PATH}` });
      const error = await handler(sample()).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/^chat webhook request failed twice \(TypeError ECONNREFUSED\) for alarm EXAMPLE$/);
      expect(`${error?.message}\n${logs.join('\n')}`).not.toContain('secret-token');
    });
  });
});
