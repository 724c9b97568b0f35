/**
 * The chat notifier checked by the real hashicorp/aws 5.100.0 provider: a stack holding a fully
 * configured ChatNotifier is synthesized and then validated and planned offline (planOffline), so
 * the provider's own validation (runtime and architecture values, logging levels, ARN formats,
 * statement IDs, subscription protocols) applies. The notifier is also subscribed to an alarm topic
 * of another account, as the deployment-events stack does with `alarms.notifyChat`. Skipped with a banner without terraform, failed in CI (toolchain-gate.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ChatNotifier } from '../../modules/deployment-monitoring/chat-notifier';
import { packageChatNotifier } from '../../modules/deployment-monitoring/chat-notifier-asset';
import { LambdaTopicSubscription } from '../../modules/lambda-topic-subscription';
import { formatDiagnostic, type OfflinePlanResult, planOffline } from '../../tooling/terraform';
import { requireToolchain, tfIt, warnIfNotRun } from './toolchain-gate';

warnIfNotRun('test/terraform/chat-notifier-plan.test.ts');

const ACCOUNT = '444455556666';
const REGION = 'eu-west-1';
const ALARM_TOPIC = `arn:aws:sns:${REGION}:111122223333:org-trail-alarms`;

let scratch = '';
let assetPath = '';
let result: OfflinePlanResult | undefined;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-notifier-plan-'));
  const outDir = path.join(scratch, 'cdktf.out');
  const app = new App({ outdir: outDir, stackTraces: false });
  const stack = new TerraformStack(app, 'audit');
  new AwsProvider(stack, 'aws', { region: REGION, allowedAccountIds: [ACCOUNT] });
  const notifier = new ChatNotifier(stack, 'Notifier', {
    functionName: 'codedeploy-chat',
    accountId: ACCOUNT,
    region: REGION,
    webhookParameterName: '/chat/deployments',
    webhookParameterKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    reservedConcurrentExecutions: 2,
    failureQueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:chat-notifier-failures`,
    tags: { Team: 'platform' },
  });
  notifier.grantInvokeFromRule(`arn:aws:events:${REGION}:${ACCOUNT}:rule/deployments/codedeploy-to-chat`);
  new LambdaTopicSubscription(stack, 'AlarmChat', { function: notifier, topic: { topicArn: ALARM_TOPIC } });
  app.synth();
  assetPath = notifier.code.assetPath;
  const toolchain = requireToolchain();
  if (!toolchain) return;
  const workDir = path.join(scratch, 'work');
  fs.mkdirSync(workDir);
  result = planOffline({ outDir, toolchain, workDir });
}, 240_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function getResult(): OfflinePlanResult {
  if (!result) throw new Error('planOffline did not run (see the beforeAll error above)');
  return result;
}

describe('ChatNotifier with the real provider', () => {
  tfIt(
    'validates and plans without diagnostics, creating its eight resources (the log key and alias among them) and the alarm subscription with its permission',
    () => {
      const r = getResult();
      const problems = [...r.diagnostics, ...r.stacks.flatMap((s) => [...s.validateDiagnostics, ...s.planDiagnostics])];
      expect(problems.map(formatDiagnostic)).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.stacks[0].changes).toEqual({ create: 10, update: 0, delete: 0, replace: 0, noop: 0, other: 0 });
    },
  );

  tfIt('plans the alarm topic subscription (protocol lambda) and the SNS invoke permission for that topic', () => {
    const resources = getResult().stacks[0].plan?.planned_values.root_module;
    const all = [resources, ...(resources?.child_modules ?? [])].flatMap((m) => m?.resources ?? []);
    const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:codedeploy-chat`;
    expect(all.find((r) => r.type === 'aws_sns_topic_subscription')?.values).toMatchObject({
      topic_arn: ALARM_TOPIC,
      protocol: 'lambda',
      endpoint: functionArn,
    });
    expect(all.find((r) => r.type === 'aws_lambda_permission' && r.values.principal === 'sns.amazonaws.com')?.values).toMatchObject({
      function_name: functionArn,
      source_arn: ALARM_TOPIC,
      statement_id: 'sns-org-trail-alarms',
      action: 'lambda:InvokeFunction',
      source_account: null,
    });
  });

  tfIt('plans the function with the zip relative to its stack folder and the literal code hash', () => {
    const resources = getResult().stacks[0].plan?.planned_values.root_module;
    const all = [resources, ...(resources?.child_modules ?? [])].flatMap((m) => m?.resources ?? []);
    const fn = all.find((r) => r.type === 'aws_lambda_function');
    expect(fn?.values).toMatchObject({
      function_name: 'codedeploy-chat',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      // The combined root holds the stack as module "audit": ${path.module} resolves to its folder.
      filename: `audit/${assetPath}`,
      source_code_hash: packageChatNotifier().sha256Base64,
    });
  });
});
