/**
 * The terraform tier's checks of the other stacks of both configs, on the offline plan: the
 * organization trail, the management and external-account stacks, deployment monitoring's agent
 * logs, and the organization guardrails.
 */
import { configResources, moduleKey, placeholderOutputs, plannedResources, type StackJson } from '../../tooling/terraform';
import { CASES, getCase, getPlan } from './tier';
import { tfIt } from './toolchain-gate';

export function describeOrganizationStacks(): void {
  describe.each(CASES)('organization-trail stack of $label', ({ prefix }) => {
    const key = moduleKey(prefix, 'organization-trail');
    const config = () => getCase(prefix).config;
    const ofType = (type: string) => plannedResources(getPlan(), key).filter((r) => r.type === type);
    const trailArn = () => `arn:aws:cloudtrail:${config().homeRegion}:${config().managementAccountId}:trail/${config().trailName}`;

    tfIt('plans a multi-region organization trail with validation, notifications and CloudWatch Logs', () => {
      const [trail] = ofType('aws_cloudtrail');
      expect(trail.values).toMatchObject({
        name: config().trailName,
        is_organization_trail: true,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        s3_bucket_name: config().archiveBucketName,
        // By name in the trail owner's account; a delegated administrator's topic by ARN.
        sns_topic_name: ((name) =>
          config().trail.delegatedAdministratorAccountId
            ? `arn:aws:sns:${config().homeRegion}:${config().trail.delegatedAdministratorAccountId}:${name}`
            : name)(config().notifications.topicName ?? `${config().trailName}-log-delivery`),
        cloud_watch_logs_group_arn: expect.stringMatching(/^arn:aws:logs:.*:\*$/),
      });
      expect(ofType('aws_cloudtrail')).toHaveLength(1);
    });

    tfIt('plans the archive key ARN read from the log-archive state', () => {
      const [trail] = ofType('aws_cloudtrail');
      expect(trail.values.kms_key_id).toMatch(new RegExp(`^arn:aws:kms:${config().homeRegion}:${config().logArchiveAccountId}:key/`));
    });

    tfIt('plans the advanced event selectors and Insights the provider accepts', () => {
      const [trail] = ofType('aws_cloudtrail');
      const selectors = trail.values.advanced_event_selector as { name: string }[];
      expect(selectors[0].name).toMatch(/^Management events/);
      expect(selectors.length).toBe(
        1 + (config().trail.dataEvents.s3Objects === 'None' ? 0 : 1) + (config().trail.dataEvents.lambdaInvocations ? 1 : 0),
      );
      expect((trail.values.insight_selector as { insight_type: string }[]).map((i) => i.insight_type).sort()).toEqual(
        [...config().trail.insights].sort(),
      );
    });

    tfIt('plans an encrypted topic whose policy names our trail, and a log group kept as configured', () => {
      const topicPolicy = ofType('aws_sns_topic_policy').find((p) => p.address.includes('Notifications'));
      expect(JSON.parse(topicPolicy?.values.policy as string).Statement[0].Condition.StringEquals['aws:SourceArn']).toBe(trailArn());
      expect(ofType('aws_cloudwatch_log_group')[0].values).toMatchObject({ retention_in_days: config().cloudWatchLogs.retentionDays });
      // The delivery topic's key, the log group's key and the alarm topic's key.
      expect(ofType('aws_kms_key')).toHaveLength(3);
      expect(ofType('aws_cloudwatch_metric_alarm').length).toBeGreaterThanOrEqual(15);
    });

    tfIt('runs in the account that creates the trail', () => {
      const expected = config().trail.delegatedAdministratorAccountId ?? config().managementAccountId;
      expect(getCase(prefix).stacks.find((s) => s.name === 'organization-trail')?.accountId).toBe(expected);
      expect(JSON.stringify(getCase(prefix).json.get('organization-trail')?.provider)).toContain(`"allowed_account_ids":["${expected}"]`);
    });
  });

  describe('management and external-account stacks', () => {
    tfIt('plans the delegated administrator registration in delegated-administrator mode', () => {
      const variant = getCase('variant').config;
      const registrations = plannedResources(getPlan(), moduleKey('variant', 'organization-management')).filter(
        (r) => r.type === 'aws_cloudtrail_organization_delegated_admin_account',
      );
      expect(registrations.map((r) => r.values.account_id)).toEqual([variant.trail.delegatedAdministratorAccountId]);
    });

    tfIt('plans one non-organization trail per external account, writing into the archive', () => {
      const example = getCase('').config;
      for (const account of example.externalAccountIds) {
        const [trail] = plannedResources(getPlan(), moduleKey('', `external-account-${account}`)).filter(
          (r) => r.type === 'aws_cloudtrail',
        );
        expect({ account, values: trail?.values }).toEqual({
          account,
          values: expect.objectContaining({
            is_organization_trail: false,
            is_multi_region_trail: true,
            s3_bucket_name: example.archiveBucketName,
          }),
        });
      }
    });
  });

  describe.each(CASES)('deployment monitoring stacks of $label: agent logs', ({ prefix }) => {
    const config = () => getCase(prefix).config;
    const regions = () => config().deploymentMonitoring?.regions ?? config().regions;
    const planned = (stack: string) => plannedResources(getPlan(), moduleKey(prefix, stack));
    /** The sink ARNs the rollout stacks read from the deployment-events state, as the offline plan stubs them. */
    const sinkArns = () =>
      placeholderOutputs(getCase(prefix).json.get('deployment-events') as StackJson).observability_sink_arns as Record<string, string>;

    tfIt('plans an observability sink and its organization policy in every governed region of the audit account', () => {
      const sinks = planned('deployment-events').filter((r) => r.type === 'aws_oam_sink');
      expect(sinks).toHaveLength(regions().length);
      const key = moduleKey(prefix, 'deployment-events');
      const sinkRegions = configResources(getPlan(), key)
        .filter((r) => r.type === 'aws_oam_sink')
        .map((r) => getPlan().configuration.provider_config?.[r.provider_config_key ?? '']?.expressions?.region?.constant_value);
      expect(sinkRegions.sort()).toEqual([...regions()].sort());
      const sinkPolicies = planned('deployment-events').filter((r) => r.type === 'aws_oam_sink_policy');
      expect(sinkPolicies).toHaveLength(regions().length);
      for (const policy of sinkPolicies) {
        expect(JSON.parse(policy.values.policy as string).Statement[0].Condition.StringEquals).toEqual({
          'aws:PrincipalOrgID': config().organizationId,
        });
      }
    });

    tfIt('hands the sink ARNs of every region, in region order, to the member stack set and the management account', () => {
      expect(Object.keys(sinkArns()).sort()).toEqual([...regions()].sort());
      const expected = regions()
        .map((region) => {
          expect(sinkArns()[region]).toMatch(new RegExp(`^arn:aws:oam:${region}:${config().auditAccountId}:sink/`));
          return sinkArns()[region];
        })
        .join(',');
      const regional = planned('deployment-rollout').find(
        (r) => r.type === 'aws_cloudformation_stack_set' && String(r.values.name).endsWith('-codedeploy-regional'),
      );
      expect(regional?.values.parameters).toEqual({ ObservabilitySinkArns: expected });
      const management = planned('deployment-management-account').filter(
        (r) => r.type === 'aws_cloudformation_stack' && String(r.values.name).endsWith('-codedeploy-regional'),
      );
      expect(management).toHaveLength(regions().length);
      for (const stack of management) expect(stack.values.parameters).toEqual({ ObservabilitySinkArns: expected });
    });

    tfIt('sends the agent-log templates: log groups, agent configurations and the link in every region, the instance policy once', () => {
      const bodies = planned('deployment-rollout')
        .filter((r) => r.type === 'aws_cloudformation_stack_set')
        .map((r) => JSON.parse(r.values.template_body as string) as { Resources: Record<string, { Type: string }> });
      const types = bodies.flatMap((b) => Object.values(b.Resources).map((r) => r.Type));
      expect(types.filter((t) => t === 'AWS::Logs::LogGroup')).toHaveLength(3);
      expect(types.filter((t) => t === 'AWS::SSM::Parameter')).toHaveLength(2);
      expect(types.filter((t) => t === 'AWS::Oam::Link')).toHaveLength(1);
      expect(types.filter((t) => t === 'AWS::IAM::ManagedPolicy')).toHaveLength(1);
      expect(types.filter((t) => t === 'AWS::KMS::Key')).toHaveLength(0);
    });
  });

  describe.each(CASES)('organization-guardrails stack of $label', ({ prefix }) => {
    const config = () => getCase(prefix).config;
    const planned = () => plannedResources(getPlan(), moduleKey(prefix, 'organization-guardrails'));

    tfIt(
      'plans the trail, archive and (with deploymentMonitoring) monitoring service control policies and a resource control policy, each within 5,120 characters',
      () => {
        const policies = planned().filter((r) => r.type === 'aws_organizations_policy');
        expect(policies.map((p) => [p.values.name, p.values.type]).sort()).toEqual([
          ['org-logging-archive-perimeter', 'RESOURCE_CONTROL_POLICY'],
          ...(config().deploymentMonitoring ? [['org-logging-protect-deployment-monitoring', 'SERVICE_CONTROL_POLICY']] : []),
          ['org-logging-protect-log-archive', 'SERVICE_CONTROL_POLICY'],
          ['org-logging-protect-trail-delivery', 'SERVICE_CONTROL_POLICY'],
        ]);
        expect(config().deploymentMonitoring).toBeDefined();
        for (const policy of policies) expect((policy.values.content as string).length).toBeLessThanOrEqual(5120);
      },
    );

    tfIt('attaches every policy to every configured target', () => {
      const policies = planned().filter((r) => r.type === 'aws_organizations_policy');
      const attachments = planned().filter((r) => r.type === 'aws_organizations_policy_attachment');
      expect(policies).toHaveLength(4);
      expect(attachments).toHaveLength(policies.length * config().guardrails.targetIds.length);
      expect(new Set(attachments.map((a) => a.values.target_id))).toEqual(new Set(config().guardrails.targetIds));
    });
  });
}
