/**
 * The CodeDeploy event samples of test/fixtures/codedeploy-events/ (sources in its README), by
 * file name without `.json`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const FOLDER = path.join(__dirname, '..', 'fixtures', 'codedeploy-events');

export const CODEDEPLOY_SAMPLE_NAMES = fs
  .readdirSync(FOLDER)
  // chat-*.json are the chat notifier's copies of AWS's two samples (test/assets), not extra cases.
  .filter((file) => file.endsWith('.json') && !file.startsWith('chat-'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort();

export function codeDeploySample(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FOLDER, `${name}.json`), 'utf8'));
}

/** The names of the samples `matches` accepts, sorted. */
export function samplesMatching(matches: (event: Record<string, unknown>) => boolean): string[] {
  return CODEDEPLOY_SAMPLE_NAMES.filter((name) => matches(codeDeploySample(name)));
}
