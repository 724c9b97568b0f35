/**
 * `synthesizeOrganization`: the summary (apply order, weakened defaults, stale stacks) and what
 * a (re-)synth does to the output folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SynthError, type SynthesizeResult, synthesizeOrganization } from '../../stacks/synthesize';
import { exampleInput } from '../support/config';

type Input = ReturnType<typeof exampleInput>;

let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-synth-'));
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The example, changed by `mutate`, with local state, synthesized into `<tmp>/out`. */
function synthesize(mutate: (input: Input) => void = () => {}, outdir = path.join(tmp, 'out')): SynthesizeResult {
  const input = exampleInput();
  (input.deployment as Record<string, unknown>).backend = { type: 'local' };
  mutate(input);
  const configFile = path.join(tmp, `config-${Date.now()}-${Math.random()}.json`);
  fs.writeFileSync(configFile, JSON.stringify(input));
  return synthesizeOrganization({ configFile, outdir, baseDir: tmp });
}

/** The table rows of the summary: [order, stack, account, region, resources, role]. */
function summaryRows(summary: string): string[][] {
  const lines = summary.split('\n');
  const rule = lines.findIndex((line) => /^-+( +-+)+$/.test(line));
  return lines
    .slice(rule + 1)
    .filter((line) => /^\d+ /.test(line))
    .map((line) => line.split(/ {2,}/));
}

function reviewLines(summary: string, kind: 'warning' | 'note'): string[] {
  return summary.split('\n').filter((line) => line.startsWith(`${kind}: `));
}

const archive = (input: Input) => input.archive as Record<string, Record<string, unknown>>;
const trail = (input: Input) => input.trail as Record<string, unknown>;

