import { Testing } from 'cdktf';
import { CHAT_NOTIFIER_DEFAULTS, ChatNotifier, type ChatNotifierProps } from '../../modules/deployment-monitoring/chat-notifier';
import { packageChatNotifier } from '../../modules/deployment-monitoring/chat-notifier-asset';
import { LogEncryptionKey } from '../../modules/log-encryption-key';
import { AUDIT, addressAt, annotationsOf, preventDestroyFlags, resourceAt, statementsOf } from '../support/modules';
import { resourceCount, resourcesOf, synthJson, testStack, validationErrors } from '../support/synth';

const REGION = 'eu-west-1';
const PARAMETER = '/chat/deployments';
const KEY_ARN = `arn:aws:kms:${REGION}:${AUDIT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${AUDIT}:chat-notifier-failures`;
const QUEUE_KEY_ARN = `arn:aws:kms:${REGION}:${AUDIT}:key/abcd1234-12ab-34cd-56ef-1234567890ab`;
const RULE_ARN = `arn:aws:events:${REGION}:${AUDIT}:rule/deployments/codedeploy-to-chat`;
const GROUP_ARN = `arn:aws:logs:${REGION}:${AUDIT}:log-group:/aws/lambda/codedeploy-chat`;

function newNotifier(props: Partial<ChatNotifierProps> = {}) {
  const stack = testStack(REGION);
  const notifier = new ChatNotifier(stack, 'Notifier', {
    functionName: 'codedeploy-chat',
    accountId: AUDIT,
    region: REGION,
    webhookParameterName: PARAMETER,
    ...props,
  });
  return { stack, notifier };
}

const LOG_STATEMENT = {
  Sid: 'AllowWriteOwnLogGroup',
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: `${GROUP_ARN}:*`,
};
const PARAMETER_STATEMENT = {
  Sid: 'AllowReadWebhookParameter',
  Effect: 'Allow',
  Action: 'ssm:GetParameter',
  Resource: `arn:aws:ssm:${REGION}:${AUDIT}:parameter/chat/deployments`,
};

