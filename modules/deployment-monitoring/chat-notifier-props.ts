import type { TerraformProvider } from 'cdktf';
import { CLOUDWATCH_LOGS_RETENTION_DAYS, isCloudWatchLogsRetention } from '../cloudwatch-logs-retention';
import type { LogEncryptionKey } from '../log-encryption-key';

/*
 * The chat notifier's props and their checks (chat-notifier.ts builds the resources).
 */

export interface ChatNotifierProps {
  /** Lambda function name, 1-64 of `[A-Za-z0-9_-]`; also names the log group and the role. */
  readonly functionName: string;
  /** Account and region of the function (the audit account's home region). */
  readonly accountId: string;
  readonly region: string;
  /**
   * Name of the SSM SecureString parameter (same account and region) holding the webhook URL.
   * Create it outside Terraform so the URL never enters a plan or state, e.g.
   * `aws ssm put-parameter --type SecureString --name /chat/deployments --value https://hooks...`.
   */
  readonly webhookParameterName: string;
  /**
   * Key ARN of the customer managed key that encrypts the parameter; the role may then use it to
   * decrypt, only through SSM in this region. Not needed for the AWS managed key `aws/ssm`, whose
   * key policy already lets every principal of the account decrypt through SSM
   * (systems-manager/latest/userguide/ps-restrict-decryption.html).
   * @default - the parameter uses the AWS managed key aws/ssm: no KMS permission is granted
   */
  readonly webhookParameterKeyArn?: string;
  /** @default 30 (one of CloudWatch Logs' retention values) */
  readonly logRetentionInDays?: number;
  /** MB. @default 128 */
  readonly memorySize?: number;
  /** Seconds. @default 30 */
  readonly timeout?: number;
  /**
   * Caps concurrent runs (and reserves them from the account's pool), e.g. 2 to stay near a chat
   * webhook's rate limit during a deployment storm.
   * @default - unreserved: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Standard SQS queue (same account and region) that receives the events Lambda gave up on after
   * its retries, with the error (an on-failure destination). EventBridge invokes Lambda
   * asynchronously, so a rule target's dead-letter queue only sees events EventBridge could not
   * hand to Lambda, never a handler error (lambda/latest/dg/invocation-async-retain-records.html).
   * @default - failed events are dropped after Lambda's two retries (visible in the Errors metric and the log group)
   */
  readonly failureQueueArn?: string;
  /** Key ARN of the customer managed key of `failureQueueArn`. @default - the queue uses SQS-managed encryption or none */
  readonly failureQueueKeyArn?: string;
  /**
   * Customer managed key (same account and region) that encrypts the function's log group; the
   * notifier grants CloudWatch Logs its use for that log group only. Pass a key the stack already
   * pays for (the failure queue's, for example): a customer managed key costs about $1 a month.
   * @default - a key of its own, `alias/logs/<functionName>`
   */
  readonly logEncryptionKey?: LogEncryptionKey;
  /**
   * Removes `prevent_destroy` from the log group. Only for disposable environments; the review shows it.
   * @default false - the log group is guarded against `terraform destroy`
   */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - no resource tags beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/;

/** Every problem at once, each naming the prop, the value, the rule and the fix. */
export function validateChatNotifierProps(props: ChatNotifierProps): void {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(props.functionName)) {
    problems.push(`functionName: "${props.functionName}" is not a Lambda function name (1-64 letters, digits, hyphens, underscores)`);
  }
  if (!/^\d{12}$/.test(props.accountId)) problems.push(`accountId: "${props.accountId}" is not a 12-digit account ID`);
  const name = props.webhookParameterName;
  // SSM parameter names (SSM API, PutParameter Name): a-zA-Z0-9_.- and / for hierarchies, fully
  // qualified (leading /) when hierarchical, not prefixed aws or ssm, at most 15 levels.
  if (
    !/^[A-Za-z0-9_./-]{1,1011}$/.test(name) ||
    (name.includes('/') && !name.startsWith('/')) ||
    /^\/?(aws|ssm)/i.test(name) ||
    name.split('/').length - 1 > 15
  ) {
    problems.push(
      `webhookParameterName: "${name}" is not an SSM parameter name (a-zA-Z0-9_.- and /, a leading / when hierarchical, not starting with aws or ssm, at most 15 levels); give the name, not the ARN, of a parameter in ${props.accountId} ${props.region}`,
    );
  }
  if (props.webhookParameterKeyArn !== undefined && !KEY_ARN.test(props.webhookParameterKeyArn)) {
    problems.push(
      `webhookParameterKeyArn: "${props.webhookParameterKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); IAM authorizes kms:Decrypt on the key ARN, not on an alias`,
    );
  }
  const retention = props.logRetentionInDays;
  if (retention !== undefined && !isCloudWatchLogsRetention(retention)) {
    problems.push(
      `logRetentionInDays: ${retention} is not a CloudWatch Logs retention value (${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')})`,
    );
  }
  if (props.memorySize !== undefined && !(Number.isInteger(props.memorySize) && props.memorySize >= 128 && props.memorySize <= 10240)) {
    problems.push(`memorySize: ${props.memorySize} is not a Lambda memory size (128-10240 MB)`);
  }
  if (props.timeout !== undefined && !(Number.isInteger(props.timeout) && props.timeout >= 20 && props.timeout <= 900)) {
    problems.push(`timeout: ${props.timeout} is out of range (20-900 s; below 20 s the handler's own bounds, ~17 s, could be cut short)`);
  }
  const reserved = props.reservedConcurrentExecutions;
  if (reserved !== undefined && !(Number.isInteger(reserved) && reserved >= 1)) {
    problems.push(`reservedConcurrentExecutions: ${reserved} must be a positive integer (0 would stop every notification)`);
  }
  if (props.failureQueueArn !== undefined && !QUEUE_ARN.test(props.failureQueueArn)) {
    problems.push(
      `failureQueueArn: "${props.failureQueueArn}" is not a standard SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>; FIFO queues cannot be destinations)`,
    );
  }
  if (props.failureQueueKeyArn !== undefined && (props.failureQueueArn === undefined || !KEY_ARN.test(props.failureQueueKeyArn))) {
    problems.push(`failureQueueKeyArn: "${props.failureQueueKeyArn}" must be a KMS key ARN, and needs failureQueueArn`);
  }
  const key = props.logEncryptionKey;
  if (key && (key.accountId !== props.accountId || key.region !== props.region)) {
    problems.push(
      `logEncryptionKey: ${key.aliasName} is in ${key.accountId} ${key.region}, the function in ${props.accountId} ${props.region}; CloudWatch Logs encrypts a log group only with a key of its own region. Fix: pass a key of the function's account and region, or none`,
    );
  }
  if (problems.length > 0) throw new Error(`ChatNotifier: ${problems.join('; ')}`);
}
