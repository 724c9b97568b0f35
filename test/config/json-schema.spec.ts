import * as fs from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from '../../stacks/config/json-schema';
import { REPO_ROOT } from '../support/config';

describe('config', () => {
  describe('JSON Schema', () => {
    it('is generated from the validator and committed up to date (run `npm run schema`)', () => {
      const committed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'config.schema.json'), 'utf8'));
      expect(committed).toEqual(configJsonSchema());
    });

    it('rejects unknown fields, like the validator', () => {
      const schema = configJsonSchema() as { additionalProperties?: boolean; required?: string[] };
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required).toEqual(
        expect.arrayContaining([
          'organizationId',
          'managementAccountId',
          'logArchiveAccountId',
          'auditAccountId',
          'homeRegion',
          'regions',
          'trailName',
          'archiveBucketName',
        ]),
      );
    });
  });
});
