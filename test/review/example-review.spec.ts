/**
 * The review of the synthesized example (examples/organization.json), section by section: stacks,
 * accounts, roles and apply order; the archive bucket policy (CloudTrail writes with their
 * conditions, the Deny rows, who reads); data protection; trails; guardrails; the topology.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Review } from '../../tooling/review';
import { topology } from '../../tooling/review/facts/topology';
import type { ResourcePolicy } from '../../tooling/review/policy';
import { accessSummary, policyBlock } from '../../tooling/review/sections/policies';
import { exampleReview } from '../support/example-review';
import { rowWith, sectionOf, stackChapter, tableRows } from './markdown-support';

const ARCHIVE = 'acme-cloudtrail-archive-345678901234';
const ORG_TRAIL = 'arn:aws:cloudtrail:eu-west-1:210987654321:trail/acme-organization-trail';

let review: Review;

beforeAll(() => {
  review = exampleReview();
}, 60_000);

function policy(kind: ResourcePolicy['kind'], target: string): ResourcePolicy {
  const found = review.context.policies.find((p) => p.kind === kind && p.target === target);
  if (!found) throw new Error(`no ${kind} policy on ${target}: ${review.context.policies.map((p) => p.target).join(', ')}`);
  return found;
}

describe('review of the example > stacks, accounts and apply order', () => {
  it('lists every stack with its pinned account, regions, the role Terraform assumes and its backend', () => {
    const rows = tableRows(review.markdown, ['order', 'stack', 'role Terraform assumes']);
    const archive = rowWith(rows, 1, '`log-archive`');
    expect(archive.slice(2, 5)).toEqual([
      '`345678901234`',
      'eu-west-1, eu-central-1 (`aws.replica`)',
      '`arn:aws:iam::345678901234:role/OrgLoggingDeployment`',
    ]);
    expect(archive[5]).toMatch(
      /^s3: `s3:\/\/acme-terraform-state-210987654321\/org-logging\/log-archive\.tfstate \(region eu-west-1, S3 lockfile, encrypted\)`$/,
    );
    expect(rowWith(rows, 1, '`organization-trail`').slice(2, 5)).toEqual([
      '`210987654321`',
      'eu-west-1',
      '`arn:aws:iam::210987654321:role/acme-platform-deployer`',
    ]);
    expect(rows.map((r) => r[1]).sort()).toEqual(review.context.app.manifestOrder.map((name) => `\`${name}\``).sort());
  });

  it('puts the trail stacks after log-archive because they read its state, and says so', () => {
    const rows = tableRows(review.markdown, ['order', 'stack', 'reads state of']);
    const position = (stack: string) => Number(rowWith(rows, 1, `\`${stack}\``)[0]);
    for (const consumer of ['organization-trail', 'external-account-567890123456', 'external-account-678901234567']) {
      expect(rowWith(rows, 1, `\`${consumer}\``)[6]).toBe('`log-archive`');
      expect(position(consumer)).toBeGreaterThan(position('log-archive'));
    }
    expect(review.markdown).toContain('`log-archive` before `organization-trail`');
    expect(review.markdown).toContain('keep manifest.json order, which cdktf writes alphabetically');
  });

  it('follows the apply order the app records as stack dependencies: the README order, guardrails last', () => {
    expect(review.context.app.order.names).toEqual([
      'log-archive',
      'organization-trail',
      'external-account-567890123456',
      'external-account-678901234567',
      'deployment-events',
      'deployment-management-account',
      'deployment-rollout',
      'audit-queries',
      'organization-guardrails',
    ]);
    expect(review.markdown).toContain('`audit-queries` before `organization-guardrails`');
  });

  it('has an accounts table naming the stacks and the role per account, and the policies that name it', () => {
    const rows = tableRows(review.markdown, ['account', 'stacks deployed there']);
    expect(rowWith(rows, 0, '`210987654321`').slice(1, 3)).toEqual([
      '`organization-trail`, `deployment-management-account`, `deployment-rollout`, `organization-guardrails`',
      '`acme-platform-deployer`',
    ]);
    expect(rowWith(rows, 0, '`345678901234`').slice(1, 3)).toEqual(['`log-archive`', '`OrgLoggingDeployment`']);
    const reader = rowWith(rows, 0, '`456789012345`');
    expect(reader[1]).toBe('`deployment-events`, `audit-queries`');
    // The audit account is named by the archive (a reader) and by the alarm topic (its chat notifier
    // may subscribe, alarms.notifyChat), among others; the cell lists the first few and a count.
    expect(reader[3]).toContain('bucket acme-cloudtrail-archive-345678901234');
    expect(reader[3]).toContain('topic acme-organization-trail-alarms');
    expect(reader[3]).toMatch(/, and \d+ more$/);
  });

  it('carries the notes the app recorded at synth', () => {
    expect(review.markdown).toContain('### Notes recorded at synth');
    expect(review.markdown).toMatch(
      /\*\*info\*\* `organization-guardrails\/Guardrails`: SCPs and RCPs do not apply to the management account/,
    );
  });
});

describe('review of the example > archive bucket policy', () => {
  let rows: string[][];
  beforeAll(() => {
    rows = tableRows(policyBlock(review.context, policy('bucket', `bucket ${ARCHIVE}`)), ['#', 'effect', 'Sid', 'who']);
  });
  const bySid = (sid: string) => rowWith(rows, 2, `\`${sid}\``);

  it('has the CloudTrail write rows, each scoped to its trail, its AWSLogs path and the bucket-owner ACL', () => {
    expect(bySid('AllowCloudTrailWriteOrganizationPath').slice(1)).toEqual([
      'Allow',
      '`AllowCloudTrailWriteOrganizationPath`',
      `CloudTrail, only for trail \`${ORG_TRAIL}\``,
      's3: PutObject',
      `\`arn:aws:s3:::${ARCHIVE}/cloudtrail/AWSLogs/o-7k3m9p2x4q/*\``,
      '`s3:x-amz-acl` = `bucket-owner-full-control`',
    ]);
    expect(bySid('AllowCloudTrailWriteAccount567890123456Path')[3]).toBe(
      'CloudTrail, only for trail `arn:aws:cloudtrail:eu-west-1:567890123456:trail/acme-organization-trail`',
    );
    expect(bySid('AllowCloudTrailAclCheck')[4]).toBe('s3: GetBucketAcl');
  });

  it('marks the Deny rows and says who they spare in words', () => {
    expect(bySid('DenyInsecureTransport').slice(1, 4)).toEqual(['**Deny**', '`DenyInsecureTransport`', 'everyone']);
    expect(bySid('DenyInsecureTransport')[6]).toBe('without TLS (`aws:SecureTransport` = `false`)');
    expect(bySid('DenyLogWritesExceptCloudTrail')[3]).toBe('everyone except CloudTrail');
    expect(bySid('DenyLogDeletion')[3]).toBe('everyone except role acme-log-archive-break-glass (account 345678901234)');
    expect(bySid('DenyBucketAdministrationFromOtherAccounts')[3]).toBe('everyone outside account `345678901234`');
    expect(rows.filter((r) => r[1] === '**Deny**').map((r) => r[2])).toEqual([
      '`DenyInsecureTransport`',
      '`DenyTlsOlderThan12`',
      '`DenyBucketAdministrationFromOtherAccounts`',
      '`DenyBucketAdministrationExceptAdministrators`',
      '`DenyLogWritesExceptCloudTrail`',
      '`DenyLogDeletion`',
    ]);
  });

  it('answers who can read the logs: the reader account, within the organization, and nobody else', () => {
    const summary = accessSummary(review.context, policy('bucket', `bucket ${ARCHIVE}`));
    expect(summary).toContain('(its 6 Deny statements still apply)');
    expect(summary.split('\n').find((l) => l.includes('**read data**'))).toBe(
      '- **read data**: account 456789012345, only principals in organization `o-7k3m9p2x4q`',
    );
    const key = accessSummary(review.context, policy('key', 'key alias/acme-cloudtrail-archive'));
    expect(key).toContain('account 456789012345, only principals in organization `o-7k3m9p2x4q`');
  });

  it('states the size against the 20 KB bucket policy limit', () => {
    expect(policyBlock(review.context, policy('bucket', `bucket ${ARCHIVE}`))).toMatch(/13 statements · [\d,]+ of 20,480 bytes/);
  });
});

describe('review of the example > guardrails', () => {
  it('renders the SCPs as who in the organization may not do what, sparing the administrator roles in the account they are pinned to', () => {
    const scp = policy('scp', 'SCP org-logging-protect-trail-delivery');
    expect(scp.appliesTo).toEqual(['r-7k3m']);
    const row = rowWith(tableRows(policyBlock(review.context, scp), ['#', 'who']), 2, '`DenyTrailTampering`');
    expect(row[1]).toBe('**Deny**');
    expect(row[3]).toBe(
      'every principal in r-7k3m (member accounts) except role OrgLoggingDeployment (account 345678901234), role acme-log-archive-break-glass (account 345678901234)',
    );
    expect(row[5]).toBe(`\`${ORG_TRAIL}\``);
  });

  it('renders the RCP perimeter as everyone outside the organization', () => {
    const rcp = policy('rcp', 'RCP org-logging-archive-perimeter');
    const row = rowWith(tableRows(policyBlock(review.context, rcp), ['#', 'who']), 2, '`EnforceOrgIdentities`');
    expect(row[3]).toBe('everyone outside organization `o-7k3m9p2x4q`, not AWS service principals');
  });
});

describe('review of the example > data protection', () => {
  it('states encryption, versioning, object lock, public access, replication and prevent_destroy per bucket', () => {
    const rows = tableRows(stackChapter(review.markdown, 'log-archive'), ['bucket', 'object lock']);
    expect(rowWith(rows, 0, `\`${ARCHIVE}\``)).toEqual([
      `\`${ARCHIVE}\``,
      'SSE-KMS, key alias/acme-cloudtrail-archive, bucket key',
      'Enabled',
      'GOVERNANCE, 400 days default retention',
      'all public access blocked, ACLs disabled',
      'to bucket acme-cloudtrail-archive-replica-345678901234 (STANDARD, key alias/acme-cloudtrail-archive-replica, delete markers not replicated)<br>access logs to bucket acme-cloudtrail-archive-access-logs-345678901234 under `acme-cloudtrail-archive-345678901234/`',
      'yes',
    ]);
    expect(rowWith(rows, 0, '`acme-cloudtrail-archive-access-logs-345678901234`')[1]).toBe('SSE-S3 (AES256)');
  });

  it('lists the lifecycle tiers with their days and size filters', () => {
    const section = sectionOf(stackChapter(review.markdown, 'log-archive'), '### Data protection');
    expect(section).toContain(
      '- `archive-log-files` on prefix `cloudtrail/AWSLogs/`, objects of 128 KB or more: STANDARD_IA at 30 days → GLACIER_IR at 90 days → DEEP_ARCHIVE at 365 days; expire at 2557 days (about 7.0 years); noncurrent versions deleted 365 days after becoming noncurrent',
    );
    expect(section).toContain(
      '- `archive-log-files-small` on prefix `cloudtrail/AWSLogs/`, objects smaller than 128 KB: expire at 2557 days (about 7.0 years)',
    );
  });

  it('lists keys with rotation and the resources that use them, the trails of other stacks included', () => {
    const rows = tableRows(stackChapter(review.markdown, 'log-archive'), ['key', 'rotation']);
    const key = rowWith(rows, 0, '`alias/acme-cloudtrail-archive`');
    expect(key.slice(1, 3)).toEqual(['yearly', '30 days']);
    expect(key[3]).toContain('trail acme-organization-trail (stack organization-trail)');
    expect(key[4]).toBe('yes');
  });

  it('names what has no prevent_destroy, which is no bucket, key, trail or log group', () => {
    expect(review.summary.unguarded.filter((label) => /^(bucket|key|trail|log group) /.test(label))).toEqual([]);
    expect(review.markdown).toContain(`- without prevent_destroy: ${review.summary.unguarded.join(', ')}`);
  });
});

describe('review of the example > trails', () => {
  it('shows the organization trail: scope, integrity, destinations with the key read from remote state, selectors, insights', () => {
    const rows = tableRows(stackChapter(review.markdown, 'organization-trail'), ['setting', 'value']);
    const value = (setting: string) => rowWith(rows, 0, setting)[1];
    expect(value('scope')).toBe('organization trail: every account of the organization');
    expect(value('multi-region')).toBe('yes');
    expect(value('log file validation (digests)')).toBe('yes');
    expect(value('delivers to')).toBe(`bucket ${ARCHIVE} under \`cloudtrail/AWSLogs/\``);
    expect(value('encryption')).toBe('SSE-KMS, key alias/acme-cloudtrail-archive');
    expect(value('notifications')).toBe('topic acme-cloudtrail-log-delivery');
    expect(value('CloudWatch Logs')).toBe('log group cloudtrail/acme-organization-trail, as role acme-cloudtrail-cloudwatch-logs');
    expect(value('records: Management events (All)')).toBe('management events, read and write');
    expect(value('records: S3 object events (All) except the log buckets')).toBe(
      `S3 object data events, read and write, except ARNs starting with \`arn:aws:s3:::${ARCHIVE}/\`, \`arn:aws:s3:::acme-cloudtrail-archive-access-logs-345678901234/\`, \`arn:aws:s3:::acme-cloudtrail-archive-replica-345678901234/\`, \`arn:aws:s3:::acme-cloudtrail-replica-access-logs-345678901234/\``,
    );
    expect(value('records: Lambda invocations')).toBe('Lambda invocation data events, read and write');
    expect(value('insights')).toBe('ApiCallRateInsight, ApiErrorRateInsight');
  });

  it('shows an external account trail as an account trail', () => {
    const rows = tableRows(stackChapter(review.markdown, 'external-account-567890123456'), ['setting', 'value']);
    expect(rowWith(rows, 0, 'scope')[1]).toBe('this account only');
    expect(rowWith(rows, 0, 'account, region')[1]).toBe('567890123456, home region eu-west-1');
  });
});

describe('review of the example > topology', () => {
  it('draws every account as a subgraph named after its stacks, and the member accounts', () => {
    const diagram = sectionOf(review.markdown, '## Topology');
    expect(diagram).toContain('```mermaid\nflowchart LR');
    expect(diagram).toContain('subgraph acct_345678901234["account 345678901234: log-archive"]');
    expect(diagram).toContain(
      'subgraph acct_210987654321["account 210987654321: organization-trail, deployment-management-account, deployment-rollout, organization-guardrails"]',
    );
    expect(diagram).toContain('subgraph acct_567890123456["account 567890123456: external-account-567890123456"]');
    expect(diagram).toContain('subgraph acct_678901234567["account 678901234567: external-account-678901234567"]');
    expect(diagram).toContain('subgraph acct_456789012345["account 456789012345: deployment-events, audit-queries"]');
    expect(diagram).toContain('subgraph acct_member_accounts["member accounts"]');
  });

  it('connects each trail to the archive bucket and key', () => {
    const graph = review.markdown;
    const id = (label: string) => new RegExp(`(n\\d+)[^\\n]*"${label.replace(/[/.]/g, '\\$&')}"`).exec(graph)?.[1];
    const bucket = id(`bucket ${ARCHIVE}`);
    const key = id('key alias/acme-cloudtrail-archive');
    const trails = [...graph.matchAll(/(n\d+)\(\["trail acme-organization-trail"\]\)/g)].map((m) => m[1]);
    expect(trails).toHaveLength(3);
    for (const trail of trails) {
      expect(graph).toContain(`${trail} -->|logs to| ${bucket}`);
      expect(graph).toContain(`${trail} -->|encrypts with| ${key}`);
    }
  });
});

describe('review of the example > topology edges (the model, not its drawing)', () => {
  const edges = () => {
    const graph = topology(review.context);
    const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
    for (const e of graph.edges) {
      expect(label.has(e.from)).toBe(true);
      expect(label.has(e.to)).toBe(true);
    }
    return graph.edges.map((e) => `${label.get(e.from)} -[${e.label}]-> ${label.get(e.to)}`);
  };

  it('delivers, encrypts and replicates the archive', () => {
    const all = edges();
    expect(all.filter((e) => e === `trail acme-organization-trail -[logs to]-> bucket ${ARCHIVE}`)).toHaveLength(3);
    expect(all.filter((e) => e === 'trail acme-organization-trail -[encrypts with]-> key alias/acme-cloudtrail-archive')).toHaveLength(3);
    expect(all).toEqual(
      expect.arrayContaining([
        'trail acme-organization-trail -[streams to]-> log group cloudtrail/acme-organization-trail',
        'trail acme-organization-trail -[notifies]-> topic acme-cloudtrail-log-delivery',
        `bucket ${ARCHIVE} -[replicates to]-> bucket acme-cloudtrail-archive-replica-345678901234 (eu-central-1)`,
        `bucket ${ARCHIVE} -[access logs]-> bucket acme-cloudtrail-archive-access-logs-345678901234`,
        `bucket ${ARCHIVE} -[encrypts with]-> key alias/acme-cloudtrail-archive`,
      ]),
    );
  });

  it('routes deployment events with their states, fans StackSets out, and guards the root with every policy', () => {
    const all = edges();
    expect(all).toEqual(
      expect.arrayContaining([
        'event bus acme-deployment-events -[deployment state changes: FAILURE, STOP]-> Lambda acme-deployment-chat-notifier',
        'event bus acme-deployment-events -[deployment state changes: FAILURE, STOP]-> topic acme-deployment-alerts',
        'event bus acme-deployment-events -[deployment and instance state changes: START, SUCCESS, FAILURE, STOP, READY]-> stream acme-deployment-status',
        'queue acme-deployment-events -[dead letters]-> queue acme-deployment-events-dlq',
        'alarms of stack organization-trail -[alarm]-> topic acme-organization-trail-alarms',
        'topic acme-organization-trail-alarms -[delivers]-> Lambda acme-deployment-chat-notifier',
      ]),
    );
    expect(all.filter((e) => e.startsWith('StackSet ') && e.includes(' -[deploys]-> stacks of '))).toHaveLength(2);
    expect(all.filter((e) => e.endsWith('-[guards]-> target r-7k3m')).sort()).toEqual([
      'RCP org-logging-archive-perimeter -[guards]-> target r-7k3m',
      'SCP org-logging-protect-deployment-monitoring -[guards]-> target r-7k3m',
      'SCP org-logging-protect-log-archive -[guards]-> target r-7k3m',
      'SCP org-logging-protect-trail-delivery -[guards]-> target r-7k3m',
    ]);
  });

  it('links the member accounts agent logs to the sink of each Region, named, not as CloudFormation', () => {
    const telemetry = edges().filter((e) => e.includes('-[shares telemetry]->'));
    const sink = 'OAM sink acme-deploy-monitoring-codedeploy-agent-logs';
    const members = 'stacks of acme-deploy-monitoring-codedeploy-regional in organization root r-7k3m, eu-west-1, eu-central-1, us-east-1';
    const management = 'CloudFormation stack acme-deploy-monitoring-codedeploy-regional';
    // The sink in the audit stack's home Region (eu-west-1) carries no Region suffix, the others do.
    expect(telemetry.sort()).toEqual(
      [
        `${members} -[shares telemetry]-> ${sink}`,
        `${members} -[shares telemetry]-> ${sink} (eu-central-1)`,
        `${members} -[shares telemetry]-> ${sink} (us-east-1)`,
        `${management} -[shares telemetry]-> ${sink}`,
        `${management} (eu-central-1) -[shares telemetry]-> ${sink} (eu-central-1)`,
        `${management} (us-east-1) -[shares telemetry]-> ${sink} (us-east-1)`,
      ].sort(),
    );
  });
});

describe('review of the example > event routes', () => {
  it('reads which CodeDeploy states reach which targets on the central bus', () => {
    const routes = sectionOf(stackChapter(review.markdown, 'deployment-events'), '### Event routes')
      .split('\n')
      .filter((l) => l.startsWith('- rule '));
    expect(routes.find((l) => l.includes('chat (Lambda acme-deployment-chat-notifier)'))).toMatch(
      /: CodeDeploy deployment state changes, \*\*FAILURE, STOP\*\* → (.+, )?chat \(Lambda acme-deployment-chat-notifier\) \[undeliverable events to queue failures-dlq/,
    );
    expect(routes.find((l) => l.includes('topic acme-deployment-alerts'))).toMatch(
      /\*\*FAILURE, STOP\*\* → (.+, )?topic acme-deployment-alerts \[input transformed; undeliverable events to queue failures-dlq/,
    );
  });

  it('reads the forwarding rule every member account gets from the StackSet', () => {
    const lines = sectionOf(stackChapter(review.markdown, 'deployment-rollout'), '### Event routes').split('\n');
    expect(lines.find((l) => l.includes('rule `acme-deploy-monitoring-codedeploy-forward`'))).toMatch(
      /^- in every stack of StackSet `acme-deploy-monitoring-codedeploy-regional` \(organization root r-7k3m; [a-z0-9, -]+\), rule `acme-deploy-monitoring-codedeploy-forward` on event bus default: CodeDeploy deployment and instance state changes, \*\*any state\*\* → CentralEventBus \(event bus acme-deployment-events\) \[as role acme-deploy-monitoring-codedeploy-forwarder \(same account\)\]$/,
    );
  });
});

describe('review of the example > security checks', () => {
  it('runs the rule pack on the same folder: no open finding, every suppression with its reason and where it is written', () => {
    const section = sectionOf(review.markdown, '## Security checks');
    expect(section).toContain('**0 errors and 0 warnings open**');
    expect(section).toContain('No open findings.');
    const rows = tableRows(section, ['rule', 'resource', 'reason', 'where']);
    expect(typeof review.checks).not.toBe('string');
    const report = review.checks as Exclude<Review['checks'], string>;
    expect(report.counts.suppressed).toBeGreaterThan(0);
    expect(rows).toHaveLength(report.counts.suppressed);
    const replica = rowWith(rows, 1, '`log-archive/aws_iam_role.Replica_ReplicationRole_66EC4F18`');
    expect(replica[0]).toBe('`IamRoleTrustHasConfusedDeputyCondition`');
    expect(replica[2]).toMatch(/^AWS's documented trust policy for the S3 replication role has no condition/);
    expect(replica[3]).toBe('next to the construct');
    for (const row of rows) expect(row[2].length).toBeGreaterThan(40);
  });
});

describe('review of the example > reading order and folds', () => {
  const headings = () => review.markdown.split('\n').filter((l) => /^## /.test(l));

  it('leads with what a reviewer decides, then who may do what per stack, then topology and cost', () => {
    const order = headings().map((h) => h.replace(/^## (\d+\. )?/, (_, n) => (n ? 'stack ' : '')));
    expect(order[0]).toBe('Security checks');
    expect(order[1]).toBe('Stacks, accounts and apply order');
    expect(order.slice(2, -2).every((h) => h.startsWith('stack '))).toBe(true);
    expect(order.slice(-2)).toEqual(['Topology', 'Cost']);
    const chapter = stackChapter(review.markdown, 'log-archive')
      .split('\n')
      .filter((l) => l.startsWith('### '));
    expect(chapter).toEqual(['### Policies', '### Data protection', '### Resources']);
  });

  it('folds long tables and the diagram, and leaves short tables open', () => {
    const archive = sectionOf(review.markdown, `#### S3 bucket policy on bucket ${ARCHIVE}`);
    expect(archive).toMatch(
      /<details>\n<summary>13 statements, 6 Deny: who may do what on which resource, when<\/summary>\n\n\| # \| effect/,
    );
    expect(archive.indexOf('Allowed at a glance')).toBeLessThan(archive.indexOf('<details>'));
    const trust = sectionOf(
      stackChapter(review.markdown, 'deployment-events'),
      '#### IAM role trust policy on role acme-deployment-chat-notifier',
    );
    expect(trust).not.toContain('<details>');
    expect(trust).toContain('| # | effect | Sid | who | may | on | when |');
    expect(sectionOf(review.markdown, '## Topology')).toMatch(
      /<details>\n<summary>Mermaid diagram: \d+ accounts, \d+ nodes, \d+ edges<\/summary>\n\n```mermaid/,
    );
    const alarms = sectionOf(stackChapter(review.markdown, 'organization-trail'), '### Alarms');
    expect(alarms).toMatch(/^### Alarms\n\n<details>\n<summary>25 alarms: what each watches, when it fires, whom it notifies<\/summary>/);
    // Every fold closes, and the markdown inside it is set off by blank lines so GitHub renders it.
    expect(review.markdown.match(/<details>/g)?.length).toBe(review.markdown.match(/<\/details>/g)?.length);
    expect(review.markdown).not.toMatch(/<\/summary>\n[^\n]/);
    expect(review.markdown).not.toMatch(/[^\n]\n<\/details>/);
  });

  it('says at the top what the checks found and what it costs', () => {
    const top = review.markdown.slice(0, review.markdown.indexOf('Contents:'));
    expect(top).toContain('- security checks: 0 errors, 0 warnings open, 9 suppressed with a reason');
    expect(top).toMatch(/- cost: about \$[\d,]+ a month/);
  });
});

describe('review of the example > README', () => {
  it('shows what the review writes: every line of its policy and data-protection excerpt (but the shortened ones) is in the review', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('```markdown\n#### S3 bucket policy on bucket');
    expect(start).toBeGreaterThan(0);
    const excerpt = readme.slice(start + '```markdown\n'.length, readme.indexOf('\n```', start + 1));
    const lines = excerpt.split('\n').filter((l) => l.trim() !== '' && !l.includes('...'));
    expect(lines.length).toBeGreaterThan(15);
    expect(lines.filter((l) => !review.markdown.includes(l))).toEqual([]);
  });
});
