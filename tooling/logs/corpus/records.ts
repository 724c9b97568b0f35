/**
 * Synthetic CloudTrail records in the documented shape (the CodeDeploy entry of
 * shared/seeds/cloudtrail-codedeploy-monitoring.md; awscloudtrail/latest/userguide/
 * cloudtrail-event-reference-record-contents.html and -user-identity.html): CodeDeploy calls that
 * change things and reads (with and without `readOnly`), denied calls, other services, every common
 * identity type, MFA on and off, several source addresses.
 */
import { type IdentityType, identity } from './identities';
import type { Random } from './random';

export type CloudTrailRecord = Record<string, unknown>;

interface RecordContext {
  readonly account: string;
  readonly region: string;
  /** The event time. */
  readonly time: Date;
}

const APPLICATIONS = ['payments', 'checkout', 'search'];
const GROUPS = ['prod', 'staging', 'canary'];
const ROLES = ['deployer', 'ci-release', 'platform-admin'];
const IPS = ['203.0.113.11', '203.0.113.52', '198.51.100.7', '192.0.2.200'];
const AGENTS = ['aws-cli/2.27.0 md/command#deploy.create-deployment', 'console.amazonaws.com', 'aws-sdk-js/3.600.0', 'Boto3/1.34.0'];

interface Call {
  readonly source: string;
  readonly name: string;
  /** true/false as written; undefined leaves the field out (older event versions did). */
  readonly readOnly: boolean | undefined;
  readonly request: (r: Random) => Record<string, unknown> | null;
  readonly response: (r: Random) => Record<string, unknown> | null;
}