describe('synthesizeOrganization', () => {
  describe('summary', () => {
    it('lists every stack in apply order with its account, region, resource count and role', () => {
      const result = synthesize((input) => {
        trail(input).delegatedAdministratorAccountId = input.auditAccountId;
      });
      const rows = summaryRows(result.summary);
      expect(rows.map(([order, stack, account, region]) => [order, stack, account, region])).toEqual([
        ['1', 'log-archive', '345678901234', 'eu-west-1'],
        ['2', 'organization-management', '210987654321', 'eu-west-1'],
        ['3', 'organization-trail', '456789012345', 'eu-west-1'],
        ['4', 'external-account-567890123456', '567890123456', 'eu-west-1'],
        ['5', 'external-account-678901234567', '678901234567', 'eu-west-1'],
      ]);
      expect(rows.map((r) => Number(r[4]))).toEqual(result.stacks.map((s) => s.resources));
      expect(rows[2][5]).toBe('organization trail (delegated administrator)');
      expect(result.summary.split('\n')[0]).toMatch(
        /^Synthesized 5 stacks \(\d+ resources\) into .*out\/stacks; apply them in this order:$/,
      );
    });

    it('has no warnings or notes for the example, which keeps every secure default', () => {
      const result = synthesize();
      expect(result.review).toEqual([]);
      expect(result.summary).not.toMatch(/^(warning|note):/m);
    });

    it('warns when archive.objectLock.enabled is false', () => {
      const result = synthesize((input) => {
        archive(input).objectLock.enabled = false;
      });
      expect(reviewLines(result.summary, 'warning')).toEqual([
        expect.stringMatching(
          /^warning: log-archive\/Archive: disableObjectLock: acme-cloudtrail-archive-345678901234 is created without object lock \(.+\)$/,
        ),
      ]);
      expect(result.review).toEqual(reviewLines(result.summary, 'warning'));
    });

    it('warns, for every trail, when trail.excludeManagementEventSources leaves events out', () => {
      const result = synthesize((input) => {
        trail(input).excludeManagementEventSources = ['kms.amazonaws.com'];
      });
      const warnings = reviewLines(result.summary, 'warning');
      expect(warnings.map((line) => line.split(': ')[1])).toEqual([
        'organization-trail/Trail',
        'external-account-567890123456/Trail',
        'external-account-678901234567/Trail',
      ]);
      for (const line of warnings) {
        expect(line).toMatch(/excludeManagementEventSources: kms\.amazonaws\.com not recorded; fails CIS 3\.1/);
      }
    });

    it('notes that archive.objectLock.mode COMPLIANCE cannot be undone, as information rather than a warning', () => {
      const result = synthesize((input) => {
        archive(input).objectLock.mode = 'COMPLIANCE';
      });
      expect(reviewLines(result.summary, 'warning')).toEqual([]);
      expect(reviewLines(result.summary, 'note')).toEqual([
        "note: log-archive/Archive: objectLockMode COMPLIANCE: no one, root included, can delete acme-cloudtrail-archive-345678901234's objects for 400 days",
      ]);
    });

    it('reports every opt-out of one config together', () => {
      const result = synthesize((input) => {
        archive(input).objectLock.enabled = false;
        trail(input).excludeManagementEventSources = ['rdsdata.amazonaws.com'];
      });
      expect(reviewLines(result.summary, 'warning')).toHaveLength(4);
    });
  });

  describe('output folder', () => {
    it('writes each stack to <out>/stacks/<stack>/cdk.tf.json with a manifest, and leaves no scratch folder', () => {
      const outdir = path.join(tmp, 'out');
      const result = synthesize();
      for (const stack of result.stacks) {
        expect(stack.file).toBe(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'));
        expect(JSON.parse(fs.readFileSync(stack.file, 'utf8'))).toHaveProperty('terraform.backend.local');
      }
      expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
      expect(fs.readdirSync(tmp).filter((name) => name.includes('.synth-'))).toEqual([]);
    });

    it('reports a stack that disappeared from the config and leaves its folder in place', () => {
      const outdir = path.join(tmp, 'out');
      synthesize();
      const gone = path.join(outdir, 'stacks', 'external-account-678901234567');
      fs.writeFileSync(path.join(gone, 'terraform.tfstate'), '{"version":4}');

      const result = synthesize((input) => {
        input.externalAccountIds = ['567890123456'];
      });
      expect(result.stacks.map((s) => s.name)).not.toContain('external-account-678901234567');
      expect(reviewLines(result.summary, 'warning')).toEqual([
        'warning: external-account-678901234567 is no longer in the config; its folder was left in place (it may hold terraform state). Destroy or remove it deliberately.',
      ]);
      expect(fs.readdirSync(gone).sort()).toEqual(['cdk.tf.json', 'terraform.tfstate']);
    });

    it('keeps .terraform/ and every other file in a stack folder on re-synth, and replaces cdk.tf.json', () => {
      const outdir = path.join(tmp, 'out');
      synthesize();
      const folder = path.join(outdir, 'stacks', 'log-archive');
      const kept = {
        '.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/marker': 'provider',
        '.terraform/terraform.tfstate': '{"backend":{}}',
        '.terraform.lock.hcl': '# lock file',
        plan: 'binary plan',
      };
      for (const [file, content] of Object.entries(kept)) {
        fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
        fs.writeFileSync(path.join(folder, file), content);
      }
      const before = fs.readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8');

      synthesize((input) => {
        archive(input).objectLock.retentionDays = 500;
      });
      for (const [file, content] of Object.entries(kept)) expect(fs.readFileSync(path.join(folder, file), 'utf8')).toBe(content);
      const after = fs.readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8');
      expect(after).not.toBe(before);
      expect(after).toContain('"days": 500');
    });

    it('changes nothing in the output folder when the config is invalid', () => {
      const outdir = path.join(tmp, 'out');
      synthesize();
      const snapshot = () =>
        fs
          .readdirSync(outdir, { recursive: true, encoding: 'utf8' })
          .sort()
          .map((file) => {
            const full = path.join(outdir, file);
            return fs.statSync(full).isFile() ? `${file}:${fs.readFileSync(full, 'utf8').length}:${fs.statSync(full).mtimeMs}` : file;
          });
      const before = snapshot();
      expect(() =>
        synthesize((input) => {
          input.archiveBucketName = 'Not_A_Bucket';
          archive(input).objectLock.retentionDays = -1;
        }),
      ).toThrow(SynthError);
      expect(snapshot()).toEqual(before);
      expect(fs.readdirSync(tmp).filter((name) => name.includes('.synth-'))).toEqual([]);
    });
  });
});
