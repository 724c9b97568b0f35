/**
 * Small hand-written synthesized stacks for the tooling tests: the shapes the offline rewrite and
 * the placeholders must handle (provider lists and single blocks, aliases, assume_role, s3 and
 * local remote state), without synthesizing the real stacks.
 */
import type { StackJson } from '../../tooling/terraform';

/** A terraform interpolation, `${expression}`, as synthesized JSON holds it. */
export function ref(expression: string): string {
  return `\${${expression}}`;
}

export const ARCHIVE_ACCOUNT = '345678901234';
export const TRAIL_ACCOUNT = '123412341234';

/** Like log-archive: an s3 backend, a default and a `replica` provider, outputs that are references and literals. */
export function archiveStack(): StackJson {
  return {
    terraform: {
      backend: { s3: { bucket: 'org-state', key: 'org-logging/log-archive.tfstate', region: 'eu-west-1', encrypt: true } },
      required_providers: { aws: { source: 'aws', version: '5.100.0' } },
    },
    provider: {
      aws: [
        {
          region: 'eu-west-1',
          allowed_account_ids: [ARCHIVE_ACCOUNT],
          assume_role: [{ role_arn: `arn:aws:iam::${ARCHIVE_ACCOUNT}:role/Deploy` }],
          default_tags: [{ tags: { Owner: 'platform' } }],
        },
        {
          alias: 'replica',
          region: 'eu-central-1',
          allowed_account_ids: [ARCHIVE_ACCOUNT],
          assume_role: [{ role_arn: `arn:aws:iam::${ARCHIVE_ACCOUNT}:role/Deploy` }],
          default_tags: [{ tags: { Owner: 'platform' } }],
        },
      ],
    },
    resource: {
      aws_kms_key: { ArchiveKey: { description: 'archive' }, ReplicaKey: { description: 'replica', provider: 'aws.replica' } },
      aws_kms_alias: { ArchiveAlias: { name: 'alias/archive', target_key_id: ref('aws_kms_key.ArchiveKey.key_id') } },
      aws_s3_bucket: { Archive: { bucket: 'acme-archive' } },
    },
    output: {
      archive_bucket_name: { value: 'acme-archive' },
      archive_bucket_arn: { value: ref('aws_s3_bucket.Archive.arn') },
      archive_key_arn: { value: ref('aws_kms_key.ArchiveKey.arn') },
      replica_key_arn: { value: ref('aws_kms_key.ReplicaKey.arn') },
    },
  };
}

/** Like organization-trail: one provider block (not a list) and the archive's outputs through s3 remote state. */
export function trailStack(): StackJson {
  return {
    terraform: { backend: { s3: { bucket: 'org-state', key: 'org-logging/organization-trail.tfstate', region: 'eu-west-1' } } },
    provider: { aws: { region: 'eu-west-1', allowed_account_ids: [TRAIL_ACCOUNT] } },
    data: {
      terraform_remote_state: {
        LogArchiveState: { backend: 's3', config: { bucket: 'org-state', key: 'org-logging/log-archive.tfstate', region: 'eu-west-1' } },
      },
    },
    resource: {
      aws_cloudtrail: {
        Trail: { name: 'org-trail', kms_key_id: ref('data.terraform_remote_state.LogArchiveState.outputs.archive_key_arn') },
      },
    },
    output: { trail_arn: { value: ref('aws_cloudtrail.Trail.arn') } },
  };
}

/** Both stacks by name, as `offlineStack` expects its `sources`. */
export function sources(): Map<string, StackJson> {
  return new Map([
    ['log-archive', archiveStack()],
    ['organization-trail', trailStack()],
  ]);
}
