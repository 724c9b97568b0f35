/**
 * The stack registry and the organization builder: which stacks a config asks for, in which
 * order, in which account and region, and how a new kind of stack registers without touching the
 * builder.
 */
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { AccountStack } from '../../stacks/account-stack';
import type { OrganizationConfig } from '../../stacks/config';
import { buildOrganization } from '../../stacks/organization-builder';
import type { StackContext, StackDefinition, StackKind } from '../../stacks/registry';
import { STACK_KINDS, stackDefinitions } from '../../stacks/stack-registry';
import { exampleConfig } from '../support/config';
import { buildExample, synthJson, TEST_CONTEXT } from '../support/synth';

function withDelegatedAdministrator(): OrganizationConfig {
  return exampleConfig((c) => {
    (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
  });
}

/** A capability the app does not have: a stack in the audit account, registered only through its kind. */
class AuditBusStack extends AccountStack {
  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    this.output('audit_account', this.accountId, 'The account this stack deploys into');
  }
}

function auditBusKind(order: number, name = 'audit-bus'): StackKind {
  return {
    kind: 'audit-bus',
    order,
    definitions: (config) => [
      {
        name,
        accountId: config.auditAccountId,
        region: config.homeRegion,
        role: 'audit event bus',
        build: (scope, context) => new AuditBusStack(scope, context),
      },
    ],
  };
}

/** A kind whose stacks only carry a name (for ordering and naming rules; never built). */
function namedKind(kind: string, order: number, names: string[]): StackKind {
  return {
    kind,
    order,
    definitions: (config) =>
      names.map((name) => ({
        name,
        accountId: config.auditAccountId,
        region: config.homeRegion,
        role: kind,
        build: () => {
          throw new Error('not built in this test');
        },
      })),
  };
}

const example = exampleConfig();

