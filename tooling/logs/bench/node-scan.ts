/**
 * The plain streaming Node scan the first query is measured against (issue 15, point 7): every log
 * file in turn, gunzip, JSON.parse, keep the CodeDeploy calls that change something. No
 * verification, no engine. Run as a child: `node -r ./bin/register.js tooling/logs/bench/node-scan.ts <root>`;
 * prints the number of matching records.
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

const changes = (r: { eventSource?: string; readOnly?: boolean; eventName?: string }) =>
  r.eventSource === 'codedeploy.amazonaws.com' &&
  (r.readOnly === false || (r.readOnly === undefined && !/^(Get|List|BatchGet)/.test(r.eventName ?? '')));

export function scan(root: string): number {
  let matches = 0;
  for (const file of logFiles(root)) {
    const { Records } = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'));
    for (const record of Records) if (changes(record)) matches++;
  }
  return matches;
}

if (require.main === module) process.stdout.write(`${scan(process.argv[2])}\n`);
