/**
 * The chat notifier's handler (assets/chat-notifier/index.mjs), run for real: the untransformed ES
 * module, Node's own `fetch`, a local HTTP server on 127.0.0.1 standing in for the chat webhook,
 * and AWS's sample CodeDeploy events (test/fixtures/codedeploy-events/README.md).
 *
 * The module is loaded as Lambda loads it: test/support/chat-notifier-module.ts.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { type ChatNotifierModule, type Handler, type HandlerOptions, loadHandlerModule } from '../support/chat-notifier-module';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'codedeploy-events');

// --- the fake chat webhook -------------------------------------------------------------------

interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: unknown;
}
/** What the server answers, request by request; `hang` never answers. Afterwards: 200 "ok". */
type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

let server: http.Server;
let baseUrl: string;
let received: Received[] = [];
let answers: Answer[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body: JSON.parse(raw),
      });
      const answer = answers.shift() ?? { status: 200, body: 'ok' };
      if (answer === 'hang') return;
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  answers = [];
});

// --- helpers ----------------------------------------------------------------------------------

const WEBHOOK_PATH = '/services/T0000/B0000/secret-token-XXXX';

function fixture(name: string): Record<string, unknown> & { detail: Record<string, unknown> } {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}
const deploymentSample = () => fixture('chat-deployment-state-change.json');
const instanceSample = () => fixture('chat-instance-state-change.json');

/** The AWS deployment sample, moved to the account, region, application and state of a test. */
function checkoutEvent(state: string): Record<string, unknown> {
  const event = deploymentSample();
  return {
    ...event,
    account: '444455556666',
    region: 'eu-west-1',
    detail: { ...event.detail, region: 'eu-west-1', application: 'checkout', deploymentGroup: 'prod', deploymentId: 'd-ABC123', state },
  };
}

interface Harness {
  handler: Handler;
  urlReads: () => number;
  sleeps: number[];
  warnings: string[];
  infos: string[];
}

let notifier: ChatNotifierModule;
beforeAll(async () => {
  notifier = await loadHandlerModule();
});

function harness(options: HandlerOptions = {}): Harness {
  let reads = 0;
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const infos: string[] = [];
  const handler = notifier.createHandler({
    getWebhookUrl: async () => {
      reads++;
      return `${baseUrl}${WEBHOOK_PATH}`;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    log: { info: (m) => infos.push(m), warn: (m) => warnings.push(m) },
    requireHttps: false,
    ...options,
  });
  return { handler, urlReads: () => reads, sleeps, warnings, infos };
}

function expectedMessage(text: string, context: string) {
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
  };
}

// --- tests ------------------------------------------------------------------------------------

