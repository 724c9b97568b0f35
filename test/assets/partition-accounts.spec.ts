/**
 * The partition-account refresh handler (assets/partition-accounts/index.mjs), run for real: the
 * untransformed ES module, the real AWS SDK for JavaScript v3 clients (as Lambda's runtime provides
 * them), signing and serializing real requests to a local HTTP server on 127.0.0.1 that answers as
 * S3 (ListObjectsV2, REST-XML) and Glue (GetTable/UpdateTable, JSON 1.1) do. The SDK is pointed at
 * it by endpoint overrides: for `createHandler`, client options; for the exported `handler`, the
 * SDK's service-specific endpoint variables (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_GLUE).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { importEsModule } from '../support/es-module';

const HANDLER_FILE = path.resolve(__dirname, '..', '..', 'assets', 'partition-accounts', 'index.mjs');

const BUCKET = 'org-archive-222222222222';
const ORG = 'o-abcdefghij';
const LOGS = 'trails/AWSLogs/';
const ENV = {
  ARCHIVE_BUCKET: BUCKET,
  LOGS_PREFIX: LOGS,
  ORGANIZATION_ID: ORG,
  DATABASE_NAME: 'audit_db',
  ORGANIZATION_TABLE: 'org_table',
  ACCOUNT_TRAILS_TABLE: 'account_table',
};

interface Result {
  table: string;
  updated: boolean;
  accounts: number;
  added: number;
  dropped: string[];
}
interface HandlerModule {
  createHandler(options: Record<string, unknown>): () => Promise<{ results: Result[] }>;
  handler(event: unknown): Promise<{ results: Result[] }>;
  ACCOUNT_VALUES_PARAMETER: string;
}
type Sdk = Record<string, new (...args: unknown[]) => unknown>;

// --- the fake S3 and Glue ------------------------------------------------------------------------

interface Received {
  method: string;
  url: string;
  target?: string;
  authorization?: string;
  body: string;
}
let server: http.Server;
let endpoint = '';
let received: Received[] = [];
/** Folder names under each listed prefix; the fake answers two per page. */
let folders: Record<string, string[]> = {};
/** Tables by name, as GetTable returns them. */
let tables: Record<string, Record<string, unknown>> = {};
/** Glue error to answer UpdateTable with, once. */
let updateError: string | undefined;

function listObjects(url: URL): string {
  const prefix = url.searchParams.get('prefix') ?? '';
  const all = (folders[prefix] ?? []).map((f) => `${prefix}${f}/`);
  const start = Number(url.searchParams.get('continuation-token') ?? '0');
  const page = all.slice(start, start + 2);
  const more = start + 2 < all.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${BUCKET}</Name><Prefix>${prefix}</Prefix><Delimiter>/</Delimiter><MaxKeys>1000</MaxKeys><KeyCount>${page.length}</KeyCount>`,
    `<IsTruncated>${more}</IsTruncated>`,
    ...page.map((p) => `<CommonPrefixes><Prefix>${xmlText(p)}</Prefix></CommonPrefixes>`),
    more ? `<NextContinuationToken>${start + 2}</NextContinuationToken>` : '',
    '</ListBucketResult>',
  ].join('');
}

/** A key as S3 writes it into XML text (the SDK decodes the entities back). */
function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;');
}

function glue(target: string, body: Record<string, unknown>): { status: number; json: unknown } {
  if (target === 'AWSGlue.GetTable') {
    const table = tables[String(body.Name)];
    return table
      ? { status: 200, json: { Table: table } }
      : { status: 400, json: { __type: 'EntityNotFoundException', Message: `Table ${String(body.Name)} not found.` } };
  }
  if (target === 'AWSGlue.UpdateTable') {
    if (updateError) {
      const error = updateError;
      updateError = undefined;
      return { status: 400, json: { __type: error, Message: 'Update table failed due to concurrent modifications.' } };
    }
    return { status: 200, json: {} };
  }
  return { status: 400, json: { __type: 'UnknownOperationException' } };
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = request.headers['x-amz-target'] as string | undefined;
      received.push({ method: request.method ?? '', url: request.url ?? '', target, authorization: request.headers.authorization, body });
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (target) {
        const answer = glue(target, JSON.parse(body || '{}'));
        response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(answer.json));
      } else if (
        request.method === 'GET' &&
        url.pathname.replace(/\/$/, '') === `/${BUCKET}` &&
        url.searchParams.get('list-type') === '2'
      ) {
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end(listObjects(url));
      } else {
        response.writeHead(404, { 'content-type': 'application/xml' });
        response.end('<Error><Code>NoSuchKey</Code></Error>');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A table as Glue's GetTable returns it: read-only fields included. */
function glueTable(name: string, accounts: string): Record<string, unknown> {
  return {
    Name: name,
    DatabaseName: 'audit_db',
    CatalogId: '333333333333',
    CreateTime: 1_700_000_000,
    UpdateTime: 1_700_000_100,
    CreatedBy: 'arn:aws:iam::333333333333:role/deploy',
    IsRegisteredWithLakeFormation: false,
    VersionId: '7',
    TableType: 'EXTERNAL_TABLE',
    Retention: 0,
    PartitionKeys: [
      { Name: 'account', Type: 'string' },
      { Name: 'region', Type: 'string' },
      { Name: 'date', Type: 'string' },
    ],
    StorageDescriptor: {
      Columns: [{ Name: 'eventtime', Type: 'string' }],
      Location: `s3://${BUCKET}/${LOGS}`,
      InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      Compressed: false,
      NumberOfBuckets: 0,
      SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe', Parameters: {} },
      StoredAsSubDirectories: false,
    },
    Parameters: { EXTERNAL: 'TRUE', 'projection.enabled': 'true', 'projection.account.values': accounts },
  };
}

