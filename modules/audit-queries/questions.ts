/**
 * The audit questions, each defined once, in Athena's (Trino) dialect over the CloudTrail table of
 * ./cloudtrail-columns.ts. The Athena stack saves `sql(table)` as a named query; the local engine
 * (tooling/logs) runs the same text in DuckDB over its `cloudtrail` view, with macros for the few
 * Trino functions DuckDB lacks (`json_extract_scalar`, `json_format`).
 *
 * The window is bound, not spliced: every question's WHERE starts with WINDOW_PREDICATE, five
 * positional `?` parameters (WINDOW_PARAMETERS) that both engines bind: Athena as execution
 * parameters (the console asks for them when a saved query has `?`; the CLI takes
 * `--execution-parameters`; athena/latest/ug/querying-with-prepared-statements-querying-using-execution-parameters.html),
 * DuckDB as prepared-statement values. `windowParameters()` computes them from --since/--until/
 * --account, so both engines answer the same question over the same window. The `date` bounds
 * prune partitions in Athena (a file lands in the folder of its delivery day, after its events);
 * the `eventtime` bounds are exact.
 *
 * Times compare as text: CloudTrail writes `eventTime` as `yyyy-MM-ddTHH:mm:ssZ` (whole seconds,
 * UTC), and the bounds are written in that same fixed-width form, so string order is time order
 * and neither engine parses a timestamp. Rows are ordered oldest first (`eventtime`, then `eventid`
 * for a stable order within a second). Column aliases are the camelCase names the issue gives;
 * Athena's result header shows them lower-cased (Trino folds identifiers), DuckDB keeps the case.
 *
 * Pure data and string functions: no cdktf or provider import.
 */

export interface AuditQuestion {
  /** Kebab-case name: the CLI argument and the named query's suffix. */
  readonly name: string;
  /** One line, for `logs questions` and the named query's description. */
  readonly title: string;
  /** What it answers and how, for the README and the named query. */
  readonly description: string;
  /** The row columns, in order, as the SELECT aliases them. */
  readonly columns: readonly string[];
  /** The statement in Athena's dialect over `table` (a table or view name), with WINDOW_PARAMETERS. */
  sql(table: string): string;
}

/** The window every question is filtered by, in the order of its `?` parameters. */
export const WINDOW_PARAMETERS = [
  { name: 'since', description: "first event time, inclusive, as 'yyyy-MM-ddTHH:mm:ssZ'" },
  { name: 'until', description: "end of the window, exclusive, as 'yyyy-MM-ddTHH:mm:ssZ'" },
  { name: 'firstDay', description: "first delivery day to read, 'yyyy/MM/dd' (the day before since)" },
  { name: 'lastDay', description: "last delivery day to read, 'yyyy/MM/dd' (the day after until)" },
  { name: 'account', description: "account partition, a LIKE pattern: '123456789012', or '%' for all" },
] as const;

/** The predicate each question's WHERE starts with; its `?` follow WINDOW_PARAMETERS. */
export const WINDOW_PREDICATE = 'eventtime >= ? AND eventtime < ? AND "date" BETWEEN ? AND ? AND account LIKE ?';

export interface QuestionWindow {
  /** Inclusive. */
  readonly since?: Date;
  /** Exclusive. */
  readonly until?: Date;
  /** A 12-digit account id; all accounts when absent. */
  readonly account?: string;
}

const DAY_MS = 86_400_000;

/** The five window values, as plain strings, in WINDOW_PARAMETERS order. */
export function windowParameters(window: QuestionWindow = {}): [string, string, string, string, string] {
  const since = window.since ? eventTimeBound(window.since) : '0000-01-01T00:00:00Z';
  const until = window.until ? eventTimeBound(window.until) : '9999-12-31T23:59:59Z';
  const firstDay = window.since ? deliveryDay(window.since.getTime() - DAY_MS) : '0000/01/01';
  const lastDay = window.until ? deliveryDay(window.until.getTime() + DAY_MS) : '9999/12/31';
  if (window.account !== undefined && !/^\d{12}$/.test(window.account)) {
    throw new Error(
      `account: "${window.account}" is not a 12-digit AWS account id. Fix: pass the account id as 12 digits, e.g. 123456789012`,
    );
  }
  return [since, until, firstDay, lastDay, window.account ?? '%'];
}

/** The same values as Athena execution parameters (SQL string literals), e.g. for `aws athena start-query-execution`. */
export function athenaExecutionParameters(window: QuestionWindow = {}): string[] {
  return windowParameters(window).map((value) => `'${value}'`);
}

