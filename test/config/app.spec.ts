import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SynthError, synthesizeOrganization } from '../../stacks/synthesize';
import { cliEnv, runLauncher, sharedCache } from '../cli/cli-support';
import { EXAMPLE_CONFIG_FILE, exampleInput, type Mutable, PROBLEM_LINE, REPO_ROOT, setPath } from '../support/config';

describe('config', () => {
  describe('the app', () => {
    let scratch: string;
    beforeAll(() => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'config-app-'));
    });
    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it('writes nothing and leaves an existing output folder untouched when the config is bad', () => {
      const dir = path.join(scratch, 'untouched');
      const outdir = path.join(dir, 'out');
      fs.mkdirSync(path.join(outdir, 'stacks', 'log-archive'), { recursive: true });
      fs.writeFileSync(path.join(outdir, 'stacks', 'log-archive', 'cdk.tf.json'), 'previous');
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ ...exampleInput(), homeRegion: 'nowhere-1' }));
      expect(() => synthesizeOrganization({ configFile: bad, outdir, baseDir: dir })).toThrow(SynthError);
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8')).toBe('previous');
      expect(fs.readdirSync(dir).sort()).toEqual(['bad.json', 'out']);
      expect(fs.readdirSync(outdir)).toEqual(['stacks']);
    });

    it('does not create the output folder for a config that is not JSON', () => {
      const outdir = path.join(scratch, 'never-created');
      const bad = path.join(scratch, 'bad2.json');
      fs.writeFileSync(bad, '{ "organizationId": ');
      expect(() => synthesizeOrganization({ configFile: bad, outdir, baseDir: scratch })).toThrow(/is not valid JSON at line 1, column 20/);
      expect(fs.existsSync(outdir)).toBe(false);
    });

    it('exits non-zero from the command line with one line per problem and no stack trace', () => {
      const bad = path.join(scratch, 'bad-cli.json');
      fs.writeFileSync(bad, JSON.stringify({ ...exampleInput(), trailName: 'x', archiveBucketName: 'Bad_Name' }));
      const outdir = path.join(scratch, 'cli-out');
      // The app's launcher as a real process (what `npm run synth` and cdktf.json run): its exit code.
      const run = runLauncher(['--config', bad, '--out', outdir], REPO_ROOT, cliEnv(sharedCache()));
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/^trailName: "x" is not a valid trail name/),
        expect.stringMatching(/^archiveBucketName: "Bad_Name" is not a valid S3 bucket name/),
      ]);
      for (const line of lines) expect(line).toMatch(PROBLEM_LINE);
      expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(fs.existsSync(outdir)).toBe(false);
    });

    it('lists no review warnings for the example, which keeps every secure default (notes only)', () => {
      const result = synthesizeOrganization({
        configFile: EXAMPLE_CONFIG_FILE,
        outdir: path.join(scratch, 'out-review'),
        baseDir: scratch,
      });
      expect(result.review.filter((line) => line.startsWith('warning:'))).toEqual([]);
      expect(result.review.some((line) => line.startsWith('note: log-archive/Archive:') && line.includes('retention:'))).toBe(true);
    });

    it('lists every weakened default in the summary for the reviewer', () => {
      const input = exampleInput() as Mutable;
      setPath(input, 'archive.objectLock', { enabled: false });
      setPath(input, 'trail.excludeManagementEventSources', ['kms.amazonaws.com']);
      const file = path.join(scratch, 'weakened.json');
      fs.writeFileSync(file, JSON.stringify(input));
      const result = synthesizeOrganization({ configFile: file, outdir: path.join(scratch, 'out-weakened'), baseDir: scratch });
      expect(result.review).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^warning: log-archive\/Archive: disableObjectLock: /),
          expect.stringMatching(/^warning: organization-trail\/Trail: excludeManagementEventSources: kms.amazonaws.com not recorded/),
        ]),
      );
      for (const line of result.review) expect(result.summary).toContain(line);
    });

    it('synthesizes the example and keeps files terraform leaves next to a stack', () => {
      const outdir = path.join(scratch, 'out-good');
      const stackDir = path.join(outdir, 'stacks', 'log-archive');
      fs.mkdirSync(path.join(stackDir, '.terraform'), { recursive: true });
      fs.writeFileSync(path.join(stackDir, '.terraform', 'marker'), 'keep');
      const result = synthesizeOrganization({ configFile: EXAMPLE_CONFIG_FILE, outdir, baseDir: scratch });
      expect(result.stacks.map((s) => s.name)).toContain('log-archive');
      expect(fs.readFileSync(path.join(stackDir, '.terraform', 'marker'), 'utf8')).toBe('keep');
      expect(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).resource.aws_s3_bucket).toBeDefined();
      expect(result.summary).toMatch(/log-archive\s+345678901234\s+eu-west-1\s+\d+/);
    });
  });
});