describe('chat notifier handler', () => {
  describe('messages from the AWS sample events', () => {
    it('posts the deployment sample as Slack JSON to the webhook', async () => {
      const { handler } = harness();
      await expect(handler(deploymentSample())).resolves.toEqual({ status: 'posted', httpStatus: 200, attempts: 1 });
      expect(received).toEqual([
        {
          method: 'POST',
          path: WEBHOOK_PATH,
          contentType: 'application/json',
          body: expectedMessage(
            ':white_check_mark: Deployment d-123456789 of myApplication/myDeploymentGroup succeeded in 123456789012 us-east-1 (SUCCESS)',
            'CodeDeploy Deployment State-change Notification | 2016-06-30T22:06:31Z | event c071bfbf-83c4-49ca-a6ff-3df053957145',
          ),
        },
      ]);
    });

    it('posts the instance sample naming the instance and its deployment', async () => {
      const { handler } = harness();
      await handler(instanceSample());
      expect(received.map((r) => r.body)).toEqual([
        expectedMessage(
          ':white_check_mark: Instance i-0000000aaaaaaaaaa in deployment d-123456789 of myApplication/myDeploymentGroup succeeded in 123456789012 us-east-1 (SUCCESS)',
          'CodeDeploy Instance State-change Notification | 2016-06-30T23:18:50Z | event fb1d3015-c091-4bf9-95e2-d98521ab2ecb',
        ),
      ]);
    });

    it.each([
      ['FAILURE', ':x: Deployment d-ABC123 of checkout/prod failed in 444455556666 eu-west-1 (FAILURE)'],
      ['STOP', ':octagonal_sign: Deployment d-ABC123 of checkout/prod was stopped in 444455556666 eu-west-1 (STOP)'],
      ['SUCCESS', ':white_check_mark: Deployment d-ABC123 of checkout/prod succeeded in 444455556666 eu-west-1 (SUCCESS)'],
      ['START', ':rocket: Deployment d-ABC123 of checkout/prod started in 444455556666 eu-west-1 (START)'],
      ['READY', ':large_blue_circle: Deployment d-ABC123 of checkout/prod is ready in 444455556666 eu-west-1 (READY)'],
      ['PAUSED', ':grey_question: Deployment d-ABC123 of checkout/prod changed state in 444455556666 eu-west-1 (PAUSED)'],
    ])('words a %s deployment as "%s"', async (state, text) => {
      const { handler } = harness();
      await handler(checkoutEvent(state));
      expect((received[0].body as { text: string }).text).toBe(text);
    });

    it('gives each of the five CodeDeploy states its own emoji', async () => {
      const { handler } = harness();
      for (const state of ['FAILURE', 'STOP', 'SUCCESS', 'START', 'READY']) await handler(checkoutEvent(state));
      const emojis = received.map((r) => (r.body as { text: string }).text.split(' ')[0]);
      expect(new Set(emojis).size).toBe(5);
    });

    it("takes the region from the event's detail, falling back to the envelope", async () => {
      const { handler } = harness();
      const event = checkoutEvent('FAILURE');
      const { region: _region, ...detail } = event.detail as Record<string, unknown>;
      await handler({ ...event, region: 'ap-southeast-2', detail });
      expect((received[0].body as { text: string }).text).toBe(
        ':x: Deployment d-ABC123 of checkout/prod failed in 444455556666 ap-southeast-2 (FAILURE)',
      );
    });

    it('escapes the characters Slack reads as markup', async () => {
      const { handler } = harness();
      const event = checkoutEvent('FAILURE');
      await handler({ ...event, detail: { ...(event.detail as object), application: 'a<b>&c' } });
      expect((received[0].body as { text: string }).text).toBe(
        ':x: Deployment d-ABC123 of a&lt;b&gt;&amp;c/prod failed in 444455556666 eu-west-1 (FAILURE)',
      );
    });
  });

  describe('events it does not understand', () => {
    const sample = deploymentSample();
    const instance = instanceSample();
    it.each([
      ['null', null, 'event is not an object'],
      ['a string', 'FAILURE', 'event is not an object'],
      ['an empty object', {}, 'source is not aws.codedeploy'],
      ['a custom event posing as CodeDeploy', { ...sample, source: 'my.app' }, 'source is not aws.codedeploy'],
      [
        'another CodeDeploy detail-type',
        { ...sample, 'detail-type': 'AWS API Call via CloudTrail' },
        'detail-type is not a CodeDeploy state-change notification',
      ],
      ['no detail', { ...sample, detail: undefined }, 'detail is missing'],
      ['a detail without ids', { ...sample, detail: { state: 'FAILURE' } }, 'detail lacks application, deploymentGroup, deploymentId'],
      [
        'an instance event without instanceId',
        { ...instance, detail: { ...instance.detail, instanceId: undefined } },
        'detail lacks instanceId',
      ],
      ['a numeric deploymentId', { ...sample, detail: { ...sample.detail, deploymentId: 42 } }, 'detail lacks deploymentId'],
      ['a bad account', { ...sample, account: '1234' }, 'account is not a 12-digit account ID'],
      ['no region anywhere', { ...sample, region: undefined, detail: { ...sample.detail, region: undefined } }, 'region is missing'],
      ['a lower-case state', { ...sample, detail: { ...sample.detail, state: 'failed' } }, 'state is not an upper-case state name'],
    ])('skips %s without posting, reading the URL or throwing', async (_name, event, reason) => {
      const h = harness();
      await expect(h.handler(event)).resolves.toEqual({ status: 'skipped', reason });
      expect(received).toEqual([]);
      expect(h.urlReads()).toBe(0);
      expect(h.warnings).toHaveLength(1);
      expect(h.warnings[0]).toContain(reason);
    });
  });

  describe('webhook failures', () => {
    it('retries once on HTTP 500 and succeeds with the same message', async () => {
      answers = [{ status: 500, body: 'oops' }];
      const h = harness();
      await expect(h.handler(checkoutEvent('FAILURE'))).resolves.toEqual({ status: 'posted', httpStatus: 200, attempts: 2 });
      expect(received).toHaveLength(2);
      expect(received[1]).toEqual(received[0]);
      expect(h.sleeps).toEqual([notifier.DEFAULTS.retryDelayMs]);
    });

    it('retries once on HTTP 429, waiting what Retry-After asks, at most the cap', async () => {
      answers = [{ status: 429, headers: { 'retry-after': '1' } }];
      const short = harness();
      await short.handler(checkoutEvent('FAILURE'));
      expect(short.sleeps).toEqual([1000]);

      answers = [{ status: 429, headers: { 'retry-after': '30' } }];
      const long = harness();
      await long.handler(checkoutEvent('FAILURE'));
      expect(long.sleeps).toEqual([notifier.DEFAULTS.maxRetryDelayMs]);
      expect(received).toHaveLength(4);
    });

    it('throws after a second 5xx so Lambda retries the event, without revealing the URL', async () => {
      answers = [
        { status: 500, body: 'first' },
        { status: 503, body: 'second' },
      ];
      const h = harness();
      const failure = h.handler(checkoutEvent('FAILURE'));
      await expect(failure).rejects.toThrow('chat webhook answered HTTP 503 twice for deployment d-ABC123: second');
      await failure.catch((error: Error) => expect(error.message).not.toContain('secret-token'));
      expect(received).toHaveLength(2);
    });

    it('does not retry a client error such as 400', async () => {
      answers = [{ status: 400, body: 'invalid_payload' }];
      const h = harness();
      await expect(h.handler(checkoutEvent('FAILURE'))).rejects.toThrow(
        'chat webhook answered HTTP 400 for deployment d-ABC123: invalid_payload',
      );
      expect(received).toHaveLength(1);
      expect(h.sleeps).toEqual([]);
    });

    it('retries once when the connection is refused, then throws naming the cause', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const h = harness({ getWebhookUrl: async () => `http://127.0.0.1:${port}${WEBHOOK_PATH}` });
      await expect(h.handler(checkoutEvent('FAILURE'))).rejects.toThrow(
        'chat webhook request failed twice (TypeError ECONNREFUSED) for deployment d-ABC123',
      );
      expect(h.sleeps).toHaveLength(1);
    });

    it('bounds each request by the timeout: a webhook that never answers fails after two attempts', async () => {
      answers = ['hang', 'hang'];
      const h = harness({ timeoutMs: 150 });
      const started = Date.now();
      await expect(h.handler(checkoutEvent('FAILURE'))).rejects.toThrow(
        'chat webhook request failed twice (TimeoutError) for deployment d-ABC123',
      );
      expect(Date.now() - started).toBeLessThan(3000);
      expect(received).toHaveLength(2);
    });
  });

  describe('the webhook URL', () => {
    it('is read once per container while the cache is fresh, and again once it expires', async () => {
      let clock = 1_000_000;
      const h = harness({ now: () => clock, cacheTtlMs: 60_000 });
      await h.handler(checkoutEvent('START'));
      await h.handler(checkoutEvent('SUCCESS'));
      expect(h.urlReads()).toBe(1);
      clock += 60_000;
      await h.handler(checkoutEvent('FAILURE'));
      expect(h.urlReads()).toBe(2);
    });

    it('is not cached when reading it fails', async () => {
      let reads = 0;
      const h = harness({
        getWebhookUrl: async () => {
          reads++;
          if (reads === 1) throw new Error('AccessDeniedException');
          return `${baseUrl}${WEBHOOK_PATH}`;
        },
      });
      await expect(h.handler(checkoutEvent('FAILURE'))).rejects.toThrow('AccessDeniedException');
      await expect(h.handler(checkoutEvent('FAILURE'))).resolves.toMatchObject({ status: 'posted' });
      expect(reads).toBe(2);
    });

    it('is read again after the webhook answers 410 (revoked or rotated)', async () => {
      answers = [{ status: 410, body: 'channel_is_archived' }];
      const h = harness();
      await expect(h.handler(checkoutEvent('FAILURE'))).rejects.toThrow('HTTP 410');
      await h.handler(checkoutEvent('FAILURE'));
      expect(h.urlReads()).toBe(2);
    });

    it('must be https unless the test opts out', async () => {
      const h = harness({ requireHttps: true });
      await expect(h.handler(checkoutEvent('FAILURE'))).rejects.toThrow('the webhook URL must use https, not http:');
      expect(received).toEqual([]);
    });

    it('must be a URL', async () => {
      const h = harness({ getWebhookUrl: async () => 'not a url' });
      await expect(h.handler(checkoutEvent('FAILURE'))).rejects.toThrow('the webhook parameter does not hold a URL');
    });
  });

  describe('reading the SSM parameter', () => {
    interface FakeSsm {
      importSsm: () => Promise<unknown>;
      clients: Record<string, unknown>[];
      inputs: Record<string, unknown>[];
      options: Record<string, unknown>[];
    }
    function fakeSsm(parameter: { Type: string; Value?: string }): FakeSsm {
      const fake: FakeSsm = { importSsm: async () => module, clients: [], inputs: [], options: [] };
      class GetParameterCommand {
        constructor(public readonly input: Record<string, unknown>) {}
      }
      class SSMClient {
        constructor(config: Record<string, unknown>) {
          fake.clients.push(config);
        }
        async send(command: GetParameterCommand, options: Record<string, unknown>) {
          fake.inputs.push(command.input);
          fake.options.push(options);
          return { Parameter: { Name: command.input.Name, ...parameter } };
        }
      }
      const module = { SSMClient, GetParameterCommand };
      return fake;
    }

    it('decrypts the named parameter with one bounded GetParameter and returns the trimmed URL', async () => {
      const ssm = fakeSsm({ Type: 'SecureString', Value: ' https://hooks.example.com/services/T/B/X \n' });
      const read = notifier.ssmParameterReader({ parameterName: '/chat/webhook', importSsm: ssm.importSsm });
      await expect(read()).resolves.toBe('https://hooks.example.com/services/T/B/X');
      await read();
      expect(ssm.inputs).toEqual([
        { Name: '/chat/webhook', WithDecryption: true },
        { Name: '/chat/webhook', WithDecryption: true },
      ]);
      expect(ssm.clients).toEqual([{ maxAttempts: 2 }]);
      expect(ssm.options[0].abortSignal).toBeDefined();
    });

    it('warns when the parameter is not a SecureString', async () => {
      const warnings: string[] = [];
      const ssm = fakeSsm({ Type: 'String', Value: 'https://hooks.example.com/x' });
      const read = notifier.ssmParameterReader({
        parameterName: 'chat-webhook',
        importSsm: ssm.importSsm,
        log: { info: () => undefined, warn: (m) => warnings.push(m) },
      });
      await read();
      expect(warnings).toEqual([
        'chat-notifier: SSM parameter chat-webhook is a String, not a SecureString; store the webhook URL encrypted',
      ]);
    });

    it('fails on an empty parameter', async () => {
      const read = notifier.ssmParameterReader({ parameterName: 'chat-webhook', importSsm: fakeSsm({ Type: 'SecureString' }).importSsm });
      await expect(read()).rejects.toThrow('SSM parameter chat-webhook has no value');
    });

    it('the exported handler needs WEBHOOK_PARAMETER_NAME, and loads no SDK for an event it skips', async () => {
      expect(process.env.WEBHOOK_PARAMETER_NAME).toBeUndefined();
      // The module logs to the main realm's console (not jest's): capture it there.
      const mainConsole = vm.runInThisContext('globalThis.console') as Console;
      const warn = jest.spyOn(mainConsole, 'warn').mockImplementation(() => undefined);
      try {
        await expect(notifier.handler({ source: 'my.app' })).resolves.toEqual({
          status: 'skipped',
          reason: 'source is not aws.codedeploy',
        });
        expect(warn.mock.calls).toEqual([['chat-notifier: skipped event (no id): source is not aws.codedeploy']]);
      } finally {
        warn.mockRestore();
      }
      await expect(notifier.handler(checkoutEvent('FAILURE'))).rejects.toThrow('WEBHOOK_PARAMETER_NAME is not set');
    });
  });
});
