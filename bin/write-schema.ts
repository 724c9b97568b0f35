/**
 * Writes config.schema.json, the JSON Schema generated from the config validator, so editors
 * complete and check organization configs. `npm run schema`; a test fails when it is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from '../stacks/config/json-schema';

const target = path.join(__dirname, '..', 'config.schema.json');
fs.writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
