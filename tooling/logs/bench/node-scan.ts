/**
 * The plain streaming Node scan the first query is measured against (issue 15, point 7): every log
 * file in turn, gunzip, JSON.parse, keep the CodeDeploy calls that change something. No
 * verification, no engine. Run as a child: `node -r ./bin/register.js tooling/logs/bench/node-scan.ts
 * <root> <question>`; prints the number of matching records.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

function* logFiles(directory: string): Generator<string> {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* logFiles(file);
    else if (file.endsWith('.json.gz') && file.includes(`${path.sep}CloudTrail${path.sep}`)) yield file;
  }
}

type CloudTrailRecord = { eventSource?: string; readOnly?: boolean; eventName?: string };

/** The filters of the two questions the benchmark asks. */
export const FILTERS: Readonly<Record<string, (r: CloudTrailRecord) => boolean>> = {
  'codedeploy-changes': (r) =>
    r.eventSource === 'codedeploy.amazonaws.com' &&
    (r.readOnly === false || (r.readOnly === undefined && !/^(Get|List|BatchGet)/.test(r.eventName ?? ''))),
  'deployments-by-principal': (r) => r.eventSource === 'codedeploy.amazonaws.com' && r.eventName === 'CreateDeployment',
};

export function scan(root: string, filter: (r: CloudTrailRecord) => boolean): number {
  let matches = 0;
  for (const file of logFiles(root)) {
    const { Records } = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'));
    for (const record of Records) if (filter(record)) matches++;
  }
  return matches;
}

if (require.main === module) process.stdout.write(`${scan(process.argv[2], FILTERS[process.argv[3]])}\n`);
