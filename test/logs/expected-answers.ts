/**
 * Each audit question's rows computed in plain TypeScript from the generated records, written from
 * the definitions and not from the SQL: the engines are checked against this.
 */
import type { CloudTrailRecord } from '../../tooling/logs/corpus';

export interface SeenRecord {
  readonly record: CloudTrailRecord;
  /** The log file it went to (relative key). */
  readonly file: string;
}

export interface Window {
  readonly since?: string;
  readonly until?: string;
  readonly account?: string;
}

type Row = Record<string, unknown>;
type Json = Record<string, unknown>;

const get = (value: unknown, ...keys: string[]): unknown => {
  let at = value;
  for (const key of keys) at = at && typeof at === 'object' ? (at as Json)[key] : undefined;
  return at;
};
/** A scalar as json_extract_scalar returns it: text, or null for absent, null, object or array. */
const scalar = (value: unknown): string | null =>
  value === undefined || value === null || typeof value === 'object' ? null : String(value);
const orNull = (value: unknown): unknown => (value === undefined ? null : value);

const isCodeDeploy = (r: CloudTrailRecord) => r.eventSource === 'codedeploy.amazonaws.com';
const name = (r: CloudTrailRecord) => String(r.eventName);
/** readOnly false, or, where absent, an eventName not starting with Get, List or BatchGet. */
const changes = (r: CloudTrailRecord) =>
  r.readOnly === false || (r.readOnly === undefined && !['Get', 'List', 'BatchGet'].some((prefix) => name(r).startsWith(prefix)));
const identityType = (r: CloudTrailRecord) => get(r, 'userIdentity', 'type');

function callRow(r: CloudTrailRecord): Row {
  const request = r.requestParameters;
  return {
    eventTime: r.eventTime,
    accountId: r.recipientAccountId,
    region: r.awsRegion,
    eventName: r.eventName,
    identityType: orNull(identityType(r)),
    principalArn: orNull(get(r, 'userIdentity', 'arn')),
    sessionIssuer: orNull(get(r, 'userIdentity', 'sessionContext', 'sessionIssuer', 'arn')),
    sourceIp: orNull(r.sourceIPAddress),
    userAgent: orNull(r.userAgent),
    application: scalar(get(request, 'applicationName')),
    deploymentGroup: scalar(get(request, 'deploymentGroupName')) ?? scalar(get(request, 'currentDeploymentGroupName')),
    deploymentId: scalar(get(r.responseElements, 'deploymentId')) ?? scalar(get(request, 'deploymentId')),
    errorCode: orNull(r.errorCode),
  };
}

/** Code-point order, NULL last: how both engines order text by default. */
function byText(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function oldestFirst(records: CloudTrailRecord[]): CloudTrailRecord[] {
  return [...records].sort((a, b) => byText(a.eventTime, b.eventTime) || byText(a.eventID, b.eventID));
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

const CALL_QUESTIONS: Record<string, { where: (r: CloudTrailRecord) => boolean; extra?: (r: CloudTrailRecord) => Row }> = {
  'codedeploy-changes': { where: (r) => isCodeDeploy(r) && changes(r) },
  'codedeploy-denied': { where: (r) => isCodeDeploy(r) && r.errorCode !== undefined },
  'codedeploy-root-or-iam-user': { where: (r) => isCodeDeploy(r) && ['Root', 'IAMUser'].includes(String(identityType(r))) },
  'codedeploy-changes-without-mfa': {
    where: (r) =>
      isCodeDeploy(r) &&
      changes(r) &&
      (['Root', 'IAMUser'].includes(String(identityType(r))) || r.sessionCredentialFromConsole === 'true') &&
      get(r, 'userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated') !== 'true',
  },
  'deployment-group-safety-changes': {
    where: (r) =>
      isCodeDeploy(r) &&
      ['CreateDeploymentGroup', 'UpdateDeploymentGroup'].includes(name(r)) &&
      ['alarmConfiguration', 'autoRollbackConfiguration', 'serviceRoleArn'].some((key) => get(r.requestParameters, key) !== undefined),
    extra: (r) => ({
      alarmConfiguration: json(get(r.requestParameters, 'alarmConfiguration')),
      autoRollbackConfiguration: json(get(r.requestParameters, 'autoRollbackConfiguration')),
      serviceRoleArn: scalar(get(r.requestParameters, 'serviceRoleArn')),
    }),
  },
};

/** The question's rows over `seen` (records of the files the engine may read), within `window`. */
export function expectedRows(question: string, seen: readonly SeenRecord[], window: Window = {}): Row[] {
  const records = seen
    .filter(({ record, file }) => {
      const time = String(record.eventTime);
      return (
        (!window.since || time >= window.since) &&
        (!window.until || time < window.until) &&
        (!window.account || file.split('/').includes(window.account))
      );
    })
    .map(({ record }) => record);
  const call = CALL_QUESTIONS[question];
  if (call) return oldestFirst(records.filter(call.where)).map((r) => ({ ...callRow(r), ...(call.extra?.(r) ?? {}) }));
  if (question === 'deployments-by-principal') return byPrincipal(records);
  throw new Error(`no expectation for ${question}`);
}

function byPrincipal(records: CloudTrailRecord[]): Row[] {
  const groups = new Map<string, Row & { calls: number; failedCalls: number; firstTime: string; lastTime: string }>();
  for (const r of records.filter((r) => isCodeDeploy(r) && name(r) === 'CreateDeployment')) {
    const issuer = get(r, 'userIdentity', 'sessionContext', 'sessionIssuer', 'arn');
    const principal =
      identityType(r) === 'AssumedRole' && issuer !== undefined
        ? issuer
        : (get(r, 'userIdentity', 'arn') ??
          get(r, 'userIdentity', 'onBehalfOf', 'userId') ??
          get(r, 'userIdentity', 'invokedBy') ??
          get(r, 'userIdentity', 'principalId') ??
          null);
    const type = orNull(identityType(r));
    const key = JSON.stringify([principal, type]);
    const time = String(r.eventTime);
    const group = groups.get(key) ?? { principal, identityType: type, calls: 0, failedCalls: 0, firstTime: time, lastTime: time };
    group.calls += 1;
    group.failedCalls += r.errorCode === undefined ? 0 : 1;
    if (time < group.firstTime) group.firstTime = time;
    if (time > group.lastTime) group.lastTime = time;
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => byText(a.firstTime, b.firstTime) || byText(a.principal, b.principal) || byText(a.identityType, b.identityType),
  );
}
