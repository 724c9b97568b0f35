/**
 * The retention values CloudWatch Logs accepts (`RetentionInDays` of PutRetentionPolicy and of
 * AWS::Logs::LogGroup; AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html). Every
 * construct and the config validator check retentions against this one list.
 */
export const CLOUDWATCH_LOGS_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Whether CloudWatch Logs accepts `days` as a retention. */
export function isCloudWatchLogsRetention(days: number): boolean {
  return (CLOUDWATCH_LOGS_RETENTION_DAYS as readonly number[]).includes(days);
}