/**
 * An instant as a bound on `eventtime`: rounded up to the whole second, because events carry whole
 * seconds (so `eventtime >= bound` and `eventtime < bound` keep their meaning for fractional input).
 */
function eventTimeBound(instant: Date): string {
  if (Number.isNaN(instant.getTime()))
    throw new Error('window: invalid date (since or until is not a time). Fix: pass an ISO 8601 time such as 2026-01-31T00:00:00Z');
  const seconds = Math.ceil(instant.getTime() / 1000) * 1000;
  return `${new Date(seconds).toISOString().slice(0, 19)}Z`;
}

function deliveryDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
}

/** Trino/Athena: `date` is a keyword; `account` and `region` are plain identifiers. */
const CODEDEPLOY = "eventsource = 'codedeploy.amazonaws.com'";

/**
 * A call that changes something: `readOnly` false, or, where a record has no `readOnly`, an
 * `eventName` that does not start with Get, List or BatchGet (the definition).
 */
const CHANGES =
  "(readonly = 'false' OR (readonly IS NULL AND NOT (eventname LIKE 'Get%' OR eventname LIKE 'List%' OR eventname LIKE 'BatchGet%')))";

/**
 * Who: the role for assumed-role sessions, else the caller's ARN, else the Identity Center user
 * (`onBehalfOf.userId`), else the calling service.
 */
const PRINCIPAL =
  "CASE WHEN useridentity.type = 'AssumedRole' AND useridentity.sessioncontext.sessionissuer.arn IS NOT NULL " +
  'THEN useridentity.sessioncontext.sessionissuer.arn ' +
  'ELSE coalesce(useridentity.arn, useridentity.onbehalfof.userid, useridentity.invokedby, useridentity.principalid) END';

const CALL_COLUMNS: readonly [string, string][] = [
  ['eventTime', 'eventtime'],
  ['accountId', 'recipientaccountid'],
  ['region', 'awsregion'],
  ['eventName', 'eventname'],
  ['identityType', 'useridentity.type'],
  ['principalArn', 'useridentity.arn'],
  ['sessionIssuer', 'useridentity.sessioncontext.sessionissuer.arn'],
  ['sourceIp', 'sourceipaddress'],
  ['userAgent', 'useragent'],
  ['application', "json_extract_scalar(requestparameters, '$.applicationName')"],
  [
    'deploymentGroup',
    "coalesce(json_extract_scalar(requestparameters, '$.deploymentGroupName'), json_extract_scalar(requestparameters, '$.currentDeploymentGroupName'))",
  ],
  [
    'deploymentId',
    "coalesce(json_extract_scalar(responseelements, '$.deploymentId'), json_extract_scalar(requestparameters, '$.deploymentId'))",
  ],
  ['errorCode', 'errorcode'],
];

const GROUP_SAFETY_COLUMNS: readonly [string, string][] = [
  ['alarmConfiguration', "json_format(json_extract(requestparameters, '$.alarmConfiguration'))"],
  ['autoRollbackConfiguration', "json_format(json_extract(requestparameters, '$.autoRollbackConfiguration'))"],
  ['serviceRoleArn', "json_extract_scalar(requestparameters, '$.serviceRoleArn')"],
];

/** A row-per-call question: the call columns (plus extras) where the window and `condition` hold. */
function callQuestion(
  question: Omit<AuditQuestion, 'sql' | 'columns'>,
  condition: readonly string[],
  extra: readonly [string, string][] = [],
): AuditQuestion {
  const columns = [...CALL_COLUMNS, ...extra];
  return {
    ...question,
    columns: columns.map(([alias]) => alias),
    sql: (table) =>
      [
        'SELECT',
        columns.map(([alias, expression]) => `  ${expression} AS "${alias}"`).join(',\n'),
        `FROM ${table}`,
        `WHERE ${WINDOW_PREDICATE}`,
        ...condition.map((line) => `  AND ${line}`),
        'ORDER BY eventtime, eventid',
      ].join('\n'),
  };
}

export const CODEDEPLOY_CHANGES = callQuestion(
  {
    name: 'codedeploy-changes',
    title: 'Every CodeDeploy call that changes something, oldest first',
    description:
      'CodeDeploy calls (eventSource codedeploy.amazonaws.com) with readOnly false, or, where readOnly is absent, an eventName not starting with Get, List or BatchGet: who (identity type, principal, the role behind an assumed-role session), from where (source IP, user agent), what (application, deployment group, deployment id) and whether it failed (errorCode, null on success).',
  },
  [CODEDEPLOY, CHANGES],
);

