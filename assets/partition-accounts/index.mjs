/**
 * Keeps the account list of the Athena CloudTrail tables current (cdktf-org-logging, audit queries).
 *
 * The tables project their `account` partition from an enum (`projection.account.values`,
 * athena/latest/ug/partition-projection-supported-types.html). A new account's logs are
 * queryable only once its ID is in that list, so this function lists the archive's own folders
 * and adds every account it finds:
 *
 *   - `[<prefix>/]AWSLogs/<organization id>/<account>/`: accounts of the organization trail (members,
 *     new members, and members that left: their logs stay);
 *   - `[<prefix>/]AWSLogs/<account>/`: account trails (external accounts, and the management account
 *     if the organization trail ever becomes an account trail).
 *
 * ListObjectsV2 with Delimiter "/" returns one CommonPrefix per folder (AmazonS3/latest/API/
 * API_ListObjectsV2.html), so a run costs one LIST request per 1,000 accounts, needs no
 * Organizations permission, and sees external accounts and accounts that left, which
 * organizations:ListAccounts does not.
 *
 * Accounts are only ever added (a value without data returns zero rows, athena/latest/ug/
 * partition-projection.html), and the table is updated only when its list changes. Only 12-digit
 * account IDs are written: a value in the list that is not one is dropped (and logged). The update
 * sends the table as GetTable returned it, with that one parameter changed. Should a Terraform
 * apply update the table at the same moment, one of the two lists wins; the next run adds back
 * whatever is missing, since it lists the folders from scratch. Terraform ignores changes to that
 * parameter (lifecycle ignore_changes).
 *
 * Environment (set by the construct): ARCHIVE_BUCKET, LOGS_PREFIX (`[<prefix>/]AWSLogs/`),
 * ORGANIZATION_ID, DATABASE_NAME, ORGANIZATION_TABLE, ACCOUNT_TRAILS_TABLE.
 *
 * Nothing beyond Node.js and the AWS SDK for JavaScript v3 that Lambda's Node.js runtimes include.
 */

/** The table parameter this function owns. */
export const ACCOUNT_VALUES_PARAMETER = 'projection.account.values';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Fields of a GetTable `Table` that UpdateTable's `TableInput` accepts (Glue API, TableInput); the
 * others (DatabaseName, CreateTime, UpdateTime, CreatedBy, IsRegisteredWithLakeFormation, CatalogId,
 * VersionId, ...) are read-only.
 */
const TABLE_INPUT_FIELDS = [
  'Name',
  'Description',
  'Owner',
  'LastAccessTime',
  'LastAnalyzedTime',
  'Retention',
  'StorageDescriptor',
  'PartitionKeys',
  'ViewOriginalText',
  'ViewExpandedText',
  'TableType',
  'Parameters',
  'TargetTable',
];

/** The settings from the environment; throws naming the missing variable. */
export function settingsFromEnvironment(env = process.env) {
  const read = (name) => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
    return value;
  };
  return {
    bucket: read('ARCHIVE_BUCKET'),
    logsPrefix: read('LOGS_PREFIX'),
    organizationId: read('ORGANIZATION_ID'),
    databaseName: read('DATABASE_NAME'),
    organizationTable: read('ORGANIZATION_TABLE'),
    accountTrailsTable: read('ACCOUNT_TRAILS_TABLE'),
  };
}

/** Account IDs of the folders directly under `prefix` (every page of ListObjectsV2). */
export async function listAccountFolders(s3, ListObjectsV2Command, bucket, prefix) {
  const accounts = new Set();
  let token;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token, MaxKeys: 1000 }),
    );
    for (const common of page.CommonPrefixes ?? []) {
      const name = (common.Prefix ?? '').slice(prefix.length).replace(/\/$/, '');
      // Only a 12-digit folder name is an account: ASCII digits (`\d` without the `u` flag), no
      // separator, quote or line break (`$` without the `m` flag is the end of the string).
      if (ACCOUNT_ID.test(name)) accounts.add(name);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return accounts;
}

/**
 * The values a table should project: the account IDs it has, plus those found, sorted. Only
 * 12-digit IDs are ever written: a value that is not one (a `,` would split it into two enum
 * values, a `/` would move the projected folder) is dropped and named in `dropped`, whoever put it
 * there.
 */
export function mergedValues(current, found) {
  const values = new Set();
  const dropped = [];
  for (const value of (current ?? '').split(',').map((v) => v.trim())) {
    if (ACCOUNT_ID.test(value)) values.add(value);
    else if (value !== '') dropped.push(value);
  }
  for (const account of found) if (ACCOUNT_ID.test(account)) values.add(account);
  return { values: [...values].sort().join(','), dropped };
}

/** Adds the found accounts to one table's enum; returns what it did. */
export async function refreshTable(glue, commands, databaseName, tableName, found) {
  const { Table: table } = await glue.send(new commands.GetTableCommand({ DatabaseName: databaseName, Name: tableName }));
  if (!table) throw new Error(`GetTable returned no table ${databaseName}.${tableName}`);
  const parameters = table.Parameters ?? {};
  const current = parameters[ACCOUNT_VALUES_PARAMETER] ?? '';
  const { values: kept, dropped } = mergedValues(current, []);
  const { values: next } = mergedValues(kept, found);
  const count = (values) => (values ? values.split(',').length : 0);
  if (next === kept && dropped.length === 0) return { table: tableName, updated: false, accounts: count(next), added: 0, dropped };
  // An empty enum would leave the table unqueryable (projection.<column>.values is required):
  // keep the table as it is and fail the run, naming what was refused.
  if (next === '') throw new Error(`${databaseName}.${tableName}: no 12-digit account ID to project; refused: ${JSON.stringify(dropped)}`);
  const tableInput = {};
  for (const field of TABLE_INPUT_FIELDS) if (table[field] !== undefined) tableInput[field] = table[field];
  tableInput.Parameters = { ...parameters, [ACCOUNT_VALUES_PARAMETER]: next };
  await glue.send(new commands.UpdateTableCommand({ DatabaseName: databaseName, TableInput: tableInput }));
  return { table: tableName, updated: true, accounts: count(next), added: count(next) - count(kept), dropped };
}

/**
 * The handler, with its clients and SDK command classes given (tests point the clients at a local
 * server); `handler` below builds them from the runtime's SDK.
 */
export function createHandler({ s3, glue, s3Commands, glueCommands, env = process.env, log = console }) {
  return async () => {
    const settings = settingsFromEnvironment(env);
    const organizationPrefix = `${settings.logsPrefix}${settings.organizationId}/`;
    const [organizationAccounts, trailAccounts] = await Promise.all([
      listAccountFolders(s3, s3Commands.ListObjectsV2Command, settings.bucket, organizationPrefix),
      listAccountFolders(s3, s3Commands.ListObjectsV2Command, settings.bucket, settings.logsPrefix),
    ]);
    const results = [
      await refreshTable(glue, glueCommands, settings.databaseName, settings.organizationTable, organizationAccounts),
      await refreshTable(glue, glueCommands, settings.databaseName, settings.accountTrailsTable, trailAccounts),
    ];
    log.info(JSON.stringify({ message: 'account lists refreshed', results }));
    return { results };
  };
}

let cached;

/** Lambda's entry point (`index.handler`). */
export async function handler(event) {
  if (!cached) {
    const s3Commands = await import('@aws-sdk/client-s3');
    const glueCommands = await import('@aws-sdk/client-glue');
    cached = createHandler({ s3: new s3Commands.S3Client({}), glue: new glueCommands.GlueClient({}), s3Commands, glueCommands });
  }
  return cached(event);
}
