import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { iamRoleArn, lambdaFunctionArn, logGroupArn, PARTITION } from '../arns';
import { type LogEncryptionKey, resourceKey } from '../log-encryption-key';
import { PolicyDocument, PolicyStatement } from '../policy-document';
import { recordOptOut } from '../record-opt-out';
import type { ILambdaFunction } from '../references';
import { resourceKeyAlias } from '../rules/names';
import { addPropValidation } from '../rules/prop-validation';
import { ChatNotifierAsset } from './chat-notifier-asset';
import { type ChatNotifierProps, chatNotifierPropChecks, logKeyMismatch } from './chat-notifier-props';

export type { ChatNotifierProps } from './chat-notifier-props';

/**
 * Defaults of the chat notifier (the config schema can reuse them).
 *
 * Cost: Lambda bills per request ($0.20 per million) and per GB-second (arm64 $0.0000133334,
 * about 20% below x86_64; aws.amazon.com/lambda/pricing). One notification runs about half a
 * second at 128 MB: ~0.06 GB-s, so roughly $0.000001 per CodeDeploy event, about $1 per million,
 * usually inside the free tier. Add CloudWatch Logs ingestion (~$0.50/GB, a few hundred bytes
 * per event) and one SSM GetParameter plus KMS Decrypt per cold container ($0.03 per 10,000 KMS
 * requests). Nothing is billed while no deployments happen.
 */
export const CHAT_NOTIFIER_DEFAULTS = {
  /** A month of notifier logs: enough to debug a missed message, cheap to keep. */
  logRetentionInDays: 30,
  /** The minimum: the handler is one HTTPS call. */
  memorySize: 128,
  /** Seconds. The handler bounds its own work to ~17 s (SSM read 5 s, two webhook attempts of 5 s, one wait of at most 2 s). */
  timeout: 30,
  /**
   * Node.js 22: the newest runtime hashicorp/aws 5.100.0 accepts (nodejs24.x is newer than the
   * provider); nodejs20.x is deprecated from Apr 30, 2026 (lambda/latest/dg/lambda-nodejs.html,
   * supported runtimes table). The handler itself runs on Node.js 20 or newer.
   */
  runtime: 'nodejs22.x',
  /** Graviton: lower price per GB-second than x86_64 (lambda/latest/dg/foundation-arch.html); the handler has no native code. */
  architecture: 'arm64',
  /** Lambda's own default for asynchronous invocations, stated (invocation-async-error-handling.html). */
  maximumRetryAttempts: 2,
  /** A deployment notification older than six hours is history, not news. */
  maximumEventAgeInSeconds: 21600,
} as const;

/**
 * The built-in chat notifier: a Lambda function that posts CodeDeploy state changes, and CloudWatch
 * alarm notifications delivered by SNS (`LambdaTopicSubscription`), to a chat webhook
 * (assets/chat-notifier/), its log group with a retention and a customer managed key (created here,
 * named as Lambda names it, so Lambda never creates an unbounded one; the role cannot create log
 * groups), and a role that only this function may assume and that may only write that log group and
 * read that one parameter. EventBridge rules are allowed in with `grantInvokeFromRule`.
 */
export class ChatNotifier extends Construct implements ILambdaFunction {
  public readonly functionName: string;
  /** Literal function ARN. */
  public readonly functionArn: string;
  /** Literal execution role ARN. */
  public readonly roleArn: string;
  public readonly logGroupName: string;
  /** Literal log group ARN (without `:*`). */
  public readonly logGroupArn: string;
  public readonly function: LambdaFunction;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  /** The key that encrypts the log group (its own, or `logEncryptionKey`). */
  public readonly logKey: LogEncryptionKey;
  public readonly code: ChatNotifierAsset;
  /** The function: an invoke permission or subscription in this stack waits for it. */
  public readonly dependables: readonly ITerraformDependable[];

  private readonly region: string;
  private readonly accountId: string;
  private readonly provider?: TerraformProvider;
  private readonly invokePermissions = new Map<string, LambdaPermission>();

