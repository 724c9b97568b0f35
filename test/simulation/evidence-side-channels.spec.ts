/**
 * Side channels into the evidence, beside the direct writes, deletes and settings other specs try.
 *
 * S3 replication: an administrator of the log-archive account
 * (identity policy allows everything) does not call PutObject or DeleteObject on the archive; it
 * sets up replication from a bucket of its own, so that S3 writes or deletes for it with
 * `s3:ReplicateObject` / `s3:ReplicateDelete` (the destination permissions of a replication role,
 * S3 user guide, setting-repl-config-perm-overview), either with a role of its own into the archive,
 * or with the archive's own replication role (which the replica admits) into the replica.
 *
 * Access logs: the access-log buckets are evidence too (README, "Evidence no insider can destroy or
 * forge"). An object written over a real access log makes it a noncurrent version, which the
 * bucket's lifecycle deletes after 30 days: only S3 server access logging may write there.
 *
 * Requester Pays: "Requester Pays buckets do not support ... using a Requester Pays bucket as the
 * target bucket for end-user logging" (S3 user guide, RequesterPaysBuckets), and every other account
 * must then send `x-amz-request-payer`: turning it on silently stops server access logging into the
 * access-log buckets and breaks the readers' tooling.
 *
 * The example's literal policies, with the organization's SCPs and RCP.
 */
import { exampleConfig } from '../support/config';
import { allowIdentity, type Decision, type PolicyJson, policyAt, simulate, synthesizedPolicies } from '../support/simulate';
import { buildExample } from '../support/synth';

const config = exampleConfig();
const built = buildExample(config);
const archivePolicies = synthesizedPolicies(built.stacks.get('log-archive'));
const guardrailPolicies = synthesizedPolicies(built.stacks.get('organization-guardrails'));

const ARCHIVE = policyAt(archivePolicies, 'log-archive/Archive/Storage/Policy');
const ACCESS_LOGS = policyAt(archivePolicies, 'log-archive/AccessLogBucket/Storage/Policy');
const REPLICA = policyAt(archivePolicies, 'log-archive/Replica/Storage/Policy');
const SCPS = ['DeliveryPolicy', 'ArchivePolicy', 'MonitoringPolicy'].map((name) =>
  policyAt(guardrailPolicies, `organization-guardrails/Guardrails/${name}`),
);
const RCPS = [policyAt(guardrailPolicies, 'organization-guardrails/Guardrails/PerimeterPolicy')];

const ORG = config.organizationId;
const LOG_ARCHIVE = config.logArchiveAccountId;
const REGION = config.homeRegion;
const BUCKET = `arn:aws:s3:::${config.archiveBucketName}`;
const LOG_PATH = `${BUCKET}/cloudtrail/AWSLogs/${ORG}/${LOG_ARCHIVE}`;
const LOG_FILE = `${LOG_PATH}/CloudTrail/${REGION}/2025/06/01/${LOG_ARCHIVE}_CloudTrail_${REGION}_20250601T1205Z_a.json.gz`;
const DIGEST_FILE = `${LOG_PATH}/CloudTrail-Digest/${REGION}/2025/06/01/${LOG_ARCHIVE}_CloudTrail-Digest_${REGION}_acme_${REGION}_20250601T1205Z.json.gz`;
const role = (name: string) => `arn:aws:iam::${LOG_ARCHIVE}:role/${name}`;
const ADMIN = role('LogArchiveAdministrator');
const OWN_REPLICATION_ROLE = role('attacker-replication');
const DEPLOYER = role(config.deployment.roleName);
const REPLICATION_ROLE = role(`${config.archive.replication?.bucketName}-replication`);
const TLS = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3', 'aws:PrincipalOrgID': ORG };

function request(
  principal: string,
  action: string,
  resource: string,
  policy: PolicyJson | undefined,
  guardrails = true,
): Promise<Decision> {
  return simulate({
    policy,
    action,
    resource,
    resourceAccount: LOG_ARCHIVE,
    principal,
    identityPolicy: allowIdentity(['*']),
    context: action.startsWith('s3:') ? TLS : { 'aws:PrincipalOrgID': ORG },
    serviceControlPolicies: guardrails ? SCPS : undefined,
    resourceControlPolicies: guardrails && action.startsWith('s3:') ? RCPS : undefined,
  });
}

const REPLICATION_WRITES = ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'];

