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
const guardrails = (input: Input) => input.guardrails as Record<string, unknown>;

/** The example's review notes: how long the archive keeps logs, and what the guardrails cannot cover. */
const RETENTION_NOTE = (lock: string) =>
  `note: log-archive/Archive: acme-cloudtrail-archive-345678901234 retention: log files are current for 2557 days, then kept 365 days as noncurrent versions and deleted (2922 days, about 8.0 years, in all); objects of 128 KB or more move to STANDARD_IA at 30 days, GLACIER_IR at 90 days, DEEP_ARCHIVE at 365 days; smaller ones (most CloudTrail files) stay in STANDARD; ${lock}`;
/** The guardrails' four notes: what protects the management account instead, the pinned exempt roles, the per-target limits, the policy types. */
const GUARDRAILS_NOTES = [
  "SCPs and RCPs do not apply to the management account (210987654321), which holds the trail's log group, delivery role and topic, the alarms and their keys: no guardrail covers them. What protects them: their resource policies (topic and key policies refuse other accounts), CloudTrail itself (member accounts cannot change an organization trail; only CloudTrail delegated administrators can, and the SCP denies them that), the trail-tampering alarm, and who holds the management account's administrator credentials. Fix: create the trail from a delegated administrator (trail.delegatedAdministratorAccountId) to bring them under the SCPs",
  'Exempt from the trail and archive SCPs: role OrgLoggingDeployment in 345678901234 and role acme-log-archive-break-glass in 345678901234. Nobody else in those accounts may change or assume them, so whoever may assume them from outside is trusted with the evidence; the same role names elsewhere are not exempt',
  'Each target (r-7k3m) gets 3 SCPs and 1 RCP. AWS attaches at most 5 of each kind to one target, FullAWSAccess and RCPFullAWSAccess included, and the plan cannot see what is already attached: before applying, check that aws organizations list-policies-for-target --target-id <target> --filter SERVICE_CONTROL_POLICY lists at most 1 other policy besides FullAWSAccess and --filter RESOURCE_CONTROL_POLICY at most 3 other policies besides RCPFullAWSAccess',
  'Before applying, enable the policy types on the root: aws organizations enable-policy-type --root-id r-7k3m --policy-type SERVICE_CONTROL_POLICY (and RESOURCE_CONTROL_POLICY)',
].map((message) => `note: organization-guardrails/Guardrails: ${message}`);
/** The volume the review's Cost section prices: the example's costEstimate section and governed regions, recorded for the review. */
const COST_NOTE =
  'note: log-archive: cost estimate inputs (costEstimate, priced by npm run review): memberAccounts=120 managementEventsPerAccountMonth=1500000 dataEventsPerAccountMonth=4000000 eventBytes=1500 compressedEventBytes=150 deploymentEventsPerAccountMonth=2000 otherManagementEventTrails=0 governedRegions=3';
const ARCHIVE_KEY_NOTE =
  'note: deployment-events/Bus/Archive: archive acme-deployment-events is encrypted with an AWS owned key: hashicorp/aws 5.100.0 cannot give it the bus key';
const GOVERNANCE_LOCK = 'object lock (GOVERNANCE) protects every version for 400 days after it is written';

