// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold Terraform expressions, not JavaScript templates
/**
 * The app's stacks skip cdktf's preparing pass (AccountStack.prepareStack), which would route a
 * reference to another stack's resource through an output and a remote state read; synth instead
 * refuses any reference a stack does not declare (undeclaredReferences, run by synthesizeOrganization).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformOutput } from 'cdktf';
import { undeclaredReferences } from '../../stacks/local-references';
import { LOG_ARCHIVE_STACK, type LogArchiveStack } from '../../stacks/log-archive-stack';
import { buildOrganization } from '../../stacks/organization-builder';
import { ORGANIZATION_TRAIL_STACK } from '../../stacks/organization-trail-stack';
import { exampleConfig } from '../support/config';
import { exampleOutput } from '../support/example-output';
import { TEST_CONTEXT } from '../support/synth';

describe('undeclaredReferences', () => {
  const stack = {
    resource: { aws_s3_bucket: { Archive: {}, Logs: {} }, aws_kms_key: { Key: {} } },
    data: { terraform_remote_state: { archive: {} }, aws_iam_policy_document: { Doc: {} } },
    output: {
      bucket: { value: '${aws_s3_bucket.Archive.arn}' },
      nested: { value: '${jsonencode({ a = aws_kms_key.Key.arn, b = [aws_s3_bucket.Logs.id] })}' },
      remote: { value: '${data.terraform_remote_state.archive.outputs.archive_bucket_arn}' },
      document: { value: '${data.aws_iam_policy_document.Doc.json}' },
      other: { value: 'prefix-${var.name}-${local.x}-${path.module}-${each.value}-${count.index}-${terraform.workspace}' },
      escaped: { value: 'arn:aws:s3:::b/$${aws:username}/$${aws_s3_bucket.Elsewhere.arn}' },
      literal: { value: 'aws_s3_bucket.Elsewhere.arn is only text here' },
    },
  };

  it('finds nothing when every reference is declared, escaped or not a resource', () => {
    expect(undeclaredReferences(stack)).toEqual([]);
  });

  it('names each undeclared resource and data source once, sorted, wherever it sits', () => {
    const broken = {
      ...stack,
      resource: {
        ...stack.resource,
        aws_sns_topic: { T: { policy: '${jsonencode({ r = aws_kms_key.Other.arn })}', tags: ['${aws_kms_key.Other.id}'] } },
      },
      locals: { l: '${data.aws_caller_identity.Current.account_id}/${aws_s3_bucket.Gone.id}' },
    };
    expect(undeclaredReferences(broken)).toEqual(['aws_kms_key.Other', 'aws_s3_bucket.Gone', 'data.aws_caller_identity.Current']);
  });

  it("finds nothing in the example's synthesized stacks", () => {
    const stacksDir = path.join(exampleOutput(), 'stacks');
    const names = fs.readdirSync(stacksDir);
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) {
      const json = JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8'));
      expect({ name, undeclared: undeclaredReferences(json) }).toEqual({ name, undeclared: [] });
    }
  });
});

describe("the app's stacks without cdktf's preparing pass", () => {
  it("write a reference to another stack's resource as it is, which undeclaredReferences reports", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-references-'));
    try {
      const app = new App({ outdir, stackTraces: false, skipValidation: true });
      const stacks = buildOrganization(app, exampleConfig(), TEST_CONTEXT);
      const logArchive = stacks.get<LogArchiveStack>(LOG_ARCHIVE_STACK);
      // A mistake the pass would have wired through an output of log-archive and a remote state read.
      new TerraformOutput(stacks.get(ORGANIZATION_TRAIL_STACK), 'leak', { value: logArchive.archiveKey.keyArn });
      app.synth();
      const read = (name: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
      const trail = read(ORGANIZATION_TRAIL_STACK);
      expect(trail.output.leak.value).toMatch(/^\$\{aws_kms_key\.[A-Za-z0-9_-]+\.arn\}$/);
      expect(Object.keys(trail.data.terraform_remote_state).some((name: string) => name.startsWith('cross-stack'))).toBe(false);
      expect(undeclaredReferences(trail)).toEqual([trail.output.leak.value.slice(2, -'.arn}'.length)]);
      expect(Object.keys(read(LOG_ARCHIVE_STACK).output ?? {}).some((name) => name.startsWith('cross-stack'))).toBe(false);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
