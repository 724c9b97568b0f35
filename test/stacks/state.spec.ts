/**
 * Where each stack's Terraform state lives: `stateLocation` for the local and S3 backends, the
 * same location in a stack's backend and in every remote-state read of it, and local paths that
 * stay valid when the output folder moves.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OrganizationConfig } from '../../stacks/config';
import { stateLocation } from '../../stacks/state';
import { synthesizeOrganization } from '../../stacks/synthesize';
import { exampleConfig, exampleInput } from '../support/config';
import { buildExample, type SynthesizedJson, TEST_CONTEXT } from '../support/synth';

function withBackend(backend: Record<string, unknown>): OrganizationConfig {
  return exampleConfig((c) => {
    (c.deployment as Record<string, unknown>).backend = backend;
  });
}

const S3_BACKEND = {
  type: 's3',
  bucket: 'acme-terraform-state-210987654321',
  region: 'eu-central-1',
  keyPrefix: 'platform/org-logging',
  kmsKeyId: 'arn:aws:kms:eu-central-1:210987654321:key/0b6f3c2e-6a2d-4d8e-9a51-3f4f1c1b2a7e',
  roleArn: 'arn:aws:iam::210987654321:role/terraform-state',
};

describe('stateLocation', () => {
  describe('local backend', () => {
    it('puts state under terraform-state/ of the base directory by default, as an absolute path', () => {
      const location = stateLocation(withBackend({ type: 'local' }), 'log-archive', TEST_CONTEXT);
      expect(location).toEqual({ backend: 'local', path: '/work/terraform-state/log-archive.tfstate' });
    });

    it('resolves a relative directory against the base directory, not the output folder or the working directory', () => {
      const config = withBackend({ type: 'local', directory: '../state/org-logging' });
      const location = stateLocation(config, 'organization-trail', { outdir: '/srv/build/cdktf.out', baseDir: '/srv/repo' });
      expect(location).toEqual({ backend: 'local', path: '/srv/state/org-logging/organization-trail.tfstate' });
    });

    it('keeps an absolute directory as it is', () => {
      const config = withBackend({ type: 'local', directory: '/var/lib/terraform/org-logging' });
      expect(stateLocation(config, 'log-archive', TEST_CONTEXT)).toEqual({
        backend: 'local',
        path: '/var/lib/terraform/org-logging/log-archive.tfstate',
      });
    });

    it('gives every stack its own file', () => {
      const config = withBackend({ type: 'local' });
      const stacks = buildExample(config).stacks.all;
      const paths = stacks.map((s) => stateLocation(config, s.name, TEST_CONTEXT));
      expect(stacks).toHaveLength(9);
      expect(new Set(paths.map((p) => (p.backend === 'local' ? p.path : ''))).size).toBe(stacks.length);
    });
  });

  describe('S3 backend', () => {
    it('keys state as <keyPrefix>/<stack>.tfstate in the configured bucket and region, with the KMS key and role', () => {
      expect(stateLocation(withBackend(S3_BACKEND), 'external-account-567890123456', TEST_CONTEXT)).toEqual({
        backend: 's3',
        bucket: 'acme-terraform-state-210987654321',
        key: 'platform/org-logging/external-account-567890123456.tfstate',
        region: 'eu-central-1',
        kmsKeyId: S3_BACKEND.kmsKeyId,
        roleArn: S3_BACKEND.roleArn,
      });
    });

    it('defaults the key prefix to org-logging and leaves out a KMS key and role that are not configured', () => {
      expect(stateLocation(withBackend({ type: 's3', bucket: 'state-bucket', region: 'eu-west-1' }), 'log-archive', TEST_CONTEXT)).toEqual({
        backend: 's3',
        bucket: 'state-bucket',
        key: 'org-logging/log-archive.tfstate',
        region: 'eu-west-1',
      });
    });

    it('does not depend on the output folder', () => {
      const config = withBackend(S3_BACKEND);
      expect(stateLocation(config, 'log-archive', { outdir: '/a/out', baseDir: '/a' })).toEqual(
        stateLocation(config, 'log-archive', { outdir: '/b/elsewhere', baseDir: '/b' }),
      );
    });
  });
});

describe('backends and remote state', () => {
  const consumers = ['organization-trail', 'external-account-567890123456', 'external-account-678901234567'];

  it('configures the S3 backend with encryption, the KMS key, the role and native locking', () => {
    const json = buildExample(withBackend(S3_BACKEND)).synth('log-archive');
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: S3_BACKEND.bucket,
        key: 'platform/org-logging/log-archive.tfstate',
        region: 'eu-central-1',
        encrypt: true,
        kms_key_id: S3_BACKEND.kmsKeyId,
        assume_role: { role_arn: S3_BACKEND.roleArn },
        use_lockfile: true,
      },
    });
  });

  it.each(consumers)('%s reads the log-archive state from where the log-archive backend writes it (S3)', (consumer) => {
    const built = buildExample(withBackend(S3_BACKEND));
    const backend = built.synth('log-archive').terraform.backend?.s3 as Record<string, unknown>;
    const remote = built.synth(consumer).data?.terraform_remote_state.LogArchiveState;
    expect(remote).toEqual({
      backend: 's3',
      config: { bucket: backend.bucket, key: backend.key, region: backend.region, assume_role: backend.assume_role },
    });
  });

  it.each(consumers)('%s reads the log-archive state from where the log-archive backend writes it (local)', (consumer) => {
    const built = buildExample(withBackend({ type: 'local', directory: 'state' }));
    const backend = built.synth('log-archive').terraform.backend?.local as Record<string, unknown>;
    expect(backend).toEqual({ path: '/work/state/log-archive.tfstate' });
    expect(built.synth(consumer).data?.terraform_remote_state.LogArchiveState).toEqual({ backend: 'local', config: backend });
  });
});

describe('moving the output folder', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-state-'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Synthesizes the example with `backend` into `<tmp>/out`, from `<tmp>/repo` as the base directory. */
  function synthesizeInto(backend: Record<string, unknown>): { outdir: string; baseDir: string } {
    const baseDir = path.join(tmp, 'repo');
    const outdir = path.join(tmp, 'out');
    fs.mkdirSync(baseDir);
    const input = exampleInput();
    (input.deployment as Record<string, unknown>).backend = backend;
    const configFile = path.join(baseDir, 'organization.json');
    fs.writeFileSync(configFile, JSON.stringify(input));
    synthesizeOrganization({ configFile, outdir, baseDir });
    return { outdir, baseDir };
  }

  /** Every local state path the synthesized stacks name: each backend and each remote-state read. */
  function statePaths(outdir: string): { stack: string; backend: string; remote: string[] }[] {
    return fs.readdirSync(path.join(outdir, 'stacks')).map((stack) => {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as SynthesizedJson;
      const remote = Object.values(json.data?.terraform_remote_state ?? {}).map((r) => (r.config as { path: string }).path);
      const local = json.terraform.backend?.local as { path: string } | undefined;
      if (!local) throw new Error(`${stack} has no local backend`);
      return { stack, backend: local.path, remote };
    });
  }

  it.each([
    ['a relative directory', { type: 'local', directory: 'terraform-state' }, (baseDir: string) => path.join(baseDir, 'terraform-state')],
    [
      'an absolute directory',
      { type: 'local', directory: '<tmp>/shared-state' },
      (baseDir: string) => path.join(path.dirname(baseDir), 'shared-state'),
    ],
  ])('keeps every local backend and remote-state path naming the state files (%s)', (_, backendTemplate, stateDir) => {
    const backend = { ...backendTemplate, directory: backendTemplate.directory.replace('<tmp>', tmp) };
    const { outdir, baseDir } = synthesizeInto(backend);
    const before = statePaths(outdir);
    expect(before.map((s) => s.stack).sort()).toEqual([
      'audit-queries',
      'deployment-events',
      'deployment-management-account',
      'deployment-rollout',
      'external-account-567890123456',
      'external-account-678901234567',
      'log-archive',
      'organization-guardrails',
      'organization-trail',
    ]);
    // terraform init/apply would write these files: one per stack, where each backend says.
    expect(before.filter((s) => !path.isAbsolute(s.backend) || !s.backend.startsWith(`${tmp}/`))).toEqual([]);
    for (const { backend: file } of before) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '{"version":4}');
    }

    const moved = path.join(tmp, 'elsewhere', 'moved.out');
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(outdir, moved);

    const after = statePaths(moved);
    expect(after).toEqual(before);
    for (const { stack, backend: file, remote } of after) {
      expect(file).toBe(path.join(stateDir(baseDir), `${stack}.tfstate`));
      expect(path.isAbsolute(file)).toBe(true);
      expect(fs.existsSync(file)).toBe(true);
      for (const read of remote) {
        // The trails and audit queries read the archive key; the rollout stacks read the audit account's sink ARNs.
        const source = stack.startsWith('deployment-') ? 'deployment-events' : 'log-archive';
        expect(read).toBe(path.join(stateDir(baseDir), `${source}.tfstate`));
        expect(fs.existsSync(read)).toBe(true);
      }
    }
    expect(
      after
        .filter((s) => s.remote.length > 0)
        .map((s) => s.stack)
        .sort(),
    ).toEqual([
      'audit-queries',
      'deployment-management-account',
      'deployment-rollout',
      'external-account-567890123456',
      'external-account-678901234567',
      'organization-trail',
    ]);
    expect(after.flatMap((s) => s.remote)).toHaveLength(6);
  });
});