describe('ChatNotifier', () => {
  describe('function', () => {
    it('runs the packaged handler on Node.js 22 arm64 with small defaults, the parameter name in its environment', () => {
      const { stack } = newNotifier();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_lambda_function', 'Notifier/Function')).toEqual({
        function_name: 'codedeploy-chat',
        description: 'Posts CodeDeploy deployment state changes and CloudWatch alarm notifications to a chat webhook',
        role: `\${${addressAt(json, 'aws_iam_role', 'Notifier/Role')}.arn}`,
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        filename: expect.stringMatching(/^\$\{path\.module\}\/assets\/Notifier_Code_Zip_[A-F0-9]{8}\/[0-9a-f]{64}\/chat-notifier\.zip$/),
        source_code_hash: packageChatNotifier().sha256Base64,
        memory_size: 128,
        timeout: 30,
        environment: { variables: { WEBHOOK_PARAMETER_NAME: PARAMETER } },
        logging_config: {
          log_format: 'JSON',
          log_group: '/aws/lambda/codedeploy-chat',
          application_log_level: 'INFO',
          system_log_level: 'WARN',
        },
        depends_on: [
          addressAt(json, 'aws_cloudwatch_log_group', 'Notifier/LogGroup'),
          addressAt(json, 'aws_iam_role_policy', 'Notifier/RolePolicy'),
        ],
      });
    });

    it('never puts the webhook URL anywhere in the stack: only the parameter name', () => {
      const { stack } = newNotifier();
      const text = JSON.stringify(synthJson(stack));
      expect(text).not.toMatch(/https?:\/\//);
      expect(text).toContain(PARAMETER);
    });

    it('takes memory, timeout, reserved concurrency and tags', () => {
      const { stack } = newNotifier({ memorySize: 256, timeout: 60, reservedConcurrentExecutions: 2, tags: { Team: 'platform' } });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_lambda_function', 'Notifier/Function')).toMatchObject({
        memory_size: 256,
        timeout: 60,
        reserved_concurrent_executions: 2,
        tags: { Team: 'platform' },
      });
      expect(resourceAt(json, 'aws_iam_role', 'Notifier/Role')).toMatchObject({ tags: { Team: 'platform' } });
      expect(resourceAt(json, 'aws_cloudwatch_log_group', 'Notifier/LogGroup')).toMatchObject({ tags: { Team: 'platform' } });
    });

    it('leaves concurrency unreserved by default', () => {
      const { stack } = newNotifier();
      expect(resourceAt(synthJson(stack), 'aws_lambda_function', 'Notifier/Function')).not.toHaveProperty('reserved_concurrent_executions');
    });

    it('exposes literal ARNs and names', () => {
      const { notifier } = newNotifier();
      expect(notifier.functionName).toBe('codedeploy-chat');
      expect(notifier.functionArn).toBe(`arn:aws:lambda:${REGION}:${AUDIT}:function:codedeploy-chat`);
      expect(notifier.roleArn).toBe(`arn:aws:iam::${AUDIT}:role/codedeploy-chat`);
      expect(notifier.logGroupName).toBe('/aws/lambda/codedeploy-chat');
      expect(notifier.logGroupArn).toBe(GROUP_ARN);
    });

    it('takes its defaults from CHAT_NOTIFIER_DEFAULTS', () => {
      expect(CHAT_NOTIFIER_DEFAULTS).toEqual({
        logRetentionInDays: 30,
        memorySize: 128,
        timeout: 30,
        runtime: 'nodejs22.x',
        architecture: 'arm64',
        maximumRetryAttempts: 2,
        maximumEventAgeInSeconds: 21600,
      });
    });
  });

  describe('log group', () => {
    it("is Lambda's own log group name, kept 30 days, encrypted with a key of its own and guarded against destroy", () => {
      const { stack, notifier } = newNotifier();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_cloudwatch_log_group', 'Notifier/LogGroup')).toEqual({
        name: '/aws/lambda/codedeploy-chat',
        retention_in_days: 30,
        kms_key_id: `\${${addressAt(json, 'aws_kms_key', 'Notifier/LogKey')}.arn}`,
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_kms_alias', 'Notifier/LogKey/Alias')).toMatchObject({ name: 'alias/logs/codedeploy-chat' });
      expect(preventDestroyFlags(json)).toEqual({
        'aws_cloudwatch_log_group.Notifier_LogGroup': true,
        'aws_kms_key.Notifier_LogKey': true,
      });
      expect(annotationsOf(notifier, 'warning')).toEqual([]);
    });

    it('lets CloudWatch Logs use the key for this log group only (CloudWatch Logs user guide, encrypt-log-data-kms)', () => {
      const { stack } = newNotifier();
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Notifier/LogKey'))[1]).toEqual({
        Sid: 'AllowCloudWatchLogsForTheChatNotifierLogGroup',
        Effect: 'Allow',
        Principal: { Service: `logs.${REGION}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': GROUP_ARN } },
      });
    });

    it('encrypts with a key it is given instead (no second key), and refuses a key of another region', () => {
      const stack = testStack(REGION);
      const key = new LogEncryptionKey(stack, 'Shared', {
        accountId: AUDIT,
        region: REGION,
        aliasName: 'alias/shared',
        allowRootKeyAdministration: true,
      });
      const base = { functionName: 'codedeploy-chat', accountId: AUDIT, region: REGION, webhookParameterName: PARAMETER };
      const notifier = new ChatNotifier(stack, 'Notifier', { ...base, logEncryptionKey: key });
      const json = synthJson(stack);
      expect(notifier.logKey).toBe(key);
      expect(Object.keys(resourcesOf(json, 'aws_kms_key'))).toHaveLength(1);
      expect(resourceAt(json, 'aws_cloudwatch_log_group', 'Notifier/LogGroup').kms_key_id).toBe(
        `\${${addressAt(json, 'aws_kms_key', 'Shared/Key')}.arn}`,
      );
      expect(key.policyDocument().sids).toContain('AllowCloudWatchLogsForTheChatNotifierLogGroup');
      const other = new LogEncryptionKey(stack, 'Other', {
        accountId: AUDIT,
        region: 'us-east-1',
        aliasName: 'alias/other',
        allowRootKeyAdministration: true,
      });
      expect(() => new ChatNotifier(stack, 'Elsewhere', { ...base, logEncryptionKey: other })).toThrow(
        `logEncryptionKey: alias/other is in ${AUDIT} us-east-1, the function in ${AUDIT} ${REGION}`,
      );
    });

    it('takes a retention CloudWatch Logs accepts', () => {
      const { stack } = newNotifier({ logRetentionInDays: 731 });
      expect(resourceAt(synthJson(stack), 'aws_cloudwatch_log_group', 'Notifier/LogGroup')).toMatchObject({ retention_in_days: 731 });
    });

    it('with allowDestroy drops prevent_destroy and records a warning', () => {
      const { stack, notifier } = newNotifier({ allowDestroy: true });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({
        'aws_cloudwatch_log_group.Notifier_LogGroup': false,
        'aws_kms_key.Notifier_LogKey': false,
      });
      expect(annotationsOf(notifier, 'warning')).toEqual([
        { path: 'Notifier', message: 'allowDestroy: log group /aws/lambda/codedeploy-chat is not guarded by prevent_destroy' },
        { path: 'Notifier/LogKey', message: 'allowDestroy: KMS key alias/logs/codedeploy-chat is not guarded by prevent_destroy' },
      ]);
    });
  });

  describe('role', () => {
    it('lets only Lambda assume it, for this function of this account (aws:SourceArn, aws:SourceAccount)', () => {
      const { stack } = newNotifier();
      const role = resourceAt(synthJson(stack), 'aws_iam_role', 'Notifier/Role');
      expect(role).toMatchObject({
        name: 'codedeploy-chat',
        max_session_duration: 3600,
        description: 'Runs the codedeploy-chat chat notifier: writes its log group, reads its webhook parameter',
      });
      const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${AUDIT}:function:codedeploy-chat`;
      expect(statementsOf(role, 'assume_role_policy')).toEqual([
        {
          Sid: 'AllowLambdaToAssumeForThisFunction',
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': AUDIT },
            ArnLike: { 'aws:SourceArn': [FUNCTION_ARN, `${FUNCTION_ARN}:*`] },
          },
        },
      ]);
    });

    it('may write its own log group and read its one parameter, nothing else (aws/ssm needs no KMS grant)', () => {
      const { stack } = newNotifier();
      const json = synthJson(stack);
      const policy = resourceAt(json, 'aws_iam_role_policy', 'Notifier/RolePolicy');
      expect(policy).toMatchObject({ name: 'chat-notifier', role: `\${${addressAt(json, 'aws_iam_role', 'Notifier/Role')}.id}` });
      expect(statementsOf(policy)).toEqual([LOG_STATEMENT, PARAMETER_STATEMENT]);
    });

    it('with a customer managed key may decrypt through SSM in its region only', () => {
      const { stack } = newNotifier({ webhookParameterKeyArn: KEY_ARN });
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_iam_role_policy', 'Notifier/RolePolicy'))).toEqual([
        LOG_STATEMENT,
        PARAMETER_STATEMENT,
        {
          Sid: 'AllowDecryptWebhookParameterThroughSsm',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: KEY_ARN,
          Condition: { StringEquals: { 'kms:ViaService': `ssm.${REGION}.amazonaws.com` } },
        },
      ]);
    });

    it('names a parameter without a hierarchy by its plain name', () => {
      const { stack } = newNotifier({ webhookParameterName: 'chat-webhook' });
      const statements = statementsOf(resourceAt(synthJson(stack), 'aws_iam_role_policy', 'Notifier/RolePolicy'));
      expect(statements[1].Resource).toBe(`arn:aws:ssm:${REGION}:${AUDIT}:parameter/chat-webhook`);
    });
  });

  describe('failed events', () => {
    it('are left to Lambda defaults without a failure queue', () => {
      const { stack } = newNotifier();
      expect(resourceCount(synthJson(stack), 'aws_lambda_function_event_invoke_config')).toBe(0);
    });

    it('go to the failure queue after two retries, sent and encrypted by the role through SQS only', () => {
      const { stack } = newNotifier({ failureQueueArn: QUEUE_ARN, failureQueueKeyArn: QUEUE_KEY_ARN });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_lambda_function_event_invoke_config', 'Notifier/AsyncInvokeConfig')).toEqual({
        function_name: `\${${addressAt(json, 'aws_lambda_function', 'Notifier/Function')}.function_name}`,
        maximum_retry_attempts: 2,
        maximum_event_age_in_seconds: 21600,
        destination_config: { on_failure: { destination: QUEUE_ARN } },
        depends_on: [addressAt(json, 'aws_iam_role_policy', 'Notifier/RolePolicy')],
      });
      expect(statementsOf(resourceAt(json, 'aws_iam_role_policy', 'Notifier/RolePolicy'))).toEqual([
        LOG_STATEMENT,
        PARAMETER_STATEMENT,
        { Sid: 'AllowSendFailedEvents', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN },
        {
          Sid: 'AllowEncryptFailedEventsThroughSqs',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: QUEUE_KEY_ARN,
          Condition: { StringEquals: { 'kms:ViaService': `sqs.${REGION}.amazonaws.com` } },
        },
      ]);
    });
  });

  describe('grantInvokeFromRule', () => {
    it('lets EventBridge invoke the function for that rule only', () => {
      const { stack, notifier } = newNotifier();
      notifier.grantInvokeFromRule(RULE_ARN);
      const json = synthJson(stack);
      expect(Object.values(resourcesOf(json, 'aws_lambda_permission'))).toEqual([
        {
          statement_id: 'AllowEventBridge-deployments-codedeploy-to-chat',
          action: 'lambda:InvokeFunction',
          function_name: `\${${addressAt(json, 'aws_lambda_function', 'Notifier/Function')}.function_name}`,
          principal: 'events.amazonaws.com',
          source_arn: RULE_ARN,
        },
      ]);
    });

    it('returns the same permission when a rule is granted twice, and one permission per rule', () => {
      const { stack, notifier } = newNotifier();
      const first = notifier.grantInvokeFromRule(RULE_ARN);
      expect(notifier.grantInvokeFromRule(RULE_ARN)).toBe(first);
      notifier.grantInvokeFromRule(`arn:aws:events:${REGION}:${AUDIT}:rule/default-bus-rule`);
      const permissions = Object.values(resourcesOf(synthJson(stack), 'aws_lambda_permission'));
      expect(permissions.map((p) => p.statement_id).sort()).toEqual([
        'AllowEventBridge-default-bus-rule',
        'AllowEventBridge-deployments-codedeploy-to-chat',
      ]);
    });

    it('keeps statement IDs within Lambda limits for long rule paths', () => {
      const { stack, notifier } = newNotifier();
      const bus = 'b'.repeat(256);
      notifier.grantInvokeFromRule(`arn:aws:events:${REGION}:${AUDIT}:rule/${bus}/r.1`);
      notifier.grantInvokeFromRule(`arn:aws:events:${REGION}:${AUDIT}:rule/${bus}/r.2`);
      const ids = Object.values(resourcesOf(synthJson(stack), 'aws_lambda_permission')).map((p) => p.statement_id as string);
      expect(ids.every((id) => /^[A-Za-z0-9_-]{1,100}$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(2);
    });

    it.each([
      [
        'another account',
        `arn:aws:events:${REGION}:111111111111:rule/deployments/x`,
        `grantInvokeFromRule: rule arn:aws:events:${REGION}:111111111111:rule/deployments/x is in 111111111111 ${REGION}, the function codedeploy-chat in ${AUDIT} ${REGION}; EventBridge invokes a Lambda target only from its own account and region. Fix: forward the events to a bus there and add the rule on that bus`,
      ],
      [
        'another region',
        `arn:aws:events:us-east-1:${AUDIT}:rule/deployments/x`,
        `grantInvokeFromRule: rule arn:aws:events:us-east-1:${AUDIT}:rule/deployments/x is in ${AUDIT} us-east-1, the function codedeploy-chat in ${AUDIT} ${REGION}; EventBridge invokes a Lambda target only from its own account and region. Fix: forward the events to a bus there and add the rule on that bus`,
      ],
      [
        'something else',
        `arn:aws:events:${REGION}:${AUDIT}:event-bus/deployments`,
        `grantInvokeFromRule: "arn:aws:events:${REGION}:${AUDIT}:event-bus/deployments" is not an EventBridge rule ARN. Fix: pass arn:aws:events:<region>:<account>:rule/[<bus>/]<rule>`,
      ],
    ])('refuses a rule in %s', (_what, ruleArn, message) => {
      const { notifier } = newNotifier();
      expect(() => notifier.grantInvokeFromRule(ruleArn)).toThrow(message);
    });
  });

  describe('props', () => {
    const NAME_RULE = 'is not a Lambda function name (1-64 of letters, digits, - and _). Fix: use only those characters';
    const ACCOUNT_RULE = 'is not an AWS account ID (exactly 12 digits). Fix: write the 12 digits as a string, keeping leading zeros';
    const PARAMETER_RULE =
      'is not an SSM parameter name (a-zA-Z0-9_.- and /, a leading / when hierarchical, not starting with aws or ssm, at most 15 levels). Fix: give the name, not the ARN, of the parameter';
    it.each<[string, Partial<ChatNotifierProps>, string[]]>([
      // The log key is named after the function, its invalid characters as hyphens: one line, the function's.
      ['functionName', { functionName: 'chat notifier' }, [`test/Notifier: functionName: "chat notifier" ${NAME_RULE}`]],
      // Its own log key lives in the same account: both constructs took the value.
      [
        'accountId',
        { accountId: '12345' },
        [`test/Notifier: accountId: "12345" ${ACCOUNT_RULE}`, `test/Notifier/LogKey: accountId: "12345" ${ACCOUNT_RULE}`],
      ],
      [
        'a relative hierarchical parameter',
        { webhookParameterName: 'chat/deployments' },
        [`test/Notifier: webhookParameterName: "chat/deployments" ${PARAMETER_RULE}`],
      ],
      [
        'a parameter ARN',
        { webhookParameterName: `arn:aws:ssm:${REGION}:${AUDIT}:parameter/chat` },
        [`test/Notifier: webhookParameterName: "arn:aws:ssm:${REGION}:${AUDIT}:parameter/chat" ${PARAMETER_RULE}`],
      ],
      [
        'a reserved parameter prefix',
        { webhookParameterName: '/aws/reference/x' },
        [`test/Notifier: webhookParameterName: "/aws/reference/x" ${PARAMETER_RULE}`],
      ],
      [
        'a key alias',
        { webhookParameterKeyArn: 'alias/chat' },
        [
          'test/Notifier: webhookParameterKeyArn: "alias/chat" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); IAM authorizes a key by its key ARN, not an alias. Fix: give the key ARN (aws kms describe-key --key-id <alias> --query KeyMetadata.Arn)',
        ],
      ],
      [
        'logRetentionInDays',
        { logRetentionInDays: 31 },
        [
          'test/Notifier: logRetentionInDays: 31 is not a retention CloudWatch Logs accepts. Fix: use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
        ],
      ],
      [
        'memorySize',
        { memorySize: 64 },
        ['test/Notifier: memorySize: 64 is not a Lambda memory size (128-10240 MB). Fix: use 128 to 10240'],
      ],
      [
        'timeout',
        { timeout: 10 },
        [
          "test/Notifier: timeout: 10 is out of range (20-900 s; below 20 s the handler's own bounds, ~17 s, could be cut short). Fix: use 20 to 900 seconds",
        ],
      ],
      [
        'reservedConcurrentExecutions',
        { reservedConcurrentExecutions: 0 },
        [
          'test/Notifier: reservedConcurrentExecutions: 0 must be a positive integer (0 would stop every notification). Fix: use 1 or more, or leave it out',
        ],
      ],
      [
        'a FIFO failure queue',
        { failureQueueArn: `arn:aws:sqs:${REGION}:${AUDIT}:failures.fifo` },
        [
          `test/Notifier: failureQueueArn: "arn:aws:sqs:${REGION}:${AUDIT}:failures.fifo" is not a standard SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>; FIFO queues cannot subscribe to a standard topic or be a destination). Fix: write arn:aws:sqs:<region>:<account>:<queue name> of a standard queue`,
        ],
      ],
      [
        'a queue key without a queue',
        { failureQueueKeyArn: QUEUE_KEY_ARN },
        [
          `test/Notifier: failureQueueKeyArn: "${QUEUE_KEY_ARN}" is the key of a failure queue, and failureQueueArn is not set. Fix: set failureQueueArn, or leave the key out`,
        ],
      ],
    ])('refuses %s at synth, naming the prop, the value, the rule and the fix', (_what, props, lines) => {
      const { stack } = newNotifier(props);
      expect(validationErrors(stack)).toEqual(lines);
      expect(() => Testing.synth(stack, true)).toThrow(lines[0]);
    });

    it('reports every problem at once', () => {
      expect(validationErrors(newNotifier({ functionName: 'a b', accountId: 'x', memorySize: 1 }).stack)).toEqual([
        `test/Notifier: functionName: "a b" ${NAME_RULE}`,
        `test/Notifier: accountId: "x" ${ACCOUNT_RULE}`,
        'test/Notifier: memorySize: 1 is not a Lambda memory size (128-10240 MB). Fix: use 128 to 10240',
        `test/Notifier/LogKey: accountId: "x" ${ACCOUNT_RULE}`,
      ]);
    });
  });
});