describe('stack registry', () => {
  describe('apply order', () => {
    it('registers the kinds in apply order: archive, management, trail, external accounts, deployment monitoring, guardrails', () => {
      expect(STACK_KINDS.map((k) => [k.order, k.kind])).toEqual([
        [1, 'log-archive'],
        [2, 'organization-management'],
        [3, 'organization-trail'],
        [4, 'external-account'],
        [5, 'deployment-events'],
        [6, 'deployment-rollout'],
        [6, 'deployment-management-account'],
        [7, 'audit-queries'],
        [9, 'organization-guardrails'],
      ]);
    });

    it('builds the archive first, then the trail, then the external accounts, and the guardrails last', () => {
      expect(buildExample(example).stacks.all.map((s) => [s.order, s.name])).toEqual([
        [1, 'log-archive'],
        [3, 'organization-trail'],
        [4, 'external-account-567890123456'],
        [4, 'external-account-678901234567'],
        [5, 'deployment-events'],
        [6, 'deployment-rollout'],
        [6, 'deployment-management-account'],
        [7, 'audit-queries'],
        [9, 'organization-guardrails'],
      ]);
    });

    it('adds organization-management before the trail when a delegated administrator creates it', () => {
      const config = withDelegatedAdministrator();
      expect(buildExample(config).stacks.all.map((s) => [s.name, s.accountId])).toEqual([
        ['log-archive', '345678901234'],
        ['organization-management', '210987654321'],
        ['organization-trail', '456789012345'],
        ['external-account-567890123456', '567890123456'],
        ['external-account-678901234567', '678901234567'],
        ['deployment-events', '456789012345'],
        ['deployment-rollout', '210987654321'],
        ['deployment-management-account', '210987654321'],
        ['audit-queries', '456789012345'],
        ['organization-guardrails', '210987654321'],
      ]);
    });

    it('orders kinds by order, then by registration, whatever order they are listed in', () => {
      const kinds = [
        namedKind('late', 9, ['late']),
        namedKind('first', 1, ['first']),
        namedKind('tie-a', 5, ['a1', 'a2']),
        namedKind('tie-b', 5, ['b']),
      ];
      expect(stackDefinitions(example, kinds).map((d) => [d.order, d.name])).toEqual([
        [1, 'first'],
        [5, 'a1'],
        [5, 'a2'],
        [5, 'b'],
        [9, 'late'],
      ]);
    });
  });

  describe('names', () => {
    it.each([
      ['the example', example],
      ['a config with a delegated administrator', withDelegatedAdministrator()],
    ])('are unique for %s', (_, config) => {
      const names = stackDefinitions(config).map((d) => d.name);
      expect(names.length).toBeGreaterThanOrEqual(4);
      expect(new Set(names).size).toBe(names.length);
    });

    it('refuses two stacks of the same name, even of different kinds', () => {
      expect(() => stackDefinitions(example, [namedKind('one', 1, ['shared']), namedKind('two', 2, ['shared'])])).toThrow(
        'stack registry: two stacks are named "shared"',
      );
      expect(() => stackDefinitions(example, [namedKind('one', 1, ['twice', 'twice'])])).toThrow(/two stacks are named "twice"/);
    });
  });

  describe('accounts, regions and roles', () => {
    it('places each stack in its account and region with its role', () => {
      const rows = (config: OrganizationConfig) =>
        stackDefinitions(config).map((d: StackDefinition) => [d.name, d.accountId, d.region, d.role]);
      expect(rows(example)).toEqual([
        ['log-archive', '345678901234', 'eu-west-1', 'log archive'],
        ['organization-trail', '210987654321', 'eu-west-1', 'organization trail (management)'],
        ['external-account-567890123456', '567890123456', 'eu-west-1', 'external account trail'],
        ['external-account-678901234567', '678901234567', 'eu-west-1', 'external account trail'],
        ['deployment-events', '456789012345', 'eu-west-1', 'audit (central deployment-event bus, routes and targets, observability sinks)'],
        ['deployment-rollout', '210987654321', 'eu-west-1', 'management (member rollout: StackSets)'],
        ['deployment-management-account', '210987654321', 'eu-west-1', 'management (its own CodeDeploy forwarding: StackSets skip it)'],
        ['audit-queries', '456789012345', 'eu-west-1', 'audit queries (Athena over the archive: tables, workgroup, saved questions)'],
        ['organization-guardrails', '210987654321', 'eu-west-1', 'management (organization guardrails: SCPs, RCP)'],
      ]);
      expect(rows(withDelegatedAdministrator()).slice(1, 3)).toEqual([
        ['organization-management', '210987654321', 'eu-west-1', 'management (delegated admin registration)'],
        ['organization-trail', '456789012345', 'eu-west-1', 'organization trail (delegated administrator)'],
      ]);
    });

    it('builds stacks that carry the account, region and role of their definition', () => {
      for (const summary of buildExample(example).stacks.all) {
        const stack = summary.stack as AccountStack;
        expect(stack).toBeInstanceOf(AccountStack);
        expect([stack.accountId, stack.region, stack.role]).toEqual([summary.accountId, summary.region, summary.role]);
      }
    });

    it('follows the home region', () => {
      const config = exampleConfig((c) => {
        c.homeRegion = 'us-east-1';
        delete (c as Record<string, unknown>).deploymentMonitoring; // its function target names eu-west-1
        c.alarms = { ...c.alarms, notifyChat: false }; // the chat notifier lives in deploymentMonitoring
      });
      expect(new Set(stackDefinitions(config).map((d) => d.region))).toEqual(new Set(['us-east-1']));
    });
  });

  describe('buildOrganization', () => {
    it('builds a kind passed in by the caller, in its place in the apply order, with its own account, backend and provider', () => {
      const organization = buildOrganization(Testing.app(), example, TEST_CONTEXT, [...STACK_KINDS, auditBusKind(2)]);
      expect(organization.all.map((s) => s.name)).toEqual([
        'log-archive',
        'audit-bus',
        'organization-trail',
        'external-account-567890123456',
        'external-account-678901234567',
        'deployment-events',
        'deployment-rollout',
        'deployment-management-account',
        'audit-queries',
        'organization-guardrails',
      ]);
      const audit = organization.all[1];
      expect(audit).toMatchObject({ accountId: example.auditAccountId, region: example.homeRegion, role: 'audit event bus', order: 2 });
      expect(organization.get('audit-bus')).toBeInstanceOf(AuditBusStack);
      const json = synthJson(organization.get('audit-bus'));
      expect(json.terraform.backend?.s3).toMatchObject({ key: 'org-logging/audit-bus.tfstate' });
      expect(json.provider.aws[0]).toMatchObject({ allowed_account_ids: [example.auditAccountId] });
      expect(json.output?.audit_account.value).toBe(example.auditAccountId);
    });

    it('refuses a caller-supplied kind whose stack name is taken', () => {
      expect(() => buildOrganization(Testing.app(), example, TEST_CONTEXT, [...STACK_KINDS, auditBusKind(5, 'log-archive')])).toThrow(
        /two stacks are named "log-archive"/,
      );
    });

    it('finds stacks by name and names the ones it has when asked for another', () => {
      const { stacks } = buildExample(example);
      expect(stacks.has('organization-trail')).toBe(true);
      expect(stacks.get('organization-trail')).toBe(stacks.all[1].stack);
      expect(stacks.has('organization-management')).toBe(false);
      expect(() => stacks.get('organization-management')).toThrow(
        'no stack "organization-management" in this organization (stacks: log-archive, organization-trail, external-account-567890123456, external-account-678901234567, deployment-events, deployment-rollout, deployment-management-account, audit-queries, organization-guardrails)',
      );
    });
  });
});
