import {
  actionKindsOf,
  assertMemberRolloutSettings,
  type InstanceAction,
  instanceActionPattern,
  type MemberRolloutSettings,
  memberResourceNames,
  memberRolloutSettingsProblems,
  memberStackNames,
  toLogicalId,
} from '../../../modules/deployment-monitoring/member-settings';
import { COMMERCIAL_REGIONS } from '../../../modules/rules/identifiers';
import { problemLine } from '../../../modules/rules/problem';
import { AGENT_LOGS_ONLY, FORWARDING_ONLY, SETTINGS } from '../../support/member-settings';

const withAction = (action: Partial<InstanceAction>): MemberRolloutSettings => ({
  ...FORWARDING_ONLY,
  instanceActions: [{ name: 'act', action: 'stop', states: ['FAILURE'], ...action }],
});

describe('member rollout settings', () => {
  it('accept the example settings', () => {
    expect(memberRolloutSettingsProblems(SETTINGS)).toEqual([]);
    expect(() => assertMemberRolloutSettings(SETTINGS)).not.toThrow();
  });

  it('name every resource from the prefix, deterministically', () => {
    const names = memberResourceNames('acme');
    expect([names.forwardingRole, names.forwardingRule, names.deadLetterQueue]).toEqual([
      'acme-codedeploy-forwarder',
      'acme-codedeploy-forward',
      'acme-codedeploy-dlq',
    ]);
    expect(names.actionRole('create-image')).toBe('acme-codedeploy-create-image');
    expect(names.runbookRole('create-image')).toBe('acme-codedeploy-create-image-runbook');
    expect(names.actionRule('stop-failed-prod')).toBe('acme-codedeploy-stop-failed-prod');
    expect(memberStackNames('acme')).toEqual({ global: 'acme-codedeploy-global', regional: 'acme-codedeploy-regional' });
    expect(toLogicalId('stop-failed-prod')).toBe('StopFailedProd');
  });

  it('list the action kinds in use once each, in a fixed order', () => {
    expect(actionKindsOf(SETTINGS)).toEqual(['stop', 'create-image']);
    expect(
      actionKindsOf({ ...SETTINGS, instanceActions: [...SETTINGS.instanceActions, { name: 'x', action: 'stop', states: ['STOP'] }] }),
    ).toEqual(['stop', 'create-image']);
    expect(actionKindsOf(FORWARDING_ONLY)).toEqual([]);
  });

  describe('problems', () => {
    const problems = (settings: MemberRolloutSettings) => memberRolloutSettingsProblems(settings).map((p) => problemLine(p));

    it('name the field, the value, the rule and the fix for the top-level settings', () => {
      const bad = { ...FORWARDING_ONLY, namePrefix: 'Acme_', centralBusArn: 'arn:aws:sns:us-east-1:333333333333:t', homeRegion: 'useast1' };
      expect(problems(bad)).toEqual([
        'namePrefix: "Acme_" is not lowercase letters and digits separated by single hyphens. Fix: use a name like "acme-deploy"',
        'centralBusArn: "arn:aws:sns:us-east-1:333333333333:t" is not an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>). Fix: write the ARN of the central bus, arn:aws:events:<region>:<account>:event-bus/<name>',
        `homeRegion: "useast1" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
      ]);
    });

    it('refuse settings that would create nothing', () => {
      expect(problems({ ...FORWARDING_ONLY, forwardingKinds: [] })).toEqual([
        'forwardingKinds: [] is empty, and so are instanceActions and agentLogs: the member templates would create nothing. Fix: forward "deployment" or "instance" events, add an instance action or set agentLogs',
      ]);
      expect(problems({ ...AGENT_LOGS_ONLY })).toEqual([]);
    });

    it('refuse a forwarded event kind CodeDeploy does not send', () => {
      expect(problems({ ...FORWARDING_ONLY, forwardingKinds: ['deployment', 'build' as 'instance'] })).toEqual([
        'forwardingKinds[1]: "build" is not a CodeDeploy event kind. Fix: use "deployment" or "instance"',
      ]);
    });

    it('refuse names AWS would refuse: over 64 characters for roles and rules', () => {
      const prefix = 'a'.repeat(44);
      expect(problems({ ...FORWARDING_ONLY, namePrefix: prefix })).toEqual([
        `namePrefix: "${prefix}" makes "${prefix}-codedeploy-forwarder" longer than 64 characters, the IAM role and EventBridge rule name limit. Fix: shorten the prefix or the action name`,
      ]);
      // The longest role: the create-image runbook role, 32 characters after the prefix.
      const image = 'b'.repeat(33);
      expect(problems({ ...withAction({ action: 'create-image' }), namePrefix: image })).toEqual([
        `namePrefix: "${image}" makes "${image}-codedeploy-create-image-runbook" longer than 64 characters, the IAM role and EventBridge rule name limit. Fix: shorten the prefix or the action name`,
      ]);
      expect(problems({ ...withAction({ action: 'create-image' }), namePrefix: 'b'.repeat(32) })).toEqual([]);
    });

    it('refuse duplicate, reserved and malformed action names', () => {
      const settings = {
        ...FORWARDING_ONLY,
        instanceActions: [
          { name: 'forward', action: 'stop', states: ['FAILURE'] },
          { name: 'a--b', action: 'restart', states: ['FAILURE'] },
          { name: 'a--b', action: 'restart', states: ['FAILURE'] },
        ] as InstanceAction[],
      };
      expect(problems(settings)).toEqual([
        'instanceActions[0].name: "forward" names the forwarding rule. Fix: give each action its own name, not "forward"',
        'instanceActions[1].name: "a--b" is not lowercase letters and digits separated by single hyphens. Fix: use a name like "acme-deploy"',
        'instanceActions[2].name: "a--b" is not lowercase letters and digits separated by single hyphens. Fix: use a name like "acme-deploy"',
        'instanceActions[2].name: "a--b" is the name of instanceActions[1] too. Fix: give each action its own name, not "forward"',
      ]);
    });

    it('require states and valid filters for an action', () => {
      expect(problems(withAction({ states: [], applications: [''] }))).toEqual([
        'instanceActions[0].states: [] is empty. Fix: name the instance states that trigger the action, e.g. ["FAILURE"]',
        'instanceActions[0].applications[0]: "" is not a CodeDeploy name (1-100 characters). Fix: give the name as CodeDeploy shows it',
      ]);
      expect(problems(withAction({ action: 'hibernate' as 'stop' }))).toEqual([
        'instanceActions[0].action: "hibernate" is not an instance action. Fix: use one of stop, terminate, restart, create-image',
      ]);
    });

    it('explain the action kinds of earlier versions, whose built-in targets only the console can create', () => {
      expect(problems(withAction({ action: 'reboot' as 'stop' }))).toEqual([
        'instanceActions[0].action: "reboot" is not an instance action any more: ' +
          'EventBridge\'s built-in EC2 targets it used can be created only in the console. Fix: use "restart" (AWS-RestartEC2Instance stops and starts the instance)',
      ]);
      expect(problems(withAction({ action: 'create-snapshot' as 'stop' }))).toEqual([
        'instanceActions[0].action: "create-snapshot" is not an instance action any more: ' +
          'EventBridge\'s built-in EC2 targets it used can be created only in the console. Fix: use "create-image" (AWS-CreateImage snapshots every EBS volume of the instance the event names)',
      ]);
    });

    it("refuse an action whose event pattern outgrows EventBridge's default 2,048 characters", () => {
      const applications = Array.from({ length: 70 }, (_, i) => `application-with-a-long-name-${String(i).padStart(3, '0')}-x`);
      const settings = withAction({ applications });
      const size = JSON.stringify(instanceActionPattern(settings.instanceActions[0])).length;
      expect(size).toBeGreaterThan(2048);
      expect(problems(settings)).toEqual([
        `instanceActions[0].name: "act" has an event pattern of ${size} characters; EventBridge allows 2048 by default. Fix: name fewer applications or deployment groups`,
      ]);
    });

    it('are thrown all at once, each line with its fix', () => {
      expect(() => assertMemberRolloutSettings({ ...FORWARDING_ONLY, namePrefix: 'X', homeRegion: 'x' })).toThrow(
        `member rollout settings: settings.namePrefix: "X" is not lowercase letters and digits separated by single hyphens. Fix: use a name like "acme-deploy"; settings.homeRegion: "x" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
      );
    });
  });
});
