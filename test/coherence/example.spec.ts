import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogArchiveBucket } from '../../modules/log-archive-bucket';
import { PolicyStatement } from '../../modules/policy-document';
import { DEPLOYMENT_EVENTS_STACK, type DeploymentEventsStack } from '../../stacks/deployment-events-stack';
import { LOG_ARCHIVE_STACK, type LogArchiveStack } from '../../stacks/log-archive-stack';
import { SynthError, synthesizeOrganization, validationProblems } from '../../stacks/synthesize';
import { EXAMPLE_CONFIG_FILE, exampleConfig } from '../support/config';
import { buildExample, validationErrors } from '../support/synth';

const CLOUDTRAIL = { Service: 'cloudtrail.amazonaws.com' };
/** The trails of the example: the organization trail and one per external account. */
const TRAILS = ['organization-trail/Trail', 'external-account-567890123456/Trail', 'external-account-678901234567/Trail'];

/** Trail paths named by coherence lines, in order. */
const failingTrails = (lines: readonly string[]) => lines.map((line) => line.slice(0, line.indexOf(': CloudTrail cannot')));

describe('coherence of the example', () => {
  it('synthesizes with no validation problem in any stack', () => {
    const { app } = buildExample(exampleConfig());
    expect(validationErrors(app)).toEqual([]);
  });

  it("checks every trail against the log-archive stack's bucket policy", () => {
    const { app, stacks } = buildExample(exampleConfig());
    stacks.get<LogArchiveStack>(LOG_ARCHIVE_STACK).archive.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyCloudTrailAclCheck',
        effect: 'Deny',
        principal: CLOUDTRAIL,
        actions: ['s3:GetBucketAcl'],
        resources: ['*'],
      }),
    );
    const lines = validationErrors(app);
    expect(failingTrails(lines)).toEqual(TRAILS);
    expect(lines[0]).toContain(
      'the bucket policy (log-archive/Archive/Storage) denies cloudtrail.amazonaws.com s3:GetBucketAcl (statement DenyCloudTrailAclCheck)',
    );
  });

  it("checks every trail against the archive key's policy in the log-archive stack, found by its alias ARN", () => {
    const { app, stacks } = buildExample(exampleConfig());
    stacks.get<LogArchiveStack>(LOG_ARCHIVE_STACK).archiveKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyCloudTrailDescribe',
        effect: 'Deny',
        principal: CLOUDTRAIL,
        actions: ['kms:DescribeKey'],
        resources: ['*'],
      }),
    );
    const lines = validationErrors(app);
    expect(failingTrails(lines)).toEqual(TRAILS);
    expect(lines[0]).toContain(
      'the key policy (log-archive/ArchiveKey) denies cloudtrail.amazonaws.com kms:DescribeKey (statement DenyCloudTrailDescribe)',
    );
  });

  it('checks every route against the targets of the deployment-events stack', () => {
    const { app, stacks } = buildExample(exampleConfig());
    const events = stacks.get<DeploymentEventsStack>(DEPLOYMENT_EVENTS_STACK);
    const queue = events.queues.get('acme-deployment-events');
    queue?.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyEventBridge',
        effect: 'Deny',
        principal: { Service: 'events.amazonaws.com' },
        actions: ['sqs:SendMessage'],
        resources: [queue.queueArn],
      }),
    );
    const lines = validationErrors(app);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^deployment-events\/Bus\/Route-failures: EventBridge cannot deliver rule arn:aws:events:eu-west-1:\d{12}:rule\/[\w.-]+\/failures-data to queue /,
    );
  });

  it('reports every problem of every stack at once, one synth: line each, for the app to print before writing anything', () => {
    const { app, stacks } = buildExample(exampleConfig());
    stacks.get<LogArchiveStack>(LOG_ARCHIVE_STACK).archive.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyCloudTrailAclCheck',
        effect: 'Deny',
        principal: CLOUDTRAIL,
        actions: ['s3:GetBucketAcl'],
        resources: ['*'],
      }),
    );
    const lines = validationProblems(app);
    expect(lines).toHaveLength(TRAILS.length);
    expect(lines.map((line) => line.slice(0, line.indexOf(': CloudTrail')))).toEqual(TRAILS.map((trail) => `synth: ${trail}`));
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('makes the app fail with every problem, one line each, and write nothing, when the archive grants no trail', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-app-'));
    const outdir = path.join(scratch, 'out');
    // As if the log-archive stack forgot its grants: every trail stack is refused by the archive and its key.
    const grant = jest.spyOn(LogArchiveBucket.prototype, 'grantTrailWrite').mockImplementation(() => {});
    try {
      let error: unknown;
      try {
        synthesizeOrganization({ configFile: EXAMPLE_CONFIG_FILE, outdir, baseDir: scratch });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SynthError);
      const problems = (error as SynthError).problems;
      // Each trail: the ACL check, its folders (two for the organization trail), and the key.
      const lines = (trail: string, count: number): string[] => Array(count).fill(`synth: ${trail}`);
      expect(problems.map((line) => line.slice(0, line.indexOf(': CloudTrail cannot')))).toEqual([
        ...lines(TRAILS[0], 4),
        ...lines(TRAILS[1], 3),
        ...lines(TRAILS[2], 3),
      ]);
      expect(fs.existsSync(outdir)).toBe(false);
    } finally {
      grant.mockRestore();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
