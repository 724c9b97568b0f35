import { OamSink } from '@cdktf/provider-aws/lib/oam-sink';
import { OamSinkPolicy } from '@cdktf/provider-aws/lib/oam-sink-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { PolicyDocument, PolicyStatement } from '../policy-document';
import { organizationIdProblems } from '../rules/identifiers';
import { problem } from '../rules/problem';
import { addPropValidation, checkProp } from '../rules/prop-validation';
import { oamSinkNameProblems } from '../rules/service-names';

/**
 * Telemetry types a CloudWatch observability sink can admit (OAM API Reference, PutSinkPolicy):
 * metrics, log groups, traces, Application Insights applications, Internet Monitor monitors and
 * Application Signals services and SLOs.
 */
export type ObservabilityResourceType =
  | 'AWS::CloudWatch::Metric'
  | 'AWS::Logs::LogGroup'
  | 'AWS::XRay::Trace'
  | 'AWS::ApplicationInsights::Application'
  | 'AWS::InternetMonitor::Monitor'
  | 'AWS::ApplicationSignals::Service'
  | 'AWS::ApplicationSignals::ServiceLevelObjective';

export interface ObservabilitySinkProps {
  /** Sink name: 1-255 of letters, digits, `_`, `.`, `-` (OAM CreateSink). */
  readonly sinkName: string;
  /** Accounts of this organization (`aws:PrincipalOrgID`) may link to the sink; nobody else. */
  readonly organizationId: string;
  /**
   * What source accounts may share. A link asking for a type the sink does not admit fails
   * (AmazonCloudWatch/latest/monitoring/CloudWatch-Unified-Cross-Account.html).
   * @default ['AWS::Logs::LogGroup'] - log groups only
   */
  readonly resourceTypes?: readonly ObservabilityResourceType[];
  /** @default - the stack's default provider; the sink lives in that provider's account and Region */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * A CloudWatch cross-account observability sink (the attachment point of a monitoring account) and
 * its policy: every account of the organization may link to it, sharing only the admitted types.
 * Sinks are Regional (one per account and Region, OAM CreateSink) and a link targets a sink in its
 * own Region (cross-account observability works within a Region), so a monitoring account needs
 * one sink per governed Region. Cross-account observability costs nothing extra for logs and
 * metrics (CloudWatch-Unified-Cross-Account.html, "Pricing"). A sink cannot be deleted while links
 * point at it: remove the links (the member rollout) first.
 */
export class ObservabilitySink extends Construct {
  public readonly sink: OamSink;
  public readonly sinkPolicy: OamSinkPolicy;
  /** The sink ARN (`arn:aws:oam:<region>:<account>:sink/<id>`): known only after apply. */
  public readonly sinkArn: string;
  /** The sink policy as rendered. */
  public readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: ObservabilitySinkProps) {
    super(scope, id);
    const resourceTypes = props.resourceTypes ?? ['AWS::Logs::LogGroup'];
    addPropValidation(this, () => [
      ...checkProp('sinkName', props.sinkName, oamSinkNameProblems),
      ...checkProp('organizationId', props.organizationId, organizationIdProblems),
      ...checkProp('resourceTypes', resourceTypes, (types) =>
        types.length > 0
          ? []
          : [problem(types, 'is empty: the sink would admit nothing', "list what source accounts share, e.g. ['AWS::Logs::LogGroup']")],
      ),
    ]);

    this.sink = new OamSink(this, 'Sink', { provider: props.provider, name: props.sinkName, tags: props.tags });
    this.sinkArn = this.sink.arn;
    this.policy = sinkPolicy(props.organizationId, resourceTypes);
    this.sinkPolicy = new OamSinkPolicy(this, 'Policy', {
      provider: props.provider,
      sinkIdentifier: this.sink.arn,
      policy: this.policy.render(),
    });
  }
}

/**
 * AWS's organization sink policy (OAM API Reference, PutSinkPolicy examples; CloudWatch user guide,
 * CloudWatch-Unified-Cross-Account-Setup.html): any principal of the organization may create or
 * update a link, for the admitted types only. `aws:PrincipalOrgID` is single-valued, so plain
 * `StringEquals` (AWS's example writes `ForAnyValue:`, which IAM discourages for single-valued keys);
 * `oam:ResourceTypes` lists what the link asks for, and `ForAllValues:` admits a link only when every
 * type is allowed; a link always names its types (`ResourceTypes` is required on `AWS::Oam::Link` in the
 * CloudFormation resource specification), so the key is never absent.
 */
function sinkPolicy(organizationId: string, resourceTypes: readonly string[]): PolicyDocument {
  return new PolicyDocument([
    new PolicyStatement({
      sid: 'AllowOrganizationLinks',
      principal: '*',
      actions: ['oam:CreateLink', 'oam:UpdateLink'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:PrincipalOrgID': organizationId },
        'ForAllValues:StringEquals': { 'oam:ResourceTypes': [...resourceTypes] },
      },
    }),
  ]);
}
