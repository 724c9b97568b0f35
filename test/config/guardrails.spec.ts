import { configSchema, guardrailsSection } from '../../stacks/config';
import { configWarnings } from '../../stacks/config/warnings';
import {
  exampleConfig,
  exampleInput,
  expectProblem,
  type Mutable,
  minimalInput,
  PROBLEM_LINE,
  problemsOf,
  withChange,
} from '../support/config';

const TARGET_FORMAT = 'is not an organization root, OU or account ID. Fix: use the root ID (r-...)';

describe('config', () => {
  describe('guardrails', () => {
    it('accepts the example, which attaches the guardrails to its root', () => {
      expect(problemsOf(exampleInput())).toEqual([]);
      expect(exampleConfig().guardrails.targetIds).toEqual(['r-7k3m']);
    });

    it('defaults to guardrails on, with a resource control policy and the org-logging name prefix, but no target', () => {
      expect(guardrailsSection.parse({})).toEqual({ enabled: true, targetIds: [], resourceControlPolicy: true, namePrefix: 'org-logging' });
      expect(configSchema.parse(minimalInput()).guardrails).toEqual({
        enabled: true,
        targetIds: ['r-abcd'],
        resourceControlPolicy: true,
        namePrefix: 'org-logging',
      });
    });

    it.each([
      ['a root', ['r-7k3m']],
      ['a long root id', ['r-0123456789abcdefghijklmnopqrstuv']],
      ['an OU', ['ou-7k3m-a1b2c3d4']],
      ['an account', ['456789012345']],
      ['a root, OUs and an account together', ['r-7k3m', 'ou-7k3m-a1b2c3d4', 'ou-7k3m-e5f6g7h8', '456789012345']],
    ])('accepts %s as a target', (_, targetIds) => {
      expect(problemsOf(withChange('guardrails.targetIds', targetIds))).toEqual([]);
    });

    describe('targetIds', () => {
      it('fails when empty while guardrails are on, and says how to find the root id', () => {
        const line = expectProblem(
          withChange('guardrails.targetIds', []),
          'guardrails.targetIds',
          'is empty, but guardrails are on',
          'Fix: add the root ID from `aws organizations list-roots --query "Roots[0].Id"` (or OU IDs), or set guardrails.enabled to false',
        );
        expect(line).toMatch(/^guardrails\.targetIds: \[\] is empty/);
      });

      it('fails when the guardrails section is left out: guardrails are on by default and need a target', () => {
        const input = minimalInput();
        delete input.guardrails;
        expectProblem(input, 'guardrails.targetIds', 'is empty, but guardrails are on');
      });

      it('needs no target when guardrails are off', () => {
        expect(problemsOf(withChange('guardrails', { enabled: false, targetIds: [] }))).toEqual([]);
        const input = minimalInput();
        input.guardrails = { enabled: false };
        expect(problemsOf(input)).toEqual([]);
      });

      it.each([
        ['a word', 'root'],
        ['an upper-case root id', 'r-7K3M'],
        ['a root id that is too short', 'r-7k3'],
        ['an OU id without its own part', 'ou-7k3m'],
        ['an OU id with a short own part', 'ou-7k3m-a1b2c3d'],
        ['an account id with 11 digits', '45678901234'],
        ['an organization id', 'o-7k3m9p2x4q'],
        ['an OU ARN', 'arn:aws:organizations::210987654321:ou/o-7k3m9p2x4q/ou-7k3m-a1b2c3d4'],
      ])('fails on %s (%j)', (_, id) => {
        const line = expectProblem(withChange('guardrails.targetIds', ['r-7k3m', id]), 'guardrails.targetIds[1]', TARGET_FORMAT);
        expect(line).toBe(
          `guardrails.targetIds[1]: ${JSON.stringify(id)} is not an organization root, OU or account ID. Fix: use the root ID (r-...) from \`aws organizations list-roots\`, OU IDs (ou-...-...) or account IDs`,
        );
      });

      it('reports every malformed target at once', () => {
        const problems = problemsOf(withChange('guardrails.targetIds', ['root', 'r-7k3m', 'ou-x', '123']));
        expect(problems.map((p) => p.split(':')[0])).toEqual([
          'guardrails.targetIds[0]',
          'guardrails.targetIds[2]',
          'guardrails.targetIds[3]',
        ]);
      });

      it('fails on a target listed twice, naming the second one', () => {
        const line = expectProblem(
          withChange('guardrails.targetIds', ['r-7k3m', 'ou-7k3m-a1b2c3d4', 'r-7k3m']),
          'guardrails.targetIds[2]',
          'is listed twice',
        );
        expect(line).toBe('guardrails.targetIds[2]: "r-7k3m" is listed twice. Fix: remove the duplicate');
      });

      it('fails on the management account as a target, which SCPs and RCPs do not reach', () => {
        const line = expectProblem(
          withChange('guardrails.targetIds', ['r-7k3m', '210987654321']),
          'guardrails.targetIds[1]',
          'is the management account',
        );
        expect(line).toBe(
          'guardrails.targetIds[1]: "210987654321" is the management account; SCPs and RCPs do not apply to it, so attaching them there protects nothing. Fix: attach to the root or OUs',
        );
      });

      it('accepts a member account of the organization as a target', () => {
        expect(problemsOf(withChange('guardrails.targetIds', ['345678901234']))).toEqual([]);
      });

      it('asks for a list when written as text', () => {
        expect(problemsOf(withChange('guardrails.targetIds', 'r-7k3m'))).toEqual([
          'guardrails.targetIds: "r-7k3m" is a string; expected a list. Fix: write a list',
        ]);
      });
    });

    describe('namePrefix', () => {
      it('accepts letters, digits and _ + = , . @ - up to 64 characters', () => {
        expect(problemsOf(withChange('guardrails.namePrefix', 'acme_org+logging=1,a.b@c-d'))).toEqual([]);
        expect(problemsOf(withChange('guardrails.namePrefix', 'p'.repeat(64)))).toEqual([]);
      });

      it.each([
        ['a space', 'acme logging'],
        ['a slash', 'acme/logging'],
        ['65 characters', 'p'.repeat(65)],
        ['nothing', ''],
      ])('fails on a prefix with %s', (_, prefix) => {
        expectProblem(withChange('guardrails.namePrefix', prefix), 'guardrails.namePrefix', 'is not a usable policy name prefix', 'Fix: ');
      });
    });

    it.each([
      ['enabled', 'yes'],
      ['resourceControlPolicy', 'no'],
    ])('fails when guardrails.%s is %j rather than true or false', (field, value) => {
      expectProblem(withChange(`guardrails.${field}`, value), `guardrails.${field}`, 'must be true or false. Fix: write true or false');
    });

    it('suggests the field meant by a typo', () => {
      const input = exampleInput() as Mutable & { guardrails: Mutable };
      input.guardrails.targetId = input.guardrails.targetIds;
      expectProblem(input, 'guardrails.targetId', 'is not a known field', 'Fix: did you mean "targetIds"?');
    });

    describe('warnings', () => {
      const warningsOf = (input: unknown) => configWarnings(configSchema.parse(input));

      it('has none for the example, which keeps every secure default', () => {
        expect(configWarnings(exampleConfig())).toEqual([]);
        expect(warningsOf(minimalInput())).toEqual([]);
      });

      it('warns, naming the field, when guardrails.enabled is false', () => {
        expect(warningsOf(withChange('guardrails.enabled', false))).toEqual([
          'guardrails.enabled: false: no service control policy backs the trail, archive and key policies, so an administrator of a member account (the delegated administrator included) can stop the trail or weaken its delivery. Fix: turn guardrails on and list guardrails.targetIds',
        ]);
      });

      it('warns, naming the field, when guardrails.resourceControlPolicy is false', () => {
        expect(warningsOf(withChange('guardrails.resourceControlPolicy', false))).toEqual([
          'guardrails.resourceControlPolicy: false: the archive buckets and keys are kept inside the organization only by their own policies. Fix: set it to true',
        ]);
      });

      it('warns once, about guardrails.enabled, when both are off', () => {
        const warnings = warningsOf(withChange('guardrails', { enabled: false, resourceControlPolicy: false }));
        expect(warnings.map((w) => w.split(': ')[0])).toEqual(['guardrails.enabled']);
      });

      it('states each warning like a problem line: the field, what happens, and a fix', () => {
        const warnings = warningsOf(withChange('guardrails.enabled', false));
        expect(warnings).toHaveLength(1);
        for (const line of warnings) expect(line).toMatch(PROBLEM_LINE);
      });

      it('does not stop the config from validating', () => {
        expect(problemsOf(withChange('guardrails.enabled', false))).toEqual([]);
        expect(problemsOf(withChange('guardrails.resourceControlPolicy', false))).toEqual([]);
      });
    });
  });
});