let handlerModule: HandlerModule;
let s3Sdk: Sdk;
let glueSdk: Sdk;

beforeAll(async () => {
  handlerModule = await importEsModule<HandlerModule>(HANDLER_FILE);
  s3Sdk = await importEsModule<Sdk>(require.resolve('@aws-sdk/client-s3'));
  glueSdk = await importEsModule<Sdk>(require.resolve('@aws-sdk/client-glue'));
});

beforeEach(() => {
  received = [];
  updateError = undefined;
  folders = {
    [LOGS]: [ORG, '444444444444', '555555555555', 'not-an-account'],
    [`${LOGS}${ORG}/`]: ['111111111111', '222222222222', '333333333333', '666666666666', '12345'],
  };
  tables = {
    org_table: glueTable('org_table', '222222222222,111111111111'),
    account_table: glueTable('account_table', '444444444444,555555555555'),
  };
});

function run(env: Record<string, string> = ENV): Promise<{ results: Result[] }> {
  const options = { region: 'eu-west-1', endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
  const logged: string[] = [];
  return handlerModule.createHandler({
    s3: new s3Sdk.S3Client({ ...options, forcePathStyle: true }),
    glue: new glueSdk.GlueClient(options),
    s3Commands: s3Sdk,
    glueCommands: glueSdk,
    env,
    log: { info: (line: string) => logged.push(line) },
  })();
}

const updates = () => received.filter((r) => r.target === 'AWSGlue.UpdateTable').map((r) => JSON.parse(r.body) as Record<string, unknown>);
/** The account lists sent for one table by UpdateTable, in order. */
const sentValues = (table: string) =>
  updates()
    .map((u) => u.TableInput as { Name: string; Parameters: Record<string, string> })
    .filter((t) => t.Name === table)
    .map((t) => t.Parameters['projection.account.values']);

describe('partition-accounts handler', () => {
  it('lists only the two AWSLogs folders, one level deep, every page, with signed requests', async () => {
    await run();
    const lists = received.filter((r) => r.method === 'GET').map((r) => new URL(r.url, endpoint));
    expect(
      lists.map((u) => [u.searchParams.get('prefix'), u.searchParams.get('delimiter'), u.searchParams.get('continuation-token')]).sort(),
    ).toEqual(
      [
        [LOGS, '/', null],
        [LOGS, '/', '2'],
        [`${LOGS}${ORG}/`, '/', null],
        [`${LOGS}${ORG}/`, '/', '2'],
        [`${LOGS}${ORG}/`, '/', '4'],
      ].sort(),
    );
    for (const r of received) expect(r.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
  });

  it('adds the accounts it finds to each table, sorted, and sends the table back with only that parameter changed', async () => {
    const { results } = await run();
    expect(results).toEqual([
      { table: 'org_table', updated: true, accounts: 4, added: 2, dropped: [] },
      { table: 'account_table', updated: false, accounts: 2, added: 0, dropped: [] },
    ]);
    const sent = updates();
    expect(sent).toHaveLength(1);
    // What Glue receives: the TableInput fields of the table as read, the read-only ones (DatabaseName
    // inside the table, CatalogId, CreateTime, UpdateTime, CreatedBy, IsRegisteredWithLakeFormation,
    // VersionId) left out.
    expect(sent[0]).toEqual({
      DatabaseName: 'audit_db',
      TableInput: {
        Name: 'org_table',
        TableType: 'EXTERNAL_TABLE',
        Retention: 0,
        PartitionKeys: [
          { Name: 'account', Type: 'string' },
          { Name: 'region', Type: 'string' },
          { Name: 'date', Type: 'string' },
        ],
        StorageDescriptor: {
          Columns: [{ Name: 'eventtime', Type: 'string' }],
          Location: `s3://${BUCKET}/${LOGS}`,
          InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          Compressed: false,
          NumberOfBuckets: 0,
          SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe', Parameters: {} },
          StoredAsSubDirectories: false,
        },
        Parameters: {
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          [handlerModule.ACCOUNT_VALUES_PARAMETER]: '111111111111,222222222222,333333333333,666666666666',
        },
      },
    });
  });

  it('updates nothing when every account found is already projected', async () => {
    tables.org_table = glueTable('org_table', '111111111111,222222222222,333333333333,666666666666');
    const { results } = await run();
    expect(results.map((r) => r.updated)).toEqual([false, false]);
    expect(updates()).toEqual([]);
    expect(received.filter((r) => r.target === 'AWSGlue.GetTable')).toHaveLength(2);
  });

  it('keeps accounts whose folders are gone (a value without data returns zero rows), and adds external accounts', async () => {
    tables.account_table = glueTable('account_table', '999999999999');
    await run();
    expect(
      updates().map((u) => [
        (u.TableInput as { Name: string }).Name,
        (u.TableInput as { Parameters: Record<string, string> }).Parameters['projection.account.values'],
      ]),
    ).toEqual([
      ['org_table', '111111111111,222222222222,333333333333,666666666666'],
      ['account_table', '444444444444,555555555555,999999999999'],
    ]);
  });

  it('never projects a crafted folder name: separators, quotes, line breaks, other digits, other lengths', async () => {
    folders[`${LOGS}${ORG}/`] = [
      '666666666666',
      '777777777777,888888888888',
      "777777777777' OR '1'='1",
      '"777777777777"',
      '777777777777\n',
      '777777777777 ',
      '７７７７７７７７７７７７',
      '٧٧٧٧٧٧٧٧٧٧٧٧',
      '7777777777777',
      '77777777777',
      '777777777777/..',
      'o-abcdefghij',
    ];
    const { results } = await run();
    // Only the real account is added; every crafted name is ignored, none reaches the enum.
    expect(sentValues('org_table')).toEqual(['111111111111,222222222222,666666666666']);
    expect(results[0]).toEqual({ table: 'org_table', updated: true, accounts: 3, added: 1, dropped: [] });
  });

  it('writes back only 12-digit IDs: values someone else put in the list are dropped and reported', async () => {
    tables.org_table = glueTable('org_table', "111111111111,222222222222,x' OR '1'='1, 999/..,22222222222");
    const { results } = await run();
    expect(sentValues('org_table')).toEqual(['111111111111,222222222222,333333333333,666666666666']);
    expect(results[0]).toEqual({
      table: 'org_table',
      updated: true,
      accounts: 4,
      added: 2,
      dropped: ["x' OR '1'='1", '999/..', '22222222222'],
    });
  });

  it('refuses to write an empty list: a table holding only crafted values, and nothing found, is left as it is', async () => {
    // Nothing found and nothing valid: the table is left as it is and the run fails, naming the values.
    folders[`${LOGS}${ORG}/`] = [];
    tables.org_table = glueTable('org_table', 'abc,1234');
    await expect(run()).rejects.toThrow('audit_db.org_table: no 12-digit account ID to project; refused: ["abc","1234"]');
    expect(updates()).toEqual([]);
  });

  it('fails the run when Glue refuses the update (the next run lists everything again), naming the error', async () => {
    updateError = 'ConcurrentModificationException';
    await expect(run()).rejects.toThrow(/concurrent modifications/);
  });

  it('fails before any request when its environment is incomplete, naming the variable', async () => {
    const { DATABASE_NAME: _, ...incomplete } = ENV;
    await expect(run(incomplete)).rejects.toThrow('environment variable DATABASE_NAME is not set');
    expect(received).toEqual([]);
  });

  it('runs as Lambda calls it: the exported handler builds its clients from the runtime SDK and the environment', async () => {
    // The handler module lives in the main realm: set the variables on the real process.
    const realProcess = vm.runInThisContext('process') as NodeJS.Process;
    const saved = { ...realProcess.env };
    Object.assign(realProcess.env, ENV, {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDLAMBDA',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_GLUE: endpoint,
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    try {
      const { results } = await handlerModule.handler({ 'detail-type': 'Scheduled Event' });
      expect(results.map((r) => [r.table, r.updated])).toEqual([
        ['org_table', true],
        ['account_table', false],
      ]);
      expect(updates()).toHaveLength(1);
      expect(received.every((r) => r.authorization?.includes('Credential=AKIDLAMBDA/'))).toBe(true);
      expect(received.some((r) => r.authorization?.includes('/eu-west-1/glue/aws4_request'))).toBe(true);
    } finally {
      for (const key of Object.keys(realProcess.env)) if (!(key in saved)) delete realProcess.env[key];
      Object.assign(realProcess.env, saved);
    }
  });
});
