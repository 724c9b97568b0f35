/**
 * The packaging tier's installed CLI (test/packaging/consumer.test.ts packs and installs):
 * node_modules/.bin/cdktf-org-logging run as a platform repo runs it, on the packaged app's synth of
 * the repo's own config and on the repo's own cdktf app, without the optional peers.
 */
import type { SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ConsumerContext, runInstalledCli, treeFingerprint } from '../support/consumer';
import { CONSUMER, CONSUMER_ORG_CONFIG } from './consumer-apps';

export function describeInstalledCli(ctx: ConsumerContext): void {
  describe('the installed CLI, node_modules/.bin/cdktf-org-logging', () => {
    /** A folder of the platform repo holding its organization config for the packaged app. */
    let org: string;
    let packageBefore: string[];
    const runs: Record<string, SpawnSyncReturns<string>> = {};

    beforeAll(() => {
      packageBefore = treeFingerprint(ctx.installed);
      org = path.join(ctx.project, 'org');
      fs.mkdirSync(org);
      fs.writeFileSync(path.join(org, 'platform.json'), JSON.stringify(CONSUMER_ORG_CONFIG, null, 2));
      const started = Date.now();
      const cli = (name: string, args: string[], cwd: string, env: Record<string, string> = {}) => {
        runs[name] = runInstalledCli(ctx.project, args, cwd, env);
      };
      // The packaged app on the platform team's config, then the review tooling on what it wrote.
      cli('synth', ['synth', '--config', 'platform.json'], org);
      cli('review', ['review', '--out', 'cdktf.out'], org);
      cli('check', ['check'], org);
      fs.mkdirSync(path.join(ctx.scratch, 'empty-mirror'));
      cli('plan', ['plan'], org, {
        TERRAFORM_BIN: path.join(ctx.scratch, 'no-terraform'),
        TF_PROVIDER_MIRROR: path.join(ctx.scratch, 'empty-mirror'),
      });
      // The review tooling on the consumer's own cdktf app (written by the JavaScript consumer above).
      cli('appCheck', ['check', '--out', 'cdktf.out'], ctx.project);
      cli('appReview', ['review', '--out', 'cdktf.out'], ctx.project);
      // logs: what needs an optional peer says which one and how to install it.
      fs.writeFileSync(path.join(org, 'store.duckdb'), '');
      cli('query', ['logs', 'query', 'codedeploy-changes', '--db', 'store.duckdb'], org);
      cli('fetch', ['logs', 'fetch', '--bucket', 'platform-trail-archive', '--since', '2026-01-01', '--out', 'copy'], org);
      ctx.timings.cli = Date.now() - started;
    });

    test("synth writes the packaged app's stacks for the consumer's config into ./cdktf.out, the consumer's folder", () => {
      expect(runs.synth.stderr).toBe('');
      expect(runs.synth.status).toBe(0);
      expect(fs.readdirSync(path.join(org, 'cdktf.out', 'stacks')).sort()).toEqual([
        'audit-queries',
        'log-archive',
        'organization-guardrails',
        'organization-trail',
      ]);
      const archive = fs.readFileSync(path.join(org, 'cdktf.out', 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8');
      expect(archive).toContain(`"bucket": "${CONSUMER.bucketName}"`);
    });

    test('review --out cdktf.out writes review.md there and exits 0', () => {
      expect(runs.review.status).toBe(0);
      expect(runs.review.stdout.split('\n')[0]).toBe('Wrote cdktf.out/review.md:');
      expect(fs.readFileSync(path.join(org, 'cdktf.out', 'review.md'), 'utf8')).toContain('## Stacks, accounts and apply order');
    });

    test('check reads ./cdktf.out by default and passes the packaged app', () => {
      expect(runs.check.status).toBe(0);
      expect(runs.check.stdout).toMatch(/^Checked 4 stacks \(\d+ resources\) against \d+ rules: 0 errors/m);
    });

    test('plan reads ./cdktf.out and, without terraform, says what it looked for (exit 1, no plan written)', () => {
      expect(runs.plan.status).toBe(1);
      expect(runs.plan.stderr).toContain(`terraform: not found (looked at TERRAFORM_BIN=${path.join(ctx.scratch, 'no-terraform')})`);
      expect(fs.readdirSync(path.join(org, 'cdktf.out', 'stacks', 'log-archive'))).toEqual(['cdk.tf.json']);
    });

    test("check fails the consumer's own app on its allowDestroy opt-outs (exit 1), and review writes its review.md", () => {
      expect(runs.appCheck.status).toBe(1);
      const failing = [...runs.appCheck.stdout.matchAll(/^ {2}(platform-logging\/\S+)\s+\(.*\)\n {4}EvidenceResourcesPreventDestroy$/gm)];
      expect(failing.map((m) => m[1].split('.')[0]).sort()).toEqual([
        'platform-logging/aws_kms_key',
        'platform-logging/aws_s3_bucket',
        'platform-logging/aws_s3_bucket',
      ]);
      expect(runs.appReview.status).toBe(0);
      expect(fs.existsSync(path.join(ctx.project, 'cdktf.out', 'review.md'))).toBe(true);
    });

    test('logs commands that need an optional peer name every missing one and the install command (exit 2)', () => {
      expect(runs.query.status).toBe(2);
      expect(runs.query.stderr).toBe(
        'logs query: needs @duckdb/node-api, an optional peer dependency of cdktf-org-logging that is not installed. Fix: npm install --save-exact @duckdb/node-api@1.5.6-r.1\n',
      );
      expect(runs.fetch.status).toBe(2);
      expect(runs.fetch.stderr).toMatch(
        /^logs fetch: needs @aws-sdk\/client-s3 and @aws-sdk\/client-cloudtrail, optional peer dependencies .* Fix: npm install --save-exact @aws-sdk\/client-s3@3\.\d+\.\d+ @aws-sdk\/client-cloudtrail@3\.\d+\.\d+\n$/,
      );
      expect(fs.existsSync(path.join(org, 'copy'))).toBe(false);
    });

    test('writes nothing into the installed package', () => {
      expect(Object.keys(runs).length).toBeGreaterThan(5);
      expect(treeFingerprint(ctx.installed)).toEqual(packageBefore);
    });
  });
}
