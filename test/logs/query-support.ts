/**
 * A generated corpus for the query tests, with every record it holds (and the file it is in), plus a
 * file of hand-made records after the last digest: read as unverified, and covering cases the
 * generator does not write (a console session without MFA, a write without readOnly, an object
 * where a name is expected).
 */
import { type CloudTrailRecord, type CorpusSummary, tamper } from '../../tooling/logs/corpus';
import { readPublicKeys } from '../../tooling/logs/verify';
import type { SeenRecord } from './expected-answers';
import { corpus } from './support';

export interface QueryCorpus {
  readonly summary: CorpusSummary;
  readonly seen: SeenRecord[];
  /** The hand-made file (unverified: newer than every digest of its chain). */
  readonly handMade: string;
}

export async function queryCorpus(): Promise<QueryCorpus> {
  const seen: SeenRecord[] = [];
  const summary = await corpus({ pendingHours: 1, recordsPerFile: 12, onRecord: (record, file) => seen.push({ record, file }) });
  const like = summary.unverified[0];
  const records = handMadeRecords(like.split('/').find((part) => /^\d{12}$/.test(part)) as string);
  const handMade = tamper.addUnlistedFile(summary.root, like, records);
  seen.push(...records.map((record) => ({ record, file: handMade })));
  return { summary: { ...summary, unverified: [...summary.unverified, handMade].sort() }, seen, handMade };
}

export function verifyOptionsOf(summary: CorpusSummary) {
  return { publicKeys: readPublicKeys(summary.publicKeysFile) };
}

/** The records of the files a query may read: every record not in `excluded`. */
export function readableRecords(seen: readonly SeenRecord[], excluded: readonly string[]): SeenRecord[] {
  const out = new Set(excluded);
  return seen.filter(({ file }) => !out.has(file));
}

function handMadeRecords(account: string): CloudTrailRecord[] {
  const base = {
    eventVersion: '1.11',
    eventSource: 'codedeploy.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.99',
    userAgent: 'console.amazonaws.com',
    eventType: 'AwsApiCall',
    recipientAccountId: account,
    responseElements: null,
  };
  const consoleRole = {
    type: 'AssumedRole',
    principalId: 'AROAHANDMADE:dave',
    arn: `arn:aws:sts::${account}:assumed-role/admin/dave`,
    accountId: account,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAHANDMADE',
        arn: `arn:aws:iam::${account}:role/admin`,
        accountId: account,
        userName: 'admin',
      },
      attributes: { creationDate: '2026-03-01T03:00:00Z', mfaAuthenticated: 'false' },
    },
  };
  return [
    {
      ...base,
      userIdentity: consoleRole,
      eventTime: '2026-03-01T03:58:01Z',
      eventName: 'UpdateDeploymentGroup',
      requestParameters: {
        applicationName: 'payments',
        currentDeploymentGroupName: 'prod',
        alarmConfiguration: { enabled: false, alarms: [] },
      },
      requestID: 'hand-1',
      eventID: 'hand-1',
      readOnly: false,
      sessionCredentialFromConsole: 'true',
    },
    {
      ...base,
      userIdentity: consoleRole,
      eventTime: '2026-03-01T03:58:02Z',
      eventName: 'PutLifecycleEventHookExecutionStatus',
      requestParameters: { deploymentId: 'd-HANDMADE1', lifecycleEventHookExecutionId: 'x', status: 'Succeeded' },
      requestID: 'hand-2',
      eventID: 'hand-2',
      sessionCredentialFromConsole: 'true',
    },
    {
      ...base,
      userIdentity: { ...consoleRole, sessionContext: { ...consoleRole.sessionContext, attributes: { mfaAuthenticated: 'true' } } },
      eventTime: '2026-03-01T03:58:03Z',
      eventName: 'CreateDeployment',
      requestParameters: { applicationName: { unexpected: 'object' }, deploymentGroupName: 'prod' },
      responseElements: { deploymentId: 'd-HANDMADE2' },
      requestID: 'hand-3',
      eventID: 'hand-3',
      readOnly: false,
      sessionCredentialFromConsole: 'true',
    },
  ];
}
