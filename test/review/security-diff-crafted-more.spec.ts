/** Crafted weakenings the security diff must rate dangerous (routes, state, providers, grants, manifests). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp } from '../../tooling/model';
import { reviewContext } from '../../tooling/review';
import { securityDiff } from '../../tooling/review/diff/security-diff';
import { type JsonObject, type StackJson, SynthesizedOutputError } from '../../tooling/terraform';
import { exampleOutput } from '../support/example-output';
import { ARCHIVE, brief, diffBetween, editPolicy, resource, useBaseline } from './security-diff-support';

useBaseline();

describe('security diff', () => {
  describe('crafted weakenings', () => {
    it('rates a route that matches other events, sits on another bus or gives its target a fixed input as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const rule = (prefix: string) => resource(stacks, 'deployment-events', 'aws_cloudwatch_event_rule', prefix);
          const notify = rule('Bus_Route-failures_Rule-deployment-notify');
          notify.event_pattern = JSON.stringify({ ...JSON.parse(notify.event_pattern as string), source: ['aws.nothing'] });
          const status = rule('Bus_Route-status_Rule-data');
          status.event_pattern = JSON.stringify({ ...JSON.parse(status.event_pattern as string), account: ['000000000000'] });
          rule('Bus_Route-checkout-prod-failures_Rule-data').event_bus_name = 'default';
          resource(stacks, 'deployment-events', 'aws_cloudwatch_event_target', 'Bus_Route-failures_Target-data-chat').input = '{}';
        },
        ['deployment-events'],
      );
      expect(findings.map((f) => [f.severity, f.subject, f.change.split(':')[0]])).toEqual([
        ['dangerous', 'event rule checkout-prod-failures-data', 'bus'],
        ['dangerous', 'event rule failures-deployment-notify', 'events'],
        ['dangerous', 'event rule status-data', 'filters'],
        ['dangerous', 'event rule failures-data', 'target chat (Lambda acme-deployment-chat-notifier)'],
      ]);
    });

    it('rates an output another stack reads, and a remote state read pointed elsewhere, as dangerous', () => {
      const only = ['deployment-events', 'deployment-rollout'];
      const sinks = diffBetween(
        () => {},
        (stacks) => {
          const events = stacks.get('deployment-events') as StackJson & { output: Record<string, { value: Record<string, string> }> };
          const arns = events.output.observability_sink_arns.value;
          for (const region of Object.keys(arns)) arns[region] = `arn:aws:oam:${region}:999999999999:sink/x`;
        },
        only,
      );
      expect(sinks.map((f) => [f.severity, f.subject, f.change.replace(/`[^`]*`/g, '…')])).toEqual([
        ['dangerous', 'output observability_sink_arns', 'changes from … to …: stack deployment-rollout reads it'],
      ]);
      const elsewhere = diffBetween(
        () => {},
        (stacks) => {
          const reads = (stacks.get('deployment-rollout') as { data: { terraform_remote_state: Record<string, { config: JsonObject }> } })
            .data.terraform_remote_state;
          reads.DeploymentEventsState.config.key = 'org-logging/other.tfstate';
        },
        only,
      );
      expect(elsewhere.filter((f) => f.subject.startsWith('remote state')).map((f) => [f.severity, f.change])).toEqual([
        [
          'dangerous',
          'reads another state: s3://acme-terraform-state-210987654321/org-logging/deployment-events.tfstate → s3://acme-terraform-state-210987654321/org-logging/other.tfstate',
        ],
      ]);
    });

    it('rates what runs with the deployment credentials as dangerous: a provisioner, an external program, another provider plugin or endpoint', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const json = stacks.get('log-archive') as StackJson & {
            provider: { aws: JsonObject[] };
            terraform: { required_providers: { aws: JsonObject } };
          };
          json.terraform.required_providers.aws.source = 'evil-corp/aws';
          json.provider.aws[0].endpoints = [{ s3: 'https://s3.evil.example' }];
          json.data = { external: { Probe: { program: ['sh', '-c', 'env'] } } };
          resource(stacks, 'log-archive', 'aws_s3_bucket_versioning', 'Archive_').provisioner = [
            { 'local-exec': { command: 'aws s3 rm s3://acme-cloudtrail-archive-345678901234 --recursive' } },
          ];
        },
        ['log-archive'],
      );
      expect(findings.map((f) => [f.severity, f.change.split(':')[0]])).toEqual([
        ['dangerous', 'provider aws now from evil-corp/aws instead of hashicorp/aws'],
        ['dangerous', 'provider aws settings now {"endpoints"'],
        ['dangerous', 'provisioner local-exec'],
        ['dangerous', 'runs a program at plan'],
      ]);
      // A new stack whose providers the baseline already uses runs nothing new.
      const added = diffBetween(
        () => {},
        (stacks) => void stacks.set('log-archive-copy', structuredClone(stacks.get('log-archive') as StackJson)),
        ['log-archive'],
      );
      expect(added.filter((f) => f.stack === 'log-archive-copy' && /^(provider|provisioner|runs|fetches)/.test(f.change))).toEqual([]);
      expect(added.some((f) => f.stack === 'log-archive-copy')).toBe(true);
    });

    it('rates grants that are no policy document as dangerous: a managed policy attached, a delegated administrator, an access key', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const logArchive = stacks.get('log-archive')?.resource ?? {};
          resource(stacks, 'log-archive', 'aws_iam_role', 'Replica_ReplicationRole').managed_policy_arns = [
            'arn:aws:iam::aws:policy/AdministratorAccess',
          ];
          logArchive.aws_iam_user = { Operator: { name: 'operator' } };
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, not a JavaScript template
          logArchive.aws_iam_access_key = { Operator: { user: '${aws_iam_user.Operator.name}' } };
          (stacks.get('organization-guardrails')?.resource ?? {}).aws_organizations_delegated_administrator = {
            Trail: { account_id: '999999999999', service_principal: 'cloudtrail.amazonaws.com' },
          };
        },
        ['log-archive', 'organization-guardrails'],
      );
      expect(findings.filter((f) => f.severity === 'dangerous').map((f) => f.change)).toEqual([
        'user operator gets an access key',
        'gains managed policy arn:aws:iam::aws:policy/AdministratorAccess',
        'account 999999999999 becomes a delegated administrator of cloudtrail.amazonaws.com for the organization',
      ]);
    });

    it('rates an alert subscription filtered, a notifier with no concurrency and an archive keeping other events as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          resource(stacks, 'deployment-events', 'aws_sns_topic_subscription', 'Topic-acme-deployment-alerts').filter_policy =
            JSON.stringify({
              nothing: ['x'],
            });
          resource(stacks, 'deployment-events', 'aws_lambda_function', 'ChatNotifier_Function').reserved_concurrent_executions = 0;
          resource(stacks, 'deployment-events', 'aws_cloudwatch_event_archive', 'Bus_Archive').event_pattern = JSON.stringify({
            source: ['aws.nothing'],
          });
        },
        ['deployment-events'],
      );
      expect(findings.map((f) => [f.severity, f.subject.split(' ')[0], f.change.split(':')[0]])).toEqual([
        ['dangerous', 'event', 'keeps'],
        ['dangerous', 'subscription', 'filter policy'],
        ['dangerous', 'function', 'runs'],
      ]);
    });

    it('rates a new policy on a resource the baseline had, renamed and widened, as dangerous, and renamed alone as notable', () => {
      const renamed = (widen: boolean) =>
        diffBetween(
          () => {},
          (stacks) => {
            const policies = stacks.get('log-archive')?.resource?.aws_iam_role_policy ?? {};
            const name = Object.keys(policies).find((n) => n.startsWith('Replica_ReplicationPolicy')) as string;
            const policy = policies[name];
            delete policies[name];
            if (widen) editPolicy(policy, 'policy', (statements) => [...statements, { Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
            policies.ReplicationPolicyV2 = policy;
          },
          ['log-archive'],
        ).filter((f) => f.subject.startsWith('IAM identity policy') && f.change.startsWith('new'));
      expect(renamed(true).map((f) => [f.severity, f.change.split(', ')[1]])).toEqual([
        [
          'dangerous',
          "grants role acme-cloudtrail-archive-replica-345678901234-replication what the baseline's policies of this kind on it did not",
        ],
      ]);
      expect(renamed(false).map((f) => f.severity)).toEqual(['notable']);
      const computed = diffBetween(
        () => {},
        (stacks) => {
          const policies = stacks.get('log-archive')?.resource?.aws_iam_role_policy ?? {};
          policies.Extra = {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
            role: '${lower("ACME-CLOUDTRAIL-ARCHIVE-REPLICA-345678901234-REPLICATION")}',
            policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${ARCHIVE}/*` }] }),
          };
        },
        ['log-archive'],
      );
      expect(computed.filter((f) => f.severity === 'dangerous').map((f) => f.change.split(', ')[1])).toEqual([
        'on a resource only an apply can name',
      ]);
    });

    it('rates an argument that became a Terraform expression as dangerous: the review reads literals', () => {
      // biome-ignore-start lint/suspicious/noTemplateCurlyInString: Terraform expressions, not JavaScript templates
      const findings = diffBetween(
        () => {},
        (stacks) => {
          resource(stacks, 'log-archive', 'aws_s3_bucket', 'Archive_Storage_Bucket').force_destroy = '${true}';
          resource(stacks, 'log-archive', 'aws_kms_key', 'ArchiveKey_').deletion_window_in_days = '${7}';
          // A literal turned into a reference to another resource's attribute: only an apply knows it.
          resource(stacks, 'log-archive', 'aws_kms_key', 'Replica_Key').rotation_period_in_days = '${aws_sns_topic.T.delivery_policy}';
        },
        ['log-archive'],
      );
      expect(findings.map((f) => [f.severity, f.subject, f.change])).toEqual([
        [
          'dangerous',
          'aws_kms_key.ArchiveKey_5C51534B',
          'now computed at apply, so the review cannot read deletion_window_in_days: `${7}`',
        ],
        [
          'dangerous',
          'aws_kms_key.Replica_Key_D2F1A450',
          'now computed at apply, so the review cannot read rotation_period_in_days: `${aws_sns_topic.T.delivery_policy}`',
        ],
        [
          'dangerous',
          'aws_s3_bucket.Archive_Storage_Bucket_849FA8FD',
          'now computed at apply, so the review cannot read force_destroy: `${true}`',
        ],
      ]);
      // biome-ignore-end lint/suspicious/noTemplateCurlyInString: Terraform expressions, not JavaScript templates
    });

    it('rates a resource moved to another provider (region or account) as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => void Object.assign(resource(stacks, 'log-archive', 'aws_kms_key', 'ArchiveKey_'), { provider: 'aws.replica' }),
        ['log-archive'],
      );
      expect(brief(findings)).toEqual([
        [
          'dangerous',
          'key alias/acme-cloudtrail-archive (aws_kms_key.ArchiveKey_5C51534B)',
          'now through provider aws.replica (345678901234, eu-central-1) instead of aws (345678901234, eu-west-1)',
        ],
      ]);
    });

    it('refuses a manifest that points a stack at another file than the one Terraform applies, and rates an unlisted stack folder as dangerous', () => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'review-manifest-'));
      fs.cpSync(exampleOutput(), copy, { recursive: true });
      const manifestFile = path.join(copy, 'manifest.json');
      const original = fs.readFileSync(manifestFile, 'utf8');
      const manifest = JSON.parse(original) as { stacks: Record<string, JsonObject> };
      // The manifest sends the review to an untouched copy, while Terraform applies stacks/log-archive.
      fs.mkdirSync(path.join(copy, 'decoy'));
      fs.copyFileSync(path.join(copy, 'stacks', 'log-archive', 'cdk.tf.json'), path.join(copy, 'decoy', 'log-archive.json'));
      manifest.stacks['log-archive'].synthesizedStackPath = 'decoy/log-archive.json';
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      expect(() => loadApp(copy)).toThrow(SynthesizedOutputError);
      expect(() => loadApp(copy)).toThrow(
        /stack log-archive has workingDirectory "stacks\/log-archive" and synthesizedStackPath "decoy\/log-archive.json", not stacks\/log-archive/,
      );
      manifest.stacks['log-archive'].workingDirectory = 'decoy';
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      expect(() => loadApp(copy)).toThrow(/stack log-archive has workingDirectory "decoy"/);
      const unlisted = JSON.parse(original) as { stacks: Record<string, JsonObject & { dependencies?: string[] }> };
      delete unlisted.stacks['audit-queries'];
      fs.writeFileSync(manifestFile, JSON.stringify(unlisted));
      const findings = securityDiff(reviewContext(loadApp(exampleOutput())), reviewContext(loadApp(copy))).findings;
      expect(findings.filter((f) => f.subject === 'stack folder audit-queries').map((f) => [f.severity, f.change])).toEqual([
        ['dangerous', 'not listed in manifest.json, so not reviewed: remove it, or synthesize again so the manifest lists it'],
      ]);
      fs.rmSync(copy, { recursive: true, force: true });
    });

    it('rates a template macro added (Transform, AWS::Include) as dangerous: CloudFormation deploys its output, not the text reviewed', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const set = resource(stacks, 'deployment-rollout', 'aws_cloudformation_stack_set', 'Rollout_RegionalStackSet');
          const body = JSON.parse(set.template_body as string);
          body.Transform = ['AttackerMacro'];
          set.template_body = JSON.stringify(body);
        },
        ['deployment-rollout'],
      );
      expect(findings.map((f) => [f.severity, f.change])).toEqual([
        ['dangerous', 'macros change (Transform, Fn::Transform): [["AttackerMacro"]]; CloudFormation deploys their output, not this text'],
      ]);
    });

    it('rates a new role that an account foreign to the baseline may assume as dangerous', () => {
      const findings = diffBetween(
        () => {},
        (stacks) => {
          const resources = stacks.get('log-archive')?.resource ?? {};
          resources.aws_iam_role.Auditor = {
            name: 'acme-auditor',
            assume_role_policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }],
            }),
          };
        },
        ['log-archive'],
      );
      expect(brief(findings)).toEqual([
        [
          'dangerous',
          'IAM role trust policy on role acme-auditor',
          'new IAM role trust policy on role acme-auditor with 1 statements, Allow to accounts the baseline names nowhere: 999999999999',
        ],
        ['info', 'role acme-auditor (aws_iam_role.Auditor)', 'added'],
      ]);
    });
  });
});