export const CODEDEPLOY_DENIED = callQuestion(
  {
    name: 'codedeploy-denied',
    title: 'CodeDeploy calls that failed (access denied and every other error), oldest first',
    description:
      'Every CodeDeploy call, read or write, whose record carries an errorCode (AccessDenied, throttling, validation errors): probing and failed attempts to change deployments. Same columns as codedeploy-changes.',
  },
  [CODEDEPLOY, 'errorcode IS NOT NULL'],
);

export const CODEDEPLOY_ROOT_OR_IAM_USER = callQuestion(
  {
    name: 'codedeploy-root-or-iam-user',
    title: 'CodeDeploy calls made with long-term credentials: the root user or an IAM user',
    description:
      'Every CodeDeploy call, read or write, whose userIdentity.type is Root or IAMUser. Deployments are expected to come from roles (pipelines, federated people); long-term credentials here are findings. Same columns as codedeploy-changes.',
  },
  [CODEDEPLOY, "useridentity.type IN ('Root', 'IAMUser')"],
);

export const CODEDEPLOY_CHANGES_WITHOUT_MFA = callQuestion(
  {
    name: 'codedeploy-changes-without-mfa',
    title: 'CodeDeploy changes by people without MFA: root, IAM users, console sessions',
    description:
      "The codedeploy-changes calls made by a person (identity type Root or IAMUser, or any session whose sessionCredentialFromConsole is 'true') whose userIdentity.sessionContext.attributes.mfaAuthenticated is not 'true' (absent counts as no MFA: access-key calls carry no session context). Machine roles are left out: they never carry MFA. Same columns as codedeploy-changes.",
  },
  [
    CODEDEPLOY,
    CHANGES,
    "(useridentity.type IN ('Root', 'IAMUser') OR sessioncredentialfromconsole = 'true')",
    "coalesce(useridentity.sessioncontext.attributes.mfaauthenticated, 'false') <> 'true'",
  ],
);

export const DEPLOYMENT_GROUP_SAFETY_CHANGES = callQuestion(
  {
    name: 'deployment-group-safety-changes',
    title: "Changes to deployment groups' alarms, automatic rollback or service role",
    description:
      'CreateDeploymentGroup and UpdateDeploymentGroup calls whose requestParameters set alarmConfiguration, autoRollbackConfiguration or serviceRoleArn: the settings that stop a bad deployment and the role it runs as. Turning alarms or rollback off, or swapping the role, shows here. The codedeploy-changes columns plus the three settings as sent (JSON text for the two configurations).',
  },
  [
    CODEDEPLOY,
    "eventname IN ('CreateDeploymentGroup', 'UpdateDeploymentGroup')",
    "(json_extract(requestparameters, '$.alarmConfiguration') IS NOT NULL OR json_extract(requestparameters, '$.autoRollbackConfiguration') IS NOT NULL OR json_extract(requestparameters, '$.serviceRoleArn') IS NOT NULL)",
  ],
  GROUP_SAFETY_COLUMNS,
);

export const DEPLOYMENTS_BY_PRINCIPAL: AuditQuestion = {
  name: 'deployments-by-principal',
  title: 'CreateDeployment calls per principal (the role behind assumed-role sessions)',
  description:
    'CreateDeployment calls grouped by principal: the session issuer (the role) for assumed roles, else the caller ARN, else the Identity Center user id, else the calling service. With the identity type, the number of calls, how many failed, and the first and last call time; ordered by first call.',
  columns: ['principal', 'identityType', 'calls', 'failedCalls', 'firstTime', 'lastTime'],
  sql: (table) =>
    [
      'SELECT',
      `  ${PRINCIPAL} AS "principal",`,
      '  useridentity.type AS "identityType",',
      '  count(*) AS "calls",',
      '  count(errorcode) AS "failedCalls",',
      '  min(eventtime) AS "firstTime",',
      '  max(eventtime) AS "lastTime"',
      `FROM ${table}`,
      `WHERE ${WINDOW_PREDICATE}`,
      `  AND ${CODEDEPLOY}`,
      "  AND eventname = 'CreateDeployment'",
      'GROUP BY 1, 2',
      'ORDER BY 5, 1, 2',
    ].join('\n'),
};

/** Every question, in the order `logs questions` lists them. */
export const AUDIT_QUESTIONS: readonly AuditQuestion[] = [
  CODEDEPLOY_CHANGES,
  CODEDEPLOY_DENIED,
  DEPLOYMENTS_BY_PRINCIPAL,
  CODEDEPLOY_ROOT_OR_IAM_USER,
  CODEDEPLOY_CHANGES_WITHOUT_MFA,
  DEPLOYMENT_GROUP_SAFETY_CHANGES,
];

export function findQuestion(name: string): AuditQuestion | undefined {
  return AUDIT_QUESTIONS.find((question) => question.name === name);
}
