/**
 * How platform repos use the module: `npm pack` the library, install the tarball into a scratch
 * project outside the repo (peers linked from the repo's node_modules, offline), then synthesize a
 * plain-JavaScript consumer app and type-check a TypeScript one against the published .d.ts files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CONSUMER,
  CONSUMER_MAIN_JS,
  CONSUMER_MAIN_TS,
  CONSUMER_TSCONFIG,
  CONSUMER_WRONG_TS,
  installConsumer,
  LINKED_PACKAGES,
  type PackResult,
  packLibrary,
  REPO_ROOT,
} from './support/consumer';

jest.setTimeout(120_000);

interface TerraformJson {
  provider?: { aws?: Record<string, unknown>[] };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: { required_providers?: Record<string, { source: string; version: string }> };
}

// Under /tmp itself, not os.tmpdir(): the test script points TMPDIR into the repo, and a project
// inside the repo would resolve the repo's node_modules by walking up.
let scratch: string;
let project: string;
let packed: PackResult;
const timings: Record<string, number> = {};

beforeAll(() => {
  scratch = fs.mkdtempSync('/tmp/cdktf-org-logging-consumer-');
  project = path.join(scratch, 'platform-logging');
  fs.mkdirSync(project);
  packed = packLibrary(scratch);
  timings.pack = packed.ms;
  timings.install = installConsumer(project, packed.tarball);
});

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(`consumer test timings (ms): ${JSON.stringify(timings)}\n`);
});

describe('the packed tarball', () => {
  test('holds the compiled library with types, the schema and the README, and nothing else', () => {
    const files = packed.files;
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'config.schema.json', 'dist/modules/index.js', 'dist/modules/index.d.ts']),
    );
    // Every compiled module ships its declarations.
    for (const js of files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
      expect(files).toContain(js.replace(/\.js$/, '.d.ts'));
    }
    const unwanted = files.filter(
      (f) =>
        /^(test|examples|bin|\.tmp|cdktf\.out|node_modules|\.ci|terraform-state)\//.test(f) ||
        f === 'main.ts' ||
        f === 'dist/main.js' ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')) ||
        f.endsWith('.tgz'),
    );
    expect(unwanted).toEqual([]);
  });

  test('installs without its own copy of the peer dependencies', () => {
    const installed = path.join(project, 'node_modules', 'cdktf-org-logging');
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
    for (const name of LINKED_PACKAGES) {
      expect(fs.realpathSync(path.join(project, 'node_modules', name))).toBe(path.join(REPO_ROOT, 'node_modules', name));
    }
    // The scratch project cannot see the repo by walking up.
    expect(path.relative(REPO_ROOT, project).startsWith('..')).toBe(true);
  });
});

describe('a JavaScript consumer app', () => {
  let tf: TerraformJson;

  beforeAll(() => {
    fs.writeFileSync(path.join(project, 'main.js'), CONSUMER_MAIN_JS);
    const started = Date.now();
    execFileSync(process.execPath, ['main.js'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    timings.synth = Date.now() - started;
    const file = path.join(project, 'cdktf.out', 'stacks', CONSUMER.stackName, 'cdk.tf.json');
    tf = JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformJson;
  });

  test('loads the library from the tarball, not from the repo', () => {
    const resolved = execFileSync(process.execPath, ['-p', "require.resolve('cdktf-org-logging')"], {
      cwd: project,
      encoding: 'utf8',
    }).trim();
    expect(resolved).toBe(path.join(project, 'node_modules', 'cdktf-org-logging', 'dist', 'modules', 'index.js'));
  });

  test("synthesizes the consumer's provider block", () => {
    expect(tf.provider?.aws).toEqual([
      expect.objectContaining({
        region: CONSUMER.region,
        allowed_account_ids: [CONSUMER.accountId],
        default_tags: [{ tags: CONSUMER.defaultTags }],
      }),
    ]);
    expect(tf.terraform?.required_providers?.aws?.source).toBe('aws');
  });

  test("creates the consumer's bucket and a KMS key", () => {
    const buckets = Object.values(tf.resource?.aws_s3_bucket ?? {});
    expect(buckets.map((b) => b.bucket)).toEqual(expect.arrayContaining([CONSUMER.bucketName, `${CONSUMER.bucketName}-access-logs`]));
    const keys = Object.values(tf.resource?.aws_kms_key ?? {});
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ enable_key_rotation: true });
    const aliases = Object.values(tf.resource?.aws_kms_alias ?? {});
    expect(aliases.map((a) => a.name)).toEqual([CONSUMER.aliasName]);
  });

  test('grants the organization trail write and the readers read in the bucket and key policies', () => {
    const policies = Object.values(tf.resource?.aws_s3_bucket_policy ?? {}).map(
      (p) => JSON.parse(p.policy as string) as { Statement: { Sid: string }[] },
    );
    const archivePolicy = policies.find((p) => JSON.stringify(p).includes(`arn:aws:s3:::${CONSUMER.bucketName}/`));
    expect(archivePolicy).toBeDefined();
    const text = JSON.stringify(archivePolicy);
    expect(text).toContain(CONSUMER.trailArn);
    expect(text).toContain(`arn:aws:s3:::${CONSUMER.bucketName}/cloudtrail/AWSLogs/${CONSUMER.organizationId}/*`);
    expect(text).toContain(`arn:aws:iam::${CONSUMER.readerAccountIds[0]}:root`);
    const sids = archivePolicy?.Statement.map((s) => s.Sid);
    expect(sids).toEqual(
      expect.arrayContaining(['AllowCloudTrailAclCheck', 'AllowCloudTrailWriteOrganizationPath', 'AllowLogReadersGetLogFiles']),
    );

    const keyPolicy = JSON.parse(Object.values(tf.resource?.aws_kms_key ?? {})[0].policy as string) as { Statement: { Sid: string }[] };
    expect(JSON.stringify(keyPolicy)).toContain(CONSUMER.trailArn);
    expect(keyPolicy.Statement.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['AllowCloudTrailEncryptLogs', 'AllowLogReadersDecryptArchiveObjectsThroughS3']),
    );
  });
});

describe('a TypeScript consumer', () => {
  let output: string;

  beforeAll(() => {
    fs.writeFileSync(path.join(project, 'consumer.ts'), CONSUMER_MAIN_TS);
    fs.writeFileSync(path.join(project, 'wrong.ts'), CONSUMER_WRONG_TS);
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
    const started = Date.now();
    // One tsc run for both files (each run pays the declaration load again).
    const result = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    timings.typecheck = Date.now() - started;
    output = `${result.stdout}${result.stderr}`.trim();
  });

  test('type-checks against the published declarations (strict, module node16)', () => {
    expect(output.split('\n').filter((line) => !line.startsWith('wrong.ts'))).toEqual([]);
  });

  test('the type check catches a wrong prop (the declarations are not any)', () => {
    expect(output).toMatch(/^wrong\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
    expect(output.split('\n')).toHaveLength(1);
  });
});