  constructor(scope: Construct, id: string, props: ChatNotifierProps) {
    super(scope, id);
    const mismatch = logKeyMismatch(props);
    if (mismatch) throw new Error(`${this.node.path}: ${mismatch}`);
    addPropValidation(this, () => chatNotifierPropChecks(props));
    this.region = props.region;
    this.accountId = props.accountId;
    this.provider = props.provider;
    this.functionName = props.functionName;
    this.functionArn = lambdaFunctionArn(props.region, props.accountId, props.functionName);
    this.roleArn = iamRoleArn(props.accountId, props.functionName);
    // Lambda's default log group name (lambda/latest/dg/monitoring-cloudwatchlogs.html).
    this.logGroupName = `/aws/lambda/${props.functionName}`;
    this.logGroupArn = logGroupArn(props.region, props.accountId, this.logGroupName);
    if (props.allowDestroy) {
      recordOptOut(this, 'allowDestroy', `log group ${this.logGroupName} is not guarded by prevent_destroy`);
    }

    this.logKey =
      props.logEncryptionKey ??
      resourceKey(this, 'LogKey', {
        accountId: props.accountId,
        region: props.region,
        aliasName: resourceKeyAlias('logs', props.functionName),
        description: `Encrypts the ${this.logGroupName} log group`,
        allowDestroy: props.allowDestroy,
        provider: props.provider,
        tags: props.tags,
      });
    this.logKey.grantCloudWatchLogs('AllowCloudWatchLogsForTheChatNotifierLogGroup', [this.logGroupArn]);
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      provider: props.provider,
      name: this.logGroupName,
      retentionInDays: props.logRetentionInDays ?? CHAT_NOTIFIER_DEFAULTS.logRetentionInDays,
      // The key and its policy (which admits CloudWatch Logs for this group) are one resource, created first.
      kmsKeyId: this.logKey.keyArn,
      tags: props.tags,
      lifecycle: { preventDestroy: !props.allowDestroy },
    });

    // Lambda's guide: "When a service assumes a role in your account, you can include the
    // aws:SourceAccount and aws:SourceArn global condition context keys in your role trust policy"
    // (lambda/latest/dg/permissions-managed-policies.html; IAM user guide, confused-deputy.html).
    // For an execution role the source is the function: its ARN is literal (known from config), so
    // the role, created first, can name it. Both the unqualified ARN and any qualifier (a version or
    // alias) of this one function are admitted.
    const trust = new PolicyDocument([
      new PolicyStatement({
        sid: 'AllowLambdaToAssumeForThisFunction',
        principal: { Service: 'lambda.amazonaws.com' },
        actions: ['sts:AssumeRole'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': props.accountId },
          ArnLike: { 'aws:SourceArn': [this.functionArn, `${this.functionArn}:*`] },
        },
      }),
    ]);
    this.role = new IamRole(this, 'Role', {
      provider: props.provider,
      name: props.functionName,
      description: `Runs the ${props.functionName} chat notifier: writes its log group, reads its webhook parameter`,
      assumeRolePolicy: trust.render(),
      maxSessionDuration: 3600,
      tags: props.tags,
    });
    const rolePolicy = new IamRolePolicy(this, 'RolePolicy', {
      provider: props.provider,
      name: 'chat-notifier',
      role: this.role.id,
      policy: this.rolePolicyDocument(props).render(),
    });

    this.code = new ChatNotifierAsset(this, 'Code');
    this.function = new LambdaFunction(this, 'Function', {
      provider: props.provider,
      functionName: props.functionName,
      description: 'Posts CodeDeploy deployment state changes and CloudWatch alarm notifications to a chat webhook',
      role: this.role.arn,
      runtime: CHAT_NOTIFIER_DEFAULTS.runtime,
      architectures: [CHAT_NOTIFIER_DEFAULTS.architecture],
      handler: this.code.handler,
      filename: this.code.filename,
      sourceCodeHash: this.code.sourceCodeHash,
      memorySize: props.memorySize ?? CHAT_NOTIFIER_DEFAULTS.memorySize,
      timeout: props.timeout ?? CHAT_NOTIFIER_DEFAULTS.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { variables: { WEBHOOK_PARAMETER_NAME: props.webhookParameterName } },
      // JSON logs with levels: the platform's INFO lines (START/END/REPORT) are not ingested.
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroupName, applicationLogLevel: 'INFO', systemLogLevel: 'WARN' },
      tags: props.tags,
      // The log group must exist before the first run (the role cannot create it), and the
      // permissions before the function is used.
      dependsOn: [this.logGroup, rolePolicy],
    });
    this.dependables = [this.function];

    if (props.failureQueueArn) {
      new LambdaFunctionEventInvokeConfig(this, 'AsyncInvokeConfig', {
        provider: props.provider,
        functionName: this.function.functionName,
        maximumRetryAttempts: CHAT_NOTIFIER_DEFAULTS.maximumRetryAttempts,
        maximumEventAgeInSeconds: CHAT_NOTIFIER_DEFAULTS.maximumEventAgeInSeconds,
        destinationConfig: { onFailure: { destination: props.failureQueueArn } },
        dependsOn: [rolePolicy],
      });
    }
  }

  /**
   * Lets one EventBridge rule invoke the function (`aws_lambda_permission` for
   * `events.amazonaws.com`, scoped by `source_arn` to that rule: eventbridge/latest/userguide/
   * eb-use-resource-based.html). The rule must be in the function's account and region: a rule
   * elsewhere reaches a Lambda target through an event bus in this account. Granting the same
   * rule twice returns the first permission.
   */
  public grantInvokeFromRule(ruleArn: string): LambdaPermission {
    const match = RULE_ARN.exec(ruleArn);
    if (!match) {
      throw new Error(
        `grantInvokeFromRule: "${ruleArn}" is not an EventBridge rule ARN. Fix: pass arn:aws:events:<region>:<account>:rule/[<bus>/]<rule>`,
      );
    }
    const [, region, account, rulePath] = match;
    if (region !== this.region || account !== this.accountId) {
      throw new Error(
        `grantInvokeFromRule: rule ${ruleArn} is in ${account} ${region}, the function ${this.functionName} in ${this.accountId} ${this.region}; ` +
          'EventBridge invokes a Lambda target only from its own account and region. Fix: forward the events to a bus there and add the rule on that bus',
      );
    }
    const existing = this.invokePermissions.get(ruleArn);
    if (existing) return existing;
    const permission = new LambdaPermission(this, `AllowInvokeFrom-${rulePath.replace(/[^A-Za-z0-9-]/g, '-')}`, {
      provider: this.provider,
      statementId: statementId(rulePath),
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: ruleArn,
    });
    this.invokePermissions.set(ruleArn, permission);
    return permission;
  }

  /** The role's permissions: its own log group, its one parameter, and the keys behind them. */
  private rolePolicyDocument(props: ChatNotifierProps): PolicyDocument {
    const policy = new PolicyDocument([
      // CreateLogStream and PutLogEvents take the group's `:*` ARN
      // (AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html). No CreateLogGroup.
      new PolicyStatement({
        sid: 'AllowWriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${this.logGroupArn}:*`],
      }),
      new PolicyStatement({
        sid: 'AllowReadWebhookParameter',
        actions: ['ssm:GetParameter'],
        resources: [ssmParameterArn(props.region, props.accountId, props.webhookParameterName)],
      }),
    ]);
    if (props.webhookParameterKeyArn) {
      policy.addStatements(
        new PolicyStatement({
          sid: 'AllowDecryptWebhookParameterThroughSsm',
          actions: ['kms:Decrypt'],
          resources: [props.webhookParameterKeyArn],
          conditions: { StringEquals: { 'kms:ViaService': `ssm.${props.region}.amazonaws.com` } },
        }),
      );
    }
    if (props.failureQueueArn) {
      // Lambda sends on-failure records with the execution role (invocation-async-retain-records.html).
      policy.addStatements(
        new PolicyStatement({ sid: 'AllowSendFailedEvents', actions: ['sqs:SendMessage'], resources: [props.failureQueueArn] }),
      );
      if (props.failureQueueKeyArn) {
        policy.addStatements(
          new PolicyStatement({
            sid: 'AllowEncryptFailedEventsThroughSqs',
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [props.failureQueueKeyArn],
            conditions: { StringEquals: { 'kms:ViaService': `sqs.${props.region}.amazonaws.com` } },
          }),
        );
      }
    }
    return policy;
  }
}

const RULE_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):rule\/(.+)$/;

/**
 * `arn:aws:ssm:<region>:<account>:parameter/<name>`; a hierarchical name keeps its path without the
 * leading slash (`/chat/hook` is `parameter/chat/hook`).
 */
function ssmParameterArn(region: string, accountId: string, parameterName: string): string {
  return `arn:${PARTITION}:ssm:${region}:${accountId}:parameter/${parameterName.replace(/^\//, '')}`;
}

/** Lambda statement IDs are `[a-zA-Z0-9-_]{1,100}` (Lambda API, AddPermission); long rule paths keep a hash. */
function statementId(rulePath: string): string {
  const id = `AllowEventBridge-${rulePath.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  if (id.length <= 100) return id;
  let hash = 0;
  for (const char of rulePath) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return `${id.slice(0, 91)}-${hash.toString(16).padStart(8, '0')}`;
}
