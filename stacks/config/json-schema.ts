import { z } from 'zod';
import { configSchema } from './schema';

/**
 * JSON Schema of the config file as written (input side: defaults make fields optional). Only the
 * shape rules translate; cross-field rules (lifecycle order, size limits) are checked by the app.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://github.com/cdktf-org-logging/cdktf-org-logging/config.schema.json',
    title: 'cdktf-org-logging organization config',
    description: 'Config of the org-wide CloudTrail log aggregation app. See README.md, "Config reference".',
  };
}
