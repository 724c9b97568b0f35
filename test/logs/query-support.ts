/**
 * A generated corpus for the query tests, with every record it holds (and the file it is in), plus a
 * file of hand-made records after the last digest: read as unverified, and covering cases the
 * generator does not write (a console session without MFA, a write without readOnly, an object
 * where a name is expected).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CloudTrailRecord, type CorpusSummary, tamper } from '../../tooling/logs/corpus';
import { readPublicKeys } from '../../tooling/logs/verify';
import type { SeenRecord } from './expected-answers';
import { corpus, testKeys } from './support';

export interface QueryCorpus {
  readonly summary: CorpusSummary;
  readonly seen: SeenRecord[];
  /** The hand-made file (unverified: newer than every digest of its chain). */
  readonly handMade: string;
}

/**
 * Made once per jest run and shared by the query test files (read-only: a test that changes files
 * works on copyOf), kept in the run's TMPDIR. A file that finds none makes it in a private folder
 * and renames it into place; when another file got there first, it uses that one.
 */
const SHARED = path.join(os.tmpdir(), 'cdktf-org-logging-query-corpus-v1');
const FIXTURE = `${SHARED}.json`;

export async function queryCorpus(): Promise<QueryCorpus> {
  const shared = readShared();
  if (shared) return shared;
  const made = await makeQueryCorpus();
  try {
    fs.renameSync(made.summary.root, SHARED);
  } catch {
    // Another test file made it first: this one keeps its own (the same content, from the same seed and keys).
    return made;
  }
  const { keys: _keys, ...summary } = made.summary;
  const partial = `${FIXTURE}.${process.pid}`;
  fs.writeFileSync(partial, JSON.stringify({ ...made, summary: { ...summary, root: SHARED } }));
  fs.renameSync(partial, FIXTURE);
  return readShared() as QueryCorpus;
}

/** The shared corpus, when its description is written (it is written after the folder is in place). */
function readShared(): QueryCorpus | undefined {
  let stored: QueryCorpus;
  try {
    stored = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  } catch {
    return undefined;
  }
  return { ...stored, summary: { ...stored.summary, publicKeysFile: path.join(SHARED, 'public-keys.json'), keys: testKeys() } };
}

async function makeQueryCorpus(): Promise<QueryCorpus> {
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
