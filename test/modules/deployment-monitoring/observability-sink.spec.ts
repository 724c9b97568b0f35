import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, Testing } from 'cdktf';
import { ObservabilitySink, type ObservabilitySinkProps } from '../../../modules/deployment-monitoring/observability-sink';
import { addressAt, ORGANIZATION_ID, resourceAt } from '../../support/modules';
import { resourcesOf, synthJson, testStack, validationErrors } from '../../support/synth';

function newSink(props: Partial<ObservabilitySinkProps> = {}) {
  const stack = testStack();
  const sink = new ObservabilitySink(stack, 'Sink', { sinkName: 'acme-codedeploy-agent-logs', organizationId: ORGANIZATION_ID, ...props });
  return { stack, sink, json: synthJson(stack) };
}

describe('ObservabilitySink', () => {
  it('creates the sink and attaches its policy to it', () => {
    const { json } = newSink({ tags: { team: 'platform' } });
    expect(resourceAt(json, 'aws_oam_sink', 'Sink/Sink')).toEqual({ name: 'acme-codedeploy-agent-logs', tags: { team: 'platform' } });
    const policy = resourceAt(json, 'aws_oam_sink_policy', 'Sink/Policy');
    expect(policy.sink_identifier).toBe(`\${${addressAt(json, 'aws_oam_sink', 'Sink/Sink')}.arn}`);
  });

  it('lets accounts of the organization link log groups, and nothing else', () => {
    const { json } = newSink();
    expect(JSON.parse(resourceAt(json, 'aws_oam_sink_policy', 'Sink/Policy').policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowOrganizationLinks',
          Effect: 'Allow',
          Principal: '*',
          Action: ['oam:CreateLink', 'oam:UpdateLink'],
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
            'ForAllValues:StringEquals': { 'oam:ResourceTypes': 'AWS::Logs::LogGroup' },
          },
        },
      ],
    });
  });

  it('admits the telemetry types it is given', () => {
    const { sink } = newSink({ resourceTypes: ['AWS::Logs::LogGroup', 'AWS::CloudWatch::Metric'] });
    expect(sink.policy.toJSON().Statement[0].Condition?.['ForAllValues:StringEquals']).toEqual({
      'oam:ResourceTypes': ['AWS::Logs::LogGroup', 'AWS::CloudWatch::Metric'],
    });
  });

  it('exposes the sink ARN AWS assigns, as a reference', () => {
    const { sink, stack } = newSink();
    new TerraformOutput(stack, 'arn', { value: sink.sinkArn });
    expect(synthJson(stack).output?.arn.value).toMatch(/^\$\{aws_oam_sink\.Sink_[A-F0-9]{8}\.arn\}$/);
  });

  it('uses the provider of its Region', () => {
    const stack = testStack();
    const provider = new AwsProvider(stack, 'eu', { region: 'eu-west-1', alias: 'eu_west_1' });
    new ObservabilitySink(stack, 'Sink', { sinkName: 's', organizationId: ORGANIZATION_ID, provider });
    const json = synthJson(stack);
    for (const type of ['aws_oam_sink', 'aws_oam_sink_policy']) {
      const resources = Object.values(resourcesOf(json, type));
      expect(resources).toHaveLength(1);
      for (const resource of resources) expect(resource.provider).toBe('aws.eu_west_1');
    }
  });

  it('refuses at synth a bad name, organization or empty type list, every problem at once', () => {
    const stack = testStack();
    const sink = new ObservabilitySink(stack, 'Sink', { sinkName: 'has space', organizationId: 'org', resourceTypes: [] });
    const lines = [
      'test/Sink: sinkName: "has space" is not an observability sink name (1-255 of letters, digits, _ . and -). Fix: use only those characters',
      'test/Sink: organizationId: "org" is not an organization ID ("o-" then 10-32 lowercase letters or digits). Fix: copy it from `aws organizations describe-organization`',
      "test/Sink: resourceTypes: [] is empty: the sink would admit nothing. Fix: list what source accounts share, e.g. ['AWS::Logs::LogGroup']",
    ];
    expect(validationErrors(sink)).toEqual(lines);
    expect(() => Testing.synth(stack, true)).toThrow(lines[0]);
  });
});
