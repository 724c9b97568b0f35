import {
  actionKindsOf,
  assertMemberRolloutSettings,
  type InstanceAction,
  type MemberRolloutSettings,
  memberResourceNames,
  memberRolloutSettingsProblems,
  memberStackNames,
  toLogicalId,
} from '../../../modules/deployment-monitoring/member-settings';
import { COMMERCIAL_REGIONS } from '../../../modules/rules/identifiers';
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
    it('name the field, the value and the rule for the top-level settings', () => {
      const bad = { ...FORWARDING_ONLY, namePrefix: 'Acme_', centralBusArn: 'arn:aws:sns:us-east-1:333333333333:t', homeRegion: 'useast1' };
      expect(memberRolloutSettingsProblems(bad)).toEqual([
        'namePrefix: "Acme_" must be lowercase letters and digits separated by single hyphens',
        'centralBusArn: "arn:aws:sns:us-east-1:333333333333:t" is not an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>). Fix: write the ARN of the central bus, arn:aws:events:<region>:<account>:event-bus/<name>',
        `homeRegion: "useast1" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
      ]);
    });

    it('refuse settings that would create nothing', () => {
      expect(memberRolloutSettingsProblems({ ...FORWARDING_ONLY, forwardingKinds: [] })).toEqual([
        'forwardingKinds and instanceActions are both empty and agentLogs is not set: the member templates would create nothing',
      ]);
      expect(memberRolloutSettingsProblems({ ...AGENT_LOGS_ONLY })).toEqual([]);
    });

    it('refuse names AWS would refuse: over 64 characters for roles and rules', () => {
      const prefix = 'a'.repeat(44);
      expect(memberRolloutSettingsProblems({ ...FORWARDING_ONLY, namePrefix: prefix })).toEqual([
        `namePrefix: "${prefix}-codedeploy-forwarder" is longer than 64 characters; shorten the prefix or the action name`,
      ]);
      // The longest role: the create-image runbook role, 32 characters after the prefix.
      const image = 'b'.repeat(33);
      expect(memberRolloutSettingsProblems({ ...withAction({ action: 'create-image' }), namePrefix: image })).toEqual([
        `namePrefix: "${image}-codedeploy-create-image-runbook" is longer than 64 characters; shorten the prefix or the action name`,
      ]);
      expect(memberRolloutSettingsProblems({ ...withAction({ action: 'create-image' }), namePrefix: 'b'.repeat(32) })).toEqual([]);
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
      expect(memberRolloutSettingsProblems(settings)).toEqual([
        'instanceActions.forward: name "forward" is taken; action names must be unique and not "forward"',
        'instanceActions.a--b: name "a--b" must be lowercase letters and digits separated by single hyphens',
        'instanceActions.a--b: name "a--b" must be lowercase letters and digits separated by single hyphens',
        'instanceActions.a--b: name "a--b" is taken; action names must be unique and not "forward"',
      ]);
    });

    it('require states and valid filters for an action', () => {
      expect(memberRolloutSettingsProblems(withAction({ states: [], applications: [''] }))).toEqual([
        'instanceActions.act.states is empty; name the instance states that trigger the action, e.g. ["FAILURE"]',
        'instanceActions.act.applications: "" must be 1-100 characters (a CodeDeploy name)',
      ]);
      expect(memberRolloutSettingsProblems(withAction({ action: 'hibernate' as 'stop' }))).toEqual([
        'instanceActions.act.action: "hibernate" is not one of stop, terminate, restart, create-image',
      ]);
    });

    it('explain the action kinds of earlier versions, whose built-in targets only the console can create', () => {
      expect(memberRolloutSettingsProblems(withAction({ action: 'reboot' as 'stop' }))).toEqual([
        'instanceActions.act.action: "reboot" is not one of stop, terminate, restart, create-image; ' +
          'EventBridge\'s built-in EC2 targets it used can be created only in the console. Fix: use "restart" (AWS-RestartEC2Instance stops and starts the instance)',
      ]);
      expect(memberRolloutSettingsProblems(withAction({ action: 'create-snapshot' as 'stop' }))).toEqual([
        'instanceActions.act.action: "create-snapshot" is not one of stop, terminate, restart, create-image; ' +
          'EventBridge\'s built-in EC2 targets it used can be created only in the console. Fix: use "create-image" (AWS-CreateImage snapshots every EBS volume of the instance the event names)',
      ]);
    });

    it("refuse an action whose event pattern outgrows EventBridge's default 2,048 characters", () => {
      const applications = Array.from({ length: 70 }, (_, i) => `application-with-a-long-name-${String(i).padStart(3, '0')}-x`);
      const [problem] = memberRolloutSettingsProblems(withAction({ applications }));
      expect(problem).toMatch(/^instanceActions\.act: its event pattern is \d+ characters; EventBridge allows 2048 by default$/);
    });

    it('are thrown all at once', () => {
      expect(() => assertMemberRolloutSettings({ ...FORWARDING_ONLY, namePrefix: 'X', homeRegion: 'x' })).toThrow(
        `member rollout settings: namePrefix: "X" must be lowercase letters and digits separated by single hyphens; homeRegion: "x" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
      );
    });
  });
});