const app = (r: Random) => r.pick(APPLICATIONS);
const group = (r: Random) => r.pick(GROUPS);
const deploymentId = (r: Random) => `d-${r.string(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;

const CODEDEPLOY: readonly (readonly [number, Call])[] = [
  [
    6,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'CreateDeployment',
      readOnly: false,
      request: (r) => ({
        applicationName: app(r),
        deploymentGroupName: group(r),
        revision: { revisionType: 'S3', s3Location: { bucket: 'artifacts', key: `app-${r.int(1, 999)}.zip`, bundleType: 'zip' } },
      }),
      response: (r) => ({ deploymentId: deploymentId(r) }),
    },
  ],
  [
    3,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'UpdateDeploymentGroup',
      readOnly: false,
      request: (r) => ({
        applicationName: app(r),
        currentDeploymentGroupName: group(r),
        ...(r.chance(0.5) ? { alarmConfiguration: { enabled: r.chance(0.5), alarms: [{ name: 'errors' }] } } : {}),
        ...(r.chance(0.5) ? { autoRollbackConfiguration: { enabled: r.chance(0.5), events: ['DEPLOYMENT_FAILURE'] } } : {}),
        ...(r.chance(0.3) ? { serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy-service' } : {}),
      }),
      response: () => ({ hooksNotCleanedUp: [] }),
    },
  ],
  [
    2,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'StopDeployment',
      readOnly: false,
      request: (r) => ({ deploymentId: deploymentId(r), autoRollbackEnabled: true }),
      response: () => ({ status: 'Pending' }),
    },
  ],
  [
    1,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'CreateDeploymentGroup',
      readOnly: false,
      request: (r) => ({
        applicationName: app(r),
        deploymentGroupName: group(r),
        serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy-service',
        deploymentConfigName: 'CodeDeployDefault.HalfAtATime',
      }),
      response: (r) => ({ deploymentGroupId: r.uuid() }),
    },
  ],
  [
    1,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'DeleteDeploymentGroup',
      readOnly: false,
      request: (r) => ({ applicationName: app(r), deploymentGroupName: group(r) }),
      response: () => ({ hooksNotCleanedUp: [] }),
    },
  ],
  [
    6,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'GetDeployment',
      readOnly: true,
      request: (r) => ({ deploymentId: deploymentId(r) }),
      response: () => null,
    },
  ],
  [
    4,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'ListDeployments',
      readOnly: true,
      request: (r) => ({ applicationName: app(r), deploymentGroupName: group(r) }),
      response: () => null,
    },
  ],
  [
    3,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'BatchGetDeployments',
      readOnly: true,
      request: (r) => ({ deploymentIds: [deploymentId(r)] }),
      response: () => null,
    },
  ],
  [
    2,
    {
      source: 'codedeploy.amazonaws.com',
      name: 'GetDeploymentGroup',
      readOnly: undefined,
      request: (r) => ({ applicationName: app(r), deploymentGroupName: group(r) }),
      response: () => null,
    },
  ],
  [1, { source: 'codedeploy.amazonaws.com', name: 'ListApplications', readOnly: undefined, request: () => null, response: () => null }],
];

const OTHER: readonly (readonly [number, Call])[] = [
  [
    5,
    {
      source: 'ec2.amazonaws.com',
      name: 'DescribeInstances',
      readOnly: true,
      request: () => ({ instancesSet: {}, filterSet: {} }),
      response: () => null,
    },
  ],
  [
    3,
    {
      source: 'sts.amazonaws.com',
      name: 'AssumeRole',
      readOnly: true,
      request: (r) => ({ roleArn: `arn:aws:iam::123456789012:role/${r.pick(ROLES)}`, roleSessionName: r.string(8) }),
      response: () => ({ assumedRoleUser: {} }),
    },
  ],
  [
    3,
    {
      source: 's3.amazonaws.com',
      name: 'ListBuckets',
      readOnly: true,
      request: () => ({ Host: 's3.amazonaws.com' }),
      response: () => null,
    },
  ],
  [
    2,
    {
      source: 'kms.amazonaws.com',
      name: 'Decrypt',
      readOnly: true,
      request: () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
      response: () => null,
    },
  ],
  [
    1,
    {
      source: 'iam.amazonaws.com',
      name: 'PutRolePolicy',
      readOnly: false,
      request: (r) => ({ roleName: r.pick(ROLES), policyName: 'inline' }),
      response: () => null,
    },
  ],
  [
    1,
    {
      source: 'ec2.amazonaws.com',
      name: 'TerminateInstances',
      readOnly: false,
      request: (r) => ({ instancesSet: { items: [{ instanceId: `i-${r.string(17, '0123456789abcdef')}` }] } }),
      response: () => null,
    },
  ],
];

const IDENTITIES: readonly (readonly [number, IdentityType])[] = [
  [10, 'AssumedRole'],
  [3, 'IAMUser'],
  [3, 'AWSService'],
  [1, 'Root'],
  [1, 'FederatedUser'],
  [2, 'IdentityCenterUser'],
];

/** One record; about half are CodeDeploy calls, 1 in 12 of those denied. */
export function makeRecord(r: Random, context: RecordContext): CloudTrailRecord {
  const call = r.chance(0.5) ? r.weighted(CODEDEPLOY) : r.weighted(OTHER);
  const type = r.weighted(IDENTITIES);
  const denied = call.source === 'codedeploy.amazonaws.com' && type !== 'AWSService' && r.chance(1 / 12);
  const eventTime = context.time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const service = type === 'AWSService';
  return {
    eventVersion: call.readOnly === undefined ? '1.02' : '1.09',
    userIdentity: identity(r, type, context.account, eventTime),
    eventTime,
    eventSource: call.source,
    eventName: call.name,
    awsRegion: context.region,
    sourceIPAddress: service ? 'codedeploy.amazonaws.com' : r.pick(IPS),
    userAgent: service ? 'codedeploy.amazonaws.com' : r.pick(AGENTS),
    ...(denied ? { errorCode: 'AccessDenied', errorMessage: `User is not authorized to perform: codedeploy:${call.name}` } : {}),
    requestParameters: call.request(r),
    responseElements: denied ? null : call.response(r),
    requestID: r.uuid(),
    eventID: r.uuid(),
    ...(call.readOnly === undefined ? {} : { readOnly: call.readOnly }),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: context.account,
    eventCategory: 'Management',
    ...(service
      ? {}
      : {
          tlsDetails: {
            tlsVersion: 'TLSv1.3',
            cipherSuite: 'TLS_AES_128_GCM_SHA256',
            clientProvidedHostHeader: `${call.source.split('.')[0]}.${context.region}.amazonaws.com`,
          },
        }),
  };
}
