import * as fs from 'node:fs';
import * as path from 'node:path';
import { configSchema, type OrganizationConfig, type OrganizationConfigInput } from '../../stacks/config';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE_CONFIG_FILE = path.join(REPO_ROOT, 'examples', 'organization.json');

/** The example config as written (a fresh deep copy each call). */
export function exampleInput(): OrganizationConfigInput & Record<string, unknown> {
  return JSON.parse(fs.readFileSync(EXAMPLE_CONFIG_FILE, 'utf8'));
}

/** The example config, validated, with optional overrides of the input applied first. */
export function exampleConfig(mutate?: (input: ReturnType<typeof exampleInput>) => void): OrganizationConfig {
  const input = exampleInput();
  mutate?.(input);
  return configSchema.parse(input);
}

/** A minimal valid config: only required fields, every default in force. */
export function minimalInput(): Record<string, unknown> {
  return {
    organizationId: 'o-abcdefghij',
    managementAccountId: '111111111111',
    logArchiveAccountId: '222222222222',
    auditAccountId: '333333333333',
    homeRegion: 'us-east-1',
    regions: ['us-east-1'],
    trailName: 'org-trail',
    archiveBucketName: 'example-org-cloudtrail-222222222222',
  };
}
