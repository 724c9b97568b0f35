/**
 * The chat notifier checked by the real hashicorp/aws 5.100.0 provider: a stack holding a fully
 * configured ChatNotifier is validated and planned offline in the tier's combined root, so the
 * provider's own validation (runtime and architecture values, logging levels, ARN formats,
 * statement IDs, subscription protocols) applies. The notifier is also subscribed to an alarm topic
 * of another account, as the deployment-events stack does with `alarms.notifyChat`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ChatNotifier } from '../../modules/deployment-monitoring/chat-notifier';
import { packageChatNotifier } from '../../modules/deployment-monitoring/chat-notifier-asset';
import { LambdaTopicSubscription } from '../../modules/lambda-topic-subscription';
import { formatDiagnostic, moduleKey, type PlannedResource, type StackJson, type StackResult, splitByStack } from '../../tooling/terraform';
import { type ConstructStack, exampleDefaultTags, getTier } from './tier';
import { tfIt } from './toolchain-gate';

const ACCOUNT = '444455556666';
const REGION = 'eu-west-1';
const ALARM_TOPIC = `arn:aws:sns:${REGION}:111122223333:org-trail-alarms`;
const PREFIX = 'chat';
const STACK = 'audit';

let assetPath = '';

/** Synthesizes the notifier's stack into `dir` (as the app does: its zip next to the stack). */
export function chatNotifierStack(dir: string): ConstructStack {
  const app = new App({ outdir: dir, stackTraces: false });
  const stack = new TerraformStack(app, STACK);
  new AwsProvider(stack, 'aws', { region: REGION, allowedAccountIds: [ACCOUNT], defaultTags: exampleDefaultTags() });
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
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', STACK, 'cdk.tf.json'), 'utf8')) as StackJson;
  return { prefix: PREFIX, name: STACK, json };
}

function result(): StackResult {
  const found = splitByStack(getTier()).stacks.find((s) => s.module.key === moduleKey(PREFIX, STACK));
  if (!found) throw new Error('the chat notifier stack is not in the combined root');
  return found;
}

function resources(): PlannedResource[] {
  const root = result().plan?.planned_values.root_module;
  return [root, ...(root?.child_modules ?? [])].flatMap((m) => m?.resources ?? []);
}

export function describeChatNotifier(): void {
  describe('ChatNotifier with the real provider', () => {
    tfIt(
      'validates and plans without diagnostics, creating its eight resources (the log key and alias among them) and the alarm subscription with its permission',
      () => {
        const r = result();
        expect([...r.validateDiagnostics, ...r.planDiagnostics].map(formatDiagnostic)).toEqual([]);
        expect(r.ok).toBe(true);
        expect(r.changes).toEqual({ create: 10, update: 0, delete: 0, replace: 0, noop: 0, other: 0 });
      },
    );

    tfIt('plans the alarm topic subscription (protocol lambda) and the SNS invoke permission for that topic', () => {
      const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:codedeploy-chat`;
      expect(resources().find((r) => r.type === 'aws_sns_topic_subscription')?.values).toMatchObject({
        topic_arn: ALARM_TOPIC,
        protocol: 'lambda',
        endpoint: functionArn,
      });
      expect(
        resources().find((r) => r.type === 'aws_lambda_permission' && r.values.principal === 'sns.amazonaws.com')?.values,
      ).toMatchObject({
        function_name: functionArn,
        source_arn: ALARM_TOPIC,
        statement_id: 'sns-org-trail-alarms',
        action: 'lambda:InvokeFunction',
        source_account: null,
      });
    });

    tfIt('plans the function with the zip relative to its stack folder and the literal code hash', () => {
      expect(resources().find((r) => r.type === 'aws_lambda_function')?.values).toMatchObject({
        function_name: 'codedeploy-chat',
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        // The combined root holds the stack as module "chat_audit" in folder chat/audit: ${path.module} resolves to it.
        filename: `${PREFIX}/${STACK}/${assetPath}`,
        source_code_hash: packageChatNotifier().sha256Base64,
      });
    });
  });
}
