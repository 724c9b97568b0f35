import { type PatternRule, type Problem, patternProblems, problem } from './problem';

/*
 * Names of the deployment-monitoring and audit-query resources (EventBridge, SQS, Kinesis, Lambda,
 * SSM, Glue, Athena), each with the API reference it follows.
 */

/** Custom event bus names: 1-256 of letters, digits, `.`, `_`, `-`, not `default` (EventBridge CreateEventBus Name). */
const EVENT_BUS_NAME: PatternRule = {
  pattern: /^(?!default$)[A-Za-z0-9._-]{1,256}$/,
  rule: 'is not a custom event bus name (1-256 of letters, digits, . _ -; "default" is the account\'s own bus)',
  fix: 'use only those characters, and another name than "default"',
};

/** Event archive names: 1-48 of letters, digits, `.`, `_`, `-` (EventBridge CreateArchive ArchiveName). */
const EVENT_ARCHIVE_NAME: PatternRule = {
  pattern: /^[A-Za-z0-9._-]{1,48}$/,
  rule: 'is not an event archive name (1-48 of letters, digits, . _ -)',
  fix: 'use a shorter name of those characters',
};

/** Standard queue names: 1-80 of letters, digits, `-` and `_` (SQS CreateQueue QueueName; FIFO queues end in `.fifo`). */
const SQS_QUEUE_NAME: PatternRule = {
  pattern: /^[A-Za-z0-9_-]{1,80}$/,
  rule: 'is not an SQS queue name (1-80 of letters, digits, _ and -)',
  fix: 'use a shorter name of those characters',
};

/** Message retention: 60 seconds to 14 days (SQS SetQueueAttributes MessageRetentionPeriod, 60-1209600). */
export function messageRetentionProblems(seconds: number): Problem[] {
  return Number.isInteger(seconds) && seconds >= 60 && seconds <= 1_209_600
    ? []
    : [
        problem(
          seconds,
          'is not a message retention SQS accepts (a whole number of seconds from 60 to 1209600, 14 days)',
          'use 60 to 1209600',
        ),
      ];
}

/** Stream names: 1-128 of letters, digits, `_`, `.` and `-` (Kinesis CreateStream StreamName). */
export const KINESIS_STREAM_NAME: PatternRule = {
  pattern: /^[A-Za-z0-9_.-]{1,128}$/,
  rule: 'is not a Kinesis stream name (1-128 of letters, digits, _ . and -)',
  fix: 'use only those characters',
};

/** Function names: 1-64 of letters, digits, `-` and `_` (Lambda CreateFunction FunctionName, the name form). */
export const LAMBDA_FUNCTION_NAME: PatternRule = {
  pattern: /^[a-zA-Z0-9_-]{1,64}$/,
  rule: 'is not a Lambda function name (1-64 of letters, digits, - and _)',
  fix: 'use only those characters',
};

/**
 * Glue database and table names as Athena uses them unquoted: Glue stores names lowercase, 1-255
 * bytes (athena/latest/ug/tables-databases-columns-names.html); names starting with a digit or an
 * underscore need quoting in every query, and other characters are not portable, so this is the
 * subset that works everywhere: a lowercase letter, then lowercase letters, digits and underscores.
 */
export const GLUE_NAME: PatternRule = {
  pattern: /^[a-z][a-z0-9_]{0,254}$/,
  rule: 'is not a usable Glue name for Athena (a lowercase letter, then lowercase letters, digits and underscores, at most 255; Glue stores names lowercase and Athena needs quotes around names that start with a digit or an underscore)',
  fix: 'use a name like "org_audit_logs"',
};

/** Workgroup names: 1-128 of letters, digits, `.`, `_`, `-` (Athena CreateWorkGroup Name; the provider checks the same). */
export const ATHENA_WORKGROUP_NAME: PatternRule = {
  pattern: /^[a-zA-Z0-9._-]{1,128}$/,
  rule: 'is not an Athena workgroup name (1-128 of letters, digits, . _ -)',
  fix: 'use a name like "org-audit-queries"',
};

/**
 * Saved (named) query names: 1-128 characters, any characters (Athena API reference,
 * athena/latest/APIReference/API_CreateNamedQuery.html, Name: "Minimum length of 1. Maximum length
 * of 128"; no pattern). Athena does not require them unique; this module does, as the construct id.
 */
export function athenaNamedQueryNameProblems(name: string): Problem[] {
  if (name.length === 0)
    return [problem(name, 'is empty; an Athena saved query needs a name of 1-128 characters', 'give the question a name')];
  return name.length > 128
    ? [
        problem(
          name,
          `is ${name.length} characters; an Athena saved query name has at most 128`,
          'shorten the name to 128 characters or fewer',
        ),
      ]
    : [];
}

/** Observability sink names: 1-255 of letters, digits, `_`, `.` and `-` (CloudWatch OAM CreateSink Name). */
const OAM_SINK_NAME: PatternRule = {
  pattern: /^[A-Za-z0-9_.-]{1,255}$/,
  rule: 'is not an observability sink name (1-255 of letters, digits, _ . and -)',
  fix: 'use only those characters',
};

export const oamSinkNameProblems = (name: string): Problem[] => patternProblems(OAM_SINK_NAME, name);
export const eventBusNameProblems = (name: string): Problem[] => patternProblems(EVENT_BUS_NAME, name);
export const eventArchiveNameProblems = (name: string): Problem[] => patternProblems(EVENT_ARCHIVE_NAME, name);
export const sqsQueueNameProblems = (name: string): Problem[] => patternProblems(SQS_QUEUE_NAME, name);
export const kinesisStreamNameProblems = (name: string): Problem[] => patternProblems(KINESIS_STREAM_NAME, name);
export const lambdaFunctionNameProblems = (name: string): Problem[] => patternProblems(LAMBDA_FUNCTION_NAME, name);
export const glueNameProblems = (name: string): Problem[] => patternProblems(GLUE_NAME, name);
export const athenaWorkgroupNameProblems = (name: string): Problem[] => patternProblems(ATHENA_WORKGROUP_NAME, name);

/**
 * SSM parameter names (SSM PutParameter Name): `a-zA-Z0-9_.-` and `/` for hierarchies, fully
 * qualified (a leading `/`) when hierarchical, not starting with `aws` or `ssm`, at most 15 levels,
 * 1-1011 characters. The name, not the ARN.
 */
export function ssmParameterNameProblems(name: string): Problem[] {
  const valid =
    /^[A-Za-z0-9_./-]{1,1011}$/.test(name) &&
    (!name.includes('/') || name.startsWith('/')) &&
    !/^\/?(aws|ssm)/i.test(name) &&
    name.split('/').length - 1 <= 15;
  return valid
    ? []
    : [
        problem(
          name,
          'is not an SSM parameter name (a-zA-Z0-9_.- and /, a leading / when hierarchical, not starting with aws or ssm, at most 15 levels)',
          'give the name, not the ARN, of the parameter',
        ),
      ];
}
