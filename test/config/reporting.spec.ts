import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { locateJsonError, readConfigFile } from '../../stacks/config/parse';
import { validateConfig } from '../../stacks/validate';
import {
  collectPaths,
  EXAMPLE_CONFIG_FILE,
  exampleInput,
  expectProblem,
  type Mutable,
  PROBLEM_LINE,
  problemsOf,
  setPath,
  withChange,
} from '../support/config';

describe('config', () => {
  describe('unknown fields', () => {
    it('fails on a misspelled top-level field and suggests the right one', () => {
      const input = exampleInput() as Mutable;
      input.externalAccountIDs = [];
      expectProblem(input, 'externalAccountIDs', 'is not a known field', 'did you mean "externalAccountIds"');
    });

    it('fails on an unknown nested field so a typo cannot drop a setting', () => {
      const input = exampleInput() as Mutable;
      setPath(input, 'archive.lifecycle.expirationDay', 10);
      expectProblem(input, 'archive.lifecycle.expirationDay', 'did you mean "expirationDays"');
    });

    it('lists the known fields when nothing is close', () => {
      const input = exampleInput() as Mutable;
      setPath(input, 'archive.objectLock.legalHoldEverything', true);
      expectProblem(input, 'archive.objectLock.legalHoldEverything', 'Fix: remove it (known fields: enabled, mode, retentionDays)');
    });
  });

  describe('reporting', () => {
    it('reports every problem at once, one line each', () => {
      const input = exampleInput() as Mutable;
      input.organizationId = 'nope';
      input.homeRegion = 'moon-1';
      input.archiveBucketName = 'UPPER';
      setPath(input, 'archive.objectLock.mode', 'NONE');
      const problems = problemsOf(input);
      expect(problems.length).toBeGreaterThanOrEqual(4);
      for (const field of ['organizationId', 'homeRegion', 'archiveBucketName', 'archive.objectLock.mode']) {
        expect(problems.filter((p) => p.startsWith(`${field}: `))).toHaveLength(1);
      }
      for (const line of problems) expect(line).toMatch(PROBLEM_LINE);
    });

    it('never crashes on random mutations of the example and prints one line with a fix per problem, without a stack trace', () => {
      const paths = collectPaths(exampleInput());
      const junk = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
      );
      let invalid = 0;
      fc.assert(
        fc.property(fc.constantFrom(...paths), junk, (dotted, value) => {
          const result = validateConfig(withChange(dotted, value));
          if (result.ok) return;
          invalid++;
          for (const line of result.problems) {
            expect(line).toMatch(PROBLEM_LINE);
            expect(line).not.toMatch(/\bat .+\.ts:\d+/);
          }
        }),
        { numRuns: 150 },
      );
      expect(invalid).toBeGreaterThan(50);
    });

    it('reports each invalid field by its path', () => {
      const invalid: Record<string, fc.Arbitrary<unknown>> = {
        organizationId: fc.string({ maxLength: 8 }),
        managementAccountId: fc.stringMatching(/^\d{1,11}$/),
        auditAccountId: fc.stringMatching(/^[a-z]{12}$/),
        homeRegion: fc.constantFrom('eu-west-7', 'cn-north-1', 'EU-WEST-1', ''),
        archiveBucketName: fc.stringMatching(/^[A-Z_]{3,10}$/),
        'archive.keyAlias': fc.stringMatching(/^[a-z]{1,10}$/),
        'archive.objectLock.retentionDays': fc.integer({ min: -1000, max: 0 }),
        'archive.lifecycle.abortIncompleteMultipartUploadDays': fc.integer({ min: -50, max: 0 }),
        'deployment.roleName': fc.stringMatching(/^[a-z]{65,70}$/),
        'trail.delegatedAdministratorAccountId': fc.constantFrom('210987654321', '567890123456', '12'),
        'cloudWatchLogs.retentionDays': fc.integer({ min: 4000, max: 100000 }),
        'notifications.topicName': fc.stringMatching(/^[a-z]{1,5}\.[a-z]{1,5}$/),
      };
      const mutation = fc.oneof(...Object.entries(invalid).map(([field, arbitrary]) => arbitrary.map((value) => [field, value] as const)));
      fc.assert(
        fc.property(mutation, ([field, value]) => {
          const problems = problemsOf(withChange(field, value));
          expect(problems.some((p) => p.startsWith(`${field}: `))).toBe(true);
        }),
        { numRuns: 80 },
      );
    });
  });

  describe('reading the config file', () => {
    let scratch: string;
    beforeAll(() => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'config-file-'));
    });
    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

    /** The problem line reading `text` from a file gives. */
    function problemOf(text: string): string {
      const file = path.join(scratch, 'config.json');
      fs.writeFileSync(file, text);
      const read = readConfigFile(file);
      if (read.ok) throw new Error('expected a JSON syntax error');
      expect(read.problems).toHaveLength(1);
      expect(read.problems[0]).toMatch(PROBLEM_LINE);
      return read.problems[0].replace(JSON.stringify(file), '<file>');
    }

    it.each([
      [
        'a trailing comma after the last field',
        '{\n  "homeRegion": "eu-west-1",\n  "regions": ["eu-west-1"],\n}\n',
        '--config: <file> is not valid JSON at line 3, column 27 (a trailing comma after the last field, which JSON does not allow): "\\"regions\\": [\\"eu-west-1\\"],". Fix: remove that comma',
      ],
      [
        'a trailing comma after the last list entry',
        '{\n  "regions": [\n    "eu-west-1",\n    "us-east-1",\n  ]\n}\n',
        '--config: <file> is not valid JSON at line 4, column 16 (a trailing comma after the last entry, which JSON does not allow): "\\"us-east-1\\",". Fix: remove that comma',
      ],
      [
        'a missing comma between two fields',
        '{\n  "homeRegion": "eu-west-1"\n  "regions": ["eu-west-1"]\n}\n',
        '--config: <file> is not valid JSON at line 2, column 28 (a missing comma before the next field): "\\"homeRegion\\": \\"eu-west-1\\"". Fix: put a comma there, or close the object with }',
      ],
      [
        'an unterminated string',
        '{\n  "homeRegion": "eu-west-1,\n  "regions": ["eu-west-1"]\n}\n',
        '--config: <file> is not valid JSON at line 2, column 17 (a string that is not closed on its line): "\\"homeRegion\\": \\"eu-west-1,". Fix: end the string with a double quote',
      ],
      [
        'an empty file',
        '',
        '--config: <file> is not valid JSON at line 1, column 1 (the file is empty): "". Fix: write the config as one JSON object (see examples/organization.json)',
      ],
      [
        'a file that ends early',
        '{\n  "homeRegion": "eu-west-1",\n  "regions": [\n',
        '--config: <file> is not valid JSON at line 3, column 15 (the file ends before the JSON is complete): "\\"regions\\": [". Fix: restore the rest of the file (still open: ] })',
      ],
    ])('reports %s with its line, column and text', (_, text, expected) => {
      expect(() => JSON.parse(text)).toThrow();
      expect(problemOf(text)).toBe(expected);
    });

    it('reports a syntax error deep in the example at its line and column', () => {
      const lines = fs.readFileSync(EXAMPLE_CONFIG_FILE, 'utf8').split('\n');
      const at = lines.findIndex((line) => line.includes('"retentionDays": 400'));
      expect(at).toBeGreaterThan(0);
      lines[at] = lines[at].replace('400', '400,');
      expect(problemOf(lines.join('\n'))).toMatch(
        new RegExp(`^--config: <file> is not valid JSON at line ${at + 1}, column ${lines[at].indexOf(',') + 1} \\(a trailing comma`),
      );
    });

    it('finds a syntax error exactly where JSON.parse does not read the text, and nowhere else', () => {
      const example = fs.readFileSync(EXAMPLE_CONFIG_FILE, 'utf8');
      const edit = fc.record({
        at: fc.nat({ max: example.length - 1 }),
        remove: fc.nat({ max: 2 }),
        insert: fc.constantFrom('', ',', '"', '{', '}', '[', ']', ':', ' ', 'x', '1', '\n', "'", '\\'),
      });
      let broken = 0;
      fc.assert(
        fc.property(
          fc.oneof(
            fc.json(),
            fc.string({ unit: 'binary', maxLength: 12 }),
            edit.map(({ at, remove, insert }) => example.slice(0, at) + insert + example.slice(at + remove)),
          ),
          (text) => {
            let parses = true;
            try {
              JSON.parse(text);
            } catch {
              parses = false;
            }
            const found = locateJsonError(text);
            expect(found === undefined).toBe(parses);
            if (found) {
              broken++;
              expect(found.offset).toBeLessThanOrEqual(text.length);
            }
          },
        ),
        { numRuns: 400 },
      );
      expect(broken).toBeGreaterThan(50);
    });

    it('names a config file that does not exist', () => {
      const file = path.join(scratch, 'missing.json');
      expect(readConfigFile(file)).toEqual({
        ok: false,
        problems: [`--config: ${JSON.stringify(file)} cannot be read (ENOENT). Fix: pass the path of an existing JSON file`],
      });
    });

    it('names a config path that is a folder', () => {
      expect(readConfigFile(scratch)).toEqual({
        ok: false,
        problems: [`--config: ${JSON.stringify(scratch)} cannot be read (EISDIR). Fix: pass the path of an existing JSON file`],
      });
    });
  });
});
