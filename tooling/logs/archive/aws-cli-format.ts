/** A timestamp as the AWS CLI v2 prints it in JSON output (ISO 8601 with an offset: `2026-03-01T10:01:31+00:00`). */
export function cliTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
