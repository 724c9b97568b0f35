import type { TerraformProvider } from 'cdktf';
import type { LogEncryptionKey } from '../log-encryption-key';
import { kmsKeyArnProblems, sqsQueueArnProblems } from '../rules/arns';
import { accountIdProblems, regionProblems } from '../rules/identifiers';
import { logRetentionProblems } from '../rules/names';
import { type Problem, problem } from '../rules/problem';
import { checkProp, type PropCheck } from '../rules/prop-validation';
import { lambdaFunctionNameProblems, ssmParameterNameProblems } from '../rules/service-names';

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

/** A number rule: valid when `ok`, else the rule and fix. */
const numberRule =
  (ok: (n: number) => boolean, rule: string, fix: string) =>
  (n: number): Problem[] =>
    ok(n) ? [] : [problem(n, rule, fix)];

/** The rules the notifier's props obey, checked at synth, every problem at once (prop, value, rule, fix). */
export function chatNotifierPropChecks(props: ChatNotifierProps): PropCheck[] {
  return [
    ...checkProp('functionName', props.functionName, lambdaFunctionNameProblems),
    ...checkProp('accountId', props.accountId, accountIdProblems),
    ...checkProp('region', props.region, regionProblems),
    ...checkProp('webhookParameterName', props.webhookParameterName, ssmParameterNameProblems),
    ...checkProp('webhookParameterKeyArn', props.webhookParameterKeyArn, kmsKeyArnProblems),
    ...checkProp('logRetentionInDays', props.logRetentionInDays, (d) => logRetentionProblems(d)),
    ...checkProp(
      'memorySize',
      props.memorySize,
      numberRule((n) => Number.isInteger(n) && n >= 128 && n <= 10240, 'is not a Lambda memory size (128-10240 MB)', 'use 128 to 10240'),
    ),
    ...checkProp(
      'timeout',
      props.timeout,
      numberRule(
        (n) => Number.isInteger(n) && n >= 20 && n <= 900,
        "is out of range (20-900 s; below 20 s the handler's own bounds, ~17 s, could be cut short)",
        'use 20 to 900 seconds',
      ),
    ),
    ...checkProp(
      'reservedConcurrentExecutions',
      props.reservedConcurrentExecutions,
      numberRule(
        (n) => Number.isInteger(n) && n >= 1,
        'must be a positive integer (0 would stop every notification)',
        'use 1 or more, or leave it out',
      ),
    ),
    ...checkProp('failureQueueArn', props.failureQueueArn, sqsQueueArnProblems),
    ...checkProp('failureQueueKeyArn', props.failureQueueKeyArn, (arn) => [
      ...kmsKeyArnProblems(arn),
      ...(props.failureQueueArn === undefined
        ? [problem(arn, 'is the key of a failure queue, and failureQueueArn is not set', 'set failureQueueArn, or leave the key out')]
        : []),
    ]),
  ];
}

/** A log key of another account or region cannot encrypt the function's log group: refused at once (the grant would be wrong). */
export function logKeyMismatch(props: ChatNotifierProps): string | undefined {
  const key = props.logEncryptionKey;
  if (!key || (key.accountId === props.accountId && key.region === props.region)) return undefined;
  return `logEncryptionKey: ${key.aliasName} is in ${key.accountId} ${key.region}, the function in ${props.accountId} ${props.region}; CloudWatch Logs encrypts a log group only with a key of its own region. Fix: pass a key of the function's account and region, or none`;
}
