/**
 * The one model of a synthesized folder (tooling/model): apply order from remote-state reads,
 * providers (account, regions, role), backends, manifest notes, and the resolver that names
 * resources and follows references across stacks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appFromStacks, loadApp, Resolver } from '../../tooling/model';
import { applyOrder } from '../../tooling/model/apply-order';
import { backendInfo } from '../../tooling/model/state';
import type { StackJson } from '../../tooling/terraform';
import { ref } from '../review/fixtures';

const ARCHIVE = '345678901234';

function archive(): StackJson {
  return {
    terraform: { backend: { s3: { bucket: 'state', key: 'org/log-archive.tfstate', region: 'eu-west-1', use_lockfile: true } } },
    provider: {
      aws: [
        { region: 'eu-west-1', allowed_account_ids: [ARCHIVE], assume_role: [{ role_arn: `arn:aws:iam::${ARCHIVE}:role/Deploy` }] },
        { alias: 'replica', region: 'eu-central-1', allowed_account_ids: [ARCHIVE] },
      ],
    },
    resource: {
      aws_kms_key: { Key: { description: 'archive' } },
      aws_kms_alias: { Alias: { name: 'alias/archive', target_key_id: ref('aws_kms_key.Key.key_id') } },
      aws_s3_bucket: { Bucket: { bucket: 'archive-bucket' }, Replica: { bucket: 'replica-bucket', provider: 'aws.replica' } },
      aws_sqs_queue: { Q: { name: 'events' } },
    },
    output: { key_arn: { value: ref('aws_kms_key.Key.arn') } },
  };
}

function consumer(account: string): StackJson {
  return {
    provider: { aws: { region: 'us-east-1', assume_role: [{ role_arn: `arn:aws:iam::${account}:role/Other` }] } },
    data: { terraform_remote_state: { Archive: { backend: 's3', config: { bucket: 'state', key: 'org/log-archive.tfstate' } } } },
    resource: { aws_cloudtrail: { T: { name: 'trail', kms_key_id: ref('data.terraform_remote_state.Archive.outputs.key_arn') } } },
  };
}

describe('applyOrder', () => {
  it('puts every stack after the stacks it depends on and keeps the input order otherwise', () => {
    expect(
      applyOrder([
        { name: 'a-consumer', after: ['z-source'] },
        { name: 'b-free', after: [] },
        { name: 'z-source', after: [] },
      ]),
    ).toEqual({ names: ['b-free', 'z-source', 'a-consumer'], derived: true, cycle: [] });
  });

  it('keeps the input order when nothing depends on anything, ignoring unknown and self dependencies', () => {
    expect(
      applyOrder([
        { name: 'a', after: ['elsewhere', 'a'] },
        { name: 'b', after: [] },
      ]),
    ).toEqual({ names: ['a', 'b'], derived: false, cycle: [] });
  });

  it('reports a cycle and keeps those stacks last, in input order', () => {
    const order = applyOrder([
      { name: 'x', after: ['y'] },
      { name: 'y', after: ['x'] },
      { name: 'z', after: [] },
    ]);
    expect(order).toMatchObject({ names: ['z', 'x', 'y'], cycle: ['x', 'y'] });
  });
});

describe('review model', () => {
  const app = appFromStacks([
    { name: 'external-a', json: consumer('111111111111') },
    { name: 'log-archive', json: archive() },
  ]);
  const [first, second] = app.stacks;

  it('orders by remote-state reads, traced to the stack whose state key they name', () => {
    expect(app.stacks.map((s) => s.name)).toEqual(['log-archive', 'external-a']);
    expect(second.reads).toEqual([{ name: 'Archive', location: 's3://state/org/log-archive.tfstate', stack: 'log-archive' }]);
  });

  it('reads accounts, regions and roles from the provider blocks, noting an account known only from the role', () => {
    expect([first.accounts, first.regions, first.roles]).toEqual([
      [ARCHIVE],
      ['eu-west-1', 'eu-central-1'],
      [`arn:aws:iam::${ARCHIVE}:role/Deploy`],
    ]);
    expect(second.providers).toEqual([
      {
        key: 'aws',
        region: 'us-east-1',
        accountIds: ['111111111111'],
        account: '111111111111',
        roleArn: 'arn:aws:iam::111111111111:role/Other',
        pinned: false,
      },
    ]);
    expect(first.resources.find((r) => r.name === 'Replica')?.provider.region).toBe('eu-central-1');
  });

  it('describes backends in one line', () => {
    expect(first.backend).toEqual({ type: 's3', location: 's3://state/org/log-archive.tfstate (region eu-west-1, S3 lockfile)' });
    expect(backendInfo({})).toEqual({ type: 'local (default)', location: 'terraform.tfstate in the stack folder' });
    expect(backendInfo({ terraform: { backend: { local: { path: '/state/x.tfstate' } } } })).toEqual({
      type: 'local',
      location: '/state/x.tfstate',
    });
    expect(backendInfo({ terraform: { backend: { remote: { organization: 'acme', workspaces: { name: 'prod' } } } } })).toEqual({
      type: 'remote',
      location: 'organization acme, workspace prod',
    });
  });
});

describe('Resolver', () => {
  const resolver = new Resolver(
    appFromStacks([
      { name: 'log-archive', json: archive() },
      { name: 'external-a', json: consumer('111111111111') },
    ]),
  );
  const trail = resolver.resource('external-a', 'aws_cloudtrail.T');

  it('names a key by its alias and follows a remote-state output into the stack that owns it', () => {
    expect(resolver.refersTo('external-a', trail?.config.kms_key_id)?.address).toBe('aws_kms_key.Key');
    expect(resolver.display('external-a', trail?.config.kms_key_id)).toBe('‹ARN of key alias/archive from stack log-archive›');
  });

  it('finds resources by literal ARN, queue URL or name, and computes ARNs config determines', () => {
    expect(resolver.refersTo('x', 'arn:aws:s3:::replica-bucket')?.name).toBe('Replica');
    expect(resolver.refersTo('x', `https://sqs.eu-west-1.amazonaws.com/${ARCHIVE}/events`)?.name).toBe('Q');
    expect(resolver.refersTo('x', 'archive-bucket', 'aws_s3_bucket')?.name).toBe('Bucket');
    expect(resolver.literal('log-archive', ref('aws_s3_bucket.Bucket.id'))).toBe('archive-bucket');
    expect(resolver.literal('log-archive', ref('aws_sqs_queue.Q.arn'))).toBe(`arn:aws:sqs:eu-west-1:${ARCHIVE}:events`);
    expect(resolver.display('log-archive', `x-${ref('aws_kms_key.Key.key_id')}`)).toBe('x-‹key id of key alias/archive›');
  });
});

describe('loadApp', () => {
  it('reads manifest notes and dependencies next to the stacks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-model-'));
    try {
      fs.mkdirSync(path.join(dir, 'stacks', 'log-archive'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'stacks', 'log-archive', 'cdk.tf.json'), JSON.stringify(archive()));
      const manifest = {
        stacks: {
          'log-archive': {
            annotations: [{ constructPath: 'log-archive/Archive', level: '@cdktf/warn', message: 'object lock off' }],
            dependencies: [],
          },
        },
      };
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
      const app = loadApp(dir);
      expect(app.stacks[0].notes).toEqual([{ level: 'warn', constructPath: 'log-archive/Archive', message: 'object lock off' }]);
      expect(app.outDir).toBe(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