describe('replication into the archive, by a role of the log-archive account that is not CloudTrail', () => {
  it.each(REPLICATION_WRITES.flatMap((action) => [LOG_FILE, DIGEST_FILE].map((file): [string, string] => [action, file])))(
    'is denied by the bucket policy alone: %s on %s',
    async (action, file) => {
      expect(await request(OWN_REPLICATION_ROLE, action, file, ARCHIVE, false)).toBe('ExplicitlyDenied');
    },
  );

  it('is denied a replicated delete marker by the SCP alone too (a bucket policy opened by mistake)', async () => {
    expect(await request(OWN_REPLICATION_ROLE, 's3:ReplicateDelete', LOG_FILE, undefined)).toBe('ExplicitlyDenied');
  });

  it('is what the deny stops: the same role may replicate outside cloudtrail/AWSLogs/ (control)', async () => {
    expect(await request(OWN_REPLICATION_ROLE, 's3:ReplicateDelete', `${BUCKET}/elsewhere/x.json.gz`, ARCHIVE, false)).toBe('Allowed');
  });
});

describe("the archive's replication role, handed to another bucket's replication", () => {
  it('cannot be passed by an administrator of the log-archive account (SCP)', async () => {
    expect(await request(ADMIN, 'iam:PassRole', REPLICATION_ROLE, undefined)).toBe('ExplicitlyDenied');
  });

  it('could be passed without the guardrails (control: the identity allow is real)', async () => {
    expect(await request(ADMIN, 'iam:PassRole', REPLICATION_ROLE, undefined, false)).toBe('Allowed');
  });

  it('can still be passed by the deployment role, which writes the replication configuration (no lockout)', async () => {
    expect(await request(DEPLOYER, 'iam:PassRole', REPLICATION_ROLE, undefined)).toBe('Allowed');
  });

  it('leaves the administrator free to pass its own roles (control)', async () => {
    expect(await request(ADMIN, 'iam:PassRole', OWN_REPLICATION_ROLE, undefined)).toBe('Allowed');
  });
});

describe('Requester Pays on the evidence buckets, by an administrator of the log-archive account', () => {
  const buckets: [string, string, PolicyJson][] = [
    ['the archive', BUCKET, ARCHIVE],
    ['its access-log bucket', `arn:aws:s3:::${config.archiveBucketName.replace(/-(\d{12})$/, '-access-logs-$1')}`, ACCESS_LOGS],
    ['the replica', `arn:aws:s3:::${config.archive.replication?.bucketName}`, REPLICA],
  ];

  it.each(buckets)('is denied on %s by its bucket policy alone', async (_, bucket, policy) => {
    expect(await request(ADMIN, 's3:PutBucketRequestPayment', bucket, policy, false)).toBe('ExplicitlyDenied');
  });

  it.each(buckets)('is denied on %s by the SCP alone (a policy opened by mistake)', async (_, bucket) => {
    expect(await request(ADMIN, 's3:PutBucketRequestPayment', bucket, undefined)).toBe('ExplicitlyDenied');
  });

  it('stays with the deployment role (no lockout), and harmless bucket settings stay with the administrator (controls)', async () => {
    expect(await request(DEPLOYER, 's3:PutBucketRequestPayment', BUCKET, ARCHIVE)).toBe('Allowed');
    expect(await request(ADMIN, 's3:PutBucketTagging', BUCKET, ARCHIVE)).toBe('Allowed');
  });
});

describe('the access-log bucket, written by anyone but S3 server access logging', () => {
  const ACCESS_LOG_BUCKET = `arn:aws:s3:::${config.archiveBucketName.replace(/-(\d{12})$/, '-access-logs-$1')}`;
  const ACCESS_LOG = `${ACCESS_LOG_BUCKET}/${config.archiveBucketName}/${LOG_ARCHIVE}/${REGION}/${config.archiveBucketName}/2025/06/01/2025-06-01-12-00-00-0A1B2C3D4E5F6A7B`;
  const delivery = (sourceArn: string) =>
    simulate({
      policy: ACCESS_LOGS,
      action: 's3:PutObject',
      resource: ACCESS_LOG,
      resourceAccount: LOG_ARCHIVE,
      principal: 'logging.s3.amazonaws.com',
      context: { ...TLS, 'aws:SourceArn': sourceArn, 'aws:SourceAccount': LOG_ARCHIVE, 'aws:SourceOrgID': ORG },
      resourceControlPolicies: RCPS,
    });

  it.each(['s3:PutObject', ...REPLICATION_WRITES])('is denied %s by the bucket policy alone', async (action) => {
    expect(await request(OWN_REPLICATION_ROLE, action, ACCESS_LOG, ACCESS_LOGS, false)).toBe('ExplicitlyDenied');
  });

  it('still lets S3 server access logging deliver the archive bucket its logs (no lost delivery)', async () => {
    expect(await delivery(BUCKET)).toBe('Allowed');
  });

  it('still refuses S3 server access logging acting for another bucket (confused deputy, control)', async () => {
    expect(await delivery('arn:aws:s3:::someone-elses-bucket')).toBe('ImplicitlyDenied');
  });
});
