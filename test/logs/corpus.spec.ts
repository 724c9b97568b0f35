/** The generated corpus: the documented record and digest shapes, deterministic from its seed. */
import { createHash, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CloudTrailRecord, CorpusSummary } from '../../tooling/logs/corpus';
import { corpus } from './support';

let summary: CorpusSummary;
const records: CloudTrailRecord[] = [];

beforeAll(async () => {
  summary = await corpus({ hours: 2, recordsPerFile: 60, onRecord: (record) => records.push(record) });
});

function readDigest(key: string) {
  const content = zlib.gunzipSync(fs.readFileSync(path.join(summary.root, key)));
  const sidecar = JSON.parse(fs.readFileSync(path.join(summary.root, `${key}.metadata.json`), 'utf8'));
  return { content, body: JSON.parse(content.toString('utf8')), sidecar };
}

describe('generateCorpus > digests', () => {
  it('signs the documented string to sign (checked here independently of the verifier)', () => {
    const [first, second] = summary.chains[0];
    const { content, body, sidecar } = readDigest(second);
    const previous = readDigest(first);
    const signed = [
      body.digestEndTime,
      `${body.digestS3Bucket}/${body.digestS3Object}`,
      createHash('sha256').update(content).digest('hex'),
      body.previousDigestSignature,
    ].join('\n');
    const key = summary.keys.find((k) => k.fingerprint === body.digestPublicKeyFingerprint)!;
    expect(verify('sha256', Buffer.from(signed), key.privateKey, Buffer.from(sidecar.Metadata.signature, 'hex'))).toBe(true);
    expect(body.previousDigestSignature).toBe(previous.sidecar.Metadata.signature);
    expect(body.previousDigestHashValue).toBe(createHash('sha256').update(previous.content).digest('hex'));
    const start = previous.body;
    const startSigned = `${start.digestEndTime}\n${start.digestS3Bucket}/${start.digestS3Object}\n${createHash('sha256').update(previous.content).digest('hex')}\nnull`;
    expect(verify('sha256', Buffer.from(startSigned), key.privateKey, Buffer.from(previous.sidecar.Metadata.signature, 'hex'))).toBe(true);
  });

  it('writes the documented fields and a head-object sidecar', () => {
    const { body, sidecar } = readDigest(summary.chains[0][1]);
    expect(Object.keys(body)).toEqual([
      'awsAccountId',
      'digestStartTime',
      'digestEndTime',
      'digestS3Bucket',
      'digestS3Object',
      'digestPublicKeyFingerprint',
      'digestSignatureAlgorithm',
      'newestEventTime',
      'oldestEventTime',
      'previousDigestS3Bucket',
      'previousDigestS3Object',
      'previousDigestHashValue',
      'previousDigestHashAlgorithm',
      'previousDigestSignature',
      'logFiles',
    ]);
    expect(body.digestS3Object).toBe(summary.chains[0][1]);
    expect(body.previousDigestS3Object).toBe(summary.chains[0][0]);
    expect(Object.keys(sidecar)).toEqual([
      'AcceptRanges',
      'LastModified',
      'ContentLength',
      'ETag',
      'ContentType',
      'ServerSideEncryption',
      'Metadata',
    ]);
    expect(sidecar.Metadata['signature-algorithm']).toBe('SHA256withRSA');
    expect(sidecar.ContentLength).toBe(fs.statSync(path.join(summary.root, summary.chains[0][1])).size);
  });
});

describe('generateCorpus > records', () => {
  it('writes CodeDeploy changes, reads with and without readOnly, denied calls and other services', () => {
    const codedeploy = records.filter((r) => r.eventSource === 'codedeploy.amazonaws.com');
    const names = new Set(codedeploy.map((r) => r.eventName));
    for (const name of [
      'CreateDeployment',
      'UpdateDeploymentGroup',
      'StopDeployment',
      'GetDeployment',
      'ListDeployments',
      'BatchGetDeployments',
    ])
      expect(names).toContain(name);
    expect(
      codedeploy.some(
        (r) => r.eventName === 'CreateDeployment' && (r.responseElements as { deploymentId?: string })?.deploymentId?.startsWith('d-'),
      ),
    ).toBe(true);
    expect(
      codedeploy.some(
        (r) => r.eventName === 'UpdateDeploymentGroup' && (r.requestParameters as Record<string, unknown>).currentDeploymentGroupName,
      ),
    ).toBe(true);
    expect(codedeploy.some((r) => !('readOnly' in r))).toBe(true);
    expect(codedeploy.some((r) => r.errorCode === 'AccessDenied' && r.responseElements === null)).toBe(true);
    expect(records.some((r) => r.eventSource !== 'codedeploy.amazonaws.com')).toBe(true);
  });

  it('writes every identity type, MFA on and off, and several source addresses', () => {
    const types = new Set(records.map((r) => (r.userIdentity as { type: string }).type));
    expect([...types].sort()).toEqual(['AWSService', 'AssumedRole', 'FederatedUser', 'IAMUser', 'IdentityCenterUser', 'Root']);
    const assumed = records.find((r) => (r.userIdentity as { type: string }).type === 'AssumedRole')!.userIdentity as {
      sessionContext: { sessionIssuer: { arn: string } };
    };
    expect(assumed.sessionContext.sessionIssuer.arn).toMatch(/^arn:aws:iam::\d{12}:role\//);
    const service = records.find((r) => (r.userIdentity as { type: string }).type === 'AWSService')!;
    expect((service.userIdentity as { invokedBy: string }).invokedBy).toBe('codedeploy.amazonaws.com');
    const mfa = new Set(
      records.map(
        (r) =>
          (r.userIdentity as { sessionContext?: { attributes?: { mfaAuthenticated?: string } } }).sessionContext?.attributes
            ?.mfaAuthenticated,
      ),
    );
    expect(mfa).toEqual(new Set(['true', 'false', undefined]));
    expect(new Set(records.map((r) => r.sourceIPAddress)).size).toBeGreaterThan(3);
  });

  it('counts what it wrote and is deterministic from its seed', async () => {
    expect(records).toHaveLength(summary.records);
    const written = summary.logFiles.flatMap(
      (f) => JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(summary.root, f))).toString('utf8')).Records,
    );
    expect(written).toHaveLength(records.length);
    const again = await corpus({ hours: 2, recordsPerFile: 60 });
    expect(again.logFiles).toEqual(summary.logFiles);
    const hash = (root: string, f: string) =>
      createHash('sha256')
        .update(fs.readFileSync(path.join(root, f)))
        .digest('hex');
    expect(again.logFiles.map((f) => hash(again.root, f))).toEqual(summary.logFiles.map((f) => hash(summary.root, f)));
  });
});