/** Every review line of a summary, warnings and notes, in order. */
function allReviewLines(summary: string): string[] {
  return summary.split('\n').filter((line) => /^(warning|note): /.test(line));
}

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
        ['6', 'deployment-events', '456789012345', 'eu-west-1'],
        ['7', 'deployment-rollout', '210987654321', 'eu-west-1'],
        ['8', 'deployment-management-account', '210987654321', 'eu-west-1'],
        ['9', 'audit-queries', '456789012345', 'eu-west-1'],
        ['10', 'organization-guardrails', '210987654321', 'eu-west-1'],
      ]);
      expect(rows.map((r) => Number(r[4]))).toEqual(result.stacks.map((s) => s.resources));
      expect(rows[2][5]).toBe('organization trail (delegated administrator)');
      expect(rows[9][5]).toBe('management (organization guardrails: SCPs, RCP)');
      expect(result.summary.split('\n')[0]).toMatch(
        /^Synthesized 10 stacks \(\d+ resources\) into .*out\/stacks; apply them in this order:$/,
      );
    });

    it('has no warnings for the example, which keeps every secure default, and notes its retention and what the guardrails cannot cover', () => {
      const result = synthesize();
      expect(reviewLines(result.summary, 'warning')).toEqual([]);
      expect(result.review).toEqual([COST_NOTE, RETENTION_NOTE(GOVERNANCE_LOCK), ARCHIVE_KEY_NOTE, ...GUARDRAILS_NOTES]);
      expect(allReviewLines(result.summary)).toEqual(result.review);
    });

    it('warns when archive.objectLock.enabled is false, for the archive and for its replica', () => {
      const result = synthesize((input) => {
        archive(input).objectLock.enabled = false;
      });
      expect(reviewLines(result.summary, 'warning')).toEqual([
        expect.stringMatching(
          /^warning: log-archive\/Archive: disableObjectLock: acme-cloudtrail-archive-345678901234 is created without object lock \(.+\)$/,
        ),
        'warning: log-archive/Replica: disableObjectLock: replica acme-cloudtrail-archive-replica-345678901234 is created without object lock, like its source',
      ]);
      expect(reviewLines(result.summary, 'note')).toContain(RETENTION_NOTE('no object lock'));
      expect(result.review).toEqual(allReviewLines(result.summary));
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
        COST_NOTE,
        "note: log-archive/Archive: objectLockMode COMPLIANCE: no one, root included, can delete acme-cloudtrail-archive-345678901234's objects for 400 days",
        RETENTION_NOTE('object lock (COMPLIANCE) protects every version for 400 days after it is written'),
        "note: log-archive/Replica: objectLockMode COMPLIANCE: no one, root included, can delete replica acme-cloudtrail-archive-replica-345678901234's objects for 400 days",
        ARCHIVE_KEY_NOTE,
        ...GUARDRAILS_NOTES,
      ]);
    });

    it('warns about an email subscription, which gets one message per log file', () => {
      const result = synthesize((input) => {
        (input.notifications as { subscriptions: unknown[] }).subscriptions.push({
          protocol: 'email',
          endpoint: 'security-operations@acme.example',
        });
      });
      expect(reviewLines(result.summary, 'warning')).toEqual([
        'warning: organization-trail/Notifications: email subscription: security-operations@acme.example gets one message per published notification (for a delivery topic, per log file: thousands an hour in a large organization); prefer an SQS queue or a Lambda function',
      ]);
    });

    it.each([
      [
        'guardrails.enabled is false',
        (input: Input) => {
          guardrails(input).enabled = false;
        },
        [
          'warning: guardrails.enabled: false: no service control policy backs the trail, archive and key policies, so an administrator of a member account (the delegated administrator included) can stop the trail or weaken its delivery. Fix: turn guardrails on and list guardrails.targetIds',
        ],
      ],
      [
        'guardrails.resourceControlPolicy is false',
        (input: Input) => {
          guardrails(input).resourceControlPolicy = false;
        },
        [
          'warning: guardrails.resourceControlPolicy: false: the archive buckets and keys are kept inside the organization only by their own policies. Fix: set it to true',
          // The construct records the same choice as its named opt-out (the review lists it).
          'warning: organization-guardrails/Guardrails: perimeter: none, so no resource control policy: the archive buckets and keys are kept inside the organization only by their own policies (the app attaches one unless guardrails.resourceControlPolicy is false)',
        ],
      ],
      [
        'archive.lifecycle.transitionSmallObjects is true with tiers small objects never reach',
        (input: Input) => {
          archive(input).lifecycle.transitionSmallObjects = true;
        },
        ['STANDARD_IA', 'GLACIER_IR'].map(
          (storageClass, i) =>
            `warning: archive.lifecycle.transitions[${i}]: ${storageClass} never applies to objects under 128 KB (most CloudTrail files): with transitionSmallObjects S3 moves them only to GLACIER or DEEP_ARCHIVE. Fix: set transitionSmallObjects to false (this tier then applies to files of 128 KB or more by an explicit size filter) or drop the tier`,
        ),
      ],
      [
        'archive.lifecycle.noncurrentTransitions holds a transition that cannot happen',
        (input: Input) => {
          archive(input).lifecycle.noncurrentTransitions = [{ storageClass: 'DEEP_ARCHIVE', days: 30 }];
        },
        [
          'warning: archive.lifecycle.noncurrentTransitions[0]: DEEP_ARCHIVE can never happen: versions become noncurrent when they expire at 2557 days, already in DEEP_ARCHIVE, and transitions only go further down. Fix: remove it, or target a class below DEEP_ARCHIVE',
        ],
      ],
    ])('warns, naming the config field, when %s', (_, mutate, expected) => {
      const result = synthesize(mutate);
      expect(reviewLines(result.summary, 'warning')).toEqual(expected);
      // Config warnings (a field path) come first, before what the constructs recorded (a construct path).
      const fromConfig = expected.filter((line) => !/^warning: [a-z0-9-]+\/[A-Za-z]/.test(line));
      expect(fromConfig.length).toBeGreaterThan(0);
      expect(result.review.slice(0, fromConfig.length)).toEqual(fromConfig);
    });

    it('leaves out the guardrails stack and its notes when guardrails.enabled is false', () => {
      const result = synthesize((input) => {
        guardrails(input).enabled = false;
      });
      expect(result.stacks.map((s) => s.name)).not.toContain('organization-guardrails');
      expect(result.review.filter((line) => line.includes('organization-guardrails'))).toEqual([]);
      expect(result.review).toContain(COST_NOTE);
    });

    it('reports every opt-out of one config together', () => {
      const result = synthesize((input) => {
        archive(input).objectLock.enabled = false;
        trail(input).excludeManagementEventSources = ['rdsdata.amazonaws.com'];
        guardrails(input).resourceControlPolicy = false;
      });
      expect(reviewLines(result.summary, 'warning').map((line) => line.split(': ')[1])).toEqual([
        'guardrails.resourceControlPolicy',
        'log-archive/Archive',
        'log-archive/Replica',
        'organization-trail/Trail',
        'external-account-567890123456/Trail',
        'external-account-678901234567/Trail',
        'organization-guardrails/Guardrails',
      ]);
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
