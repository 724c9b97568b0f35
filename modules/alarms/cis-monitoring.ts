/*
 * The CIS AWS Foundations Benchmark monitoring items 4.1-4.15 as data: each needs a metric filter on
 * the CloudTrail log group, an alarm on that metric and a subscriber to the alarm's topic. The filter
 * patterns are the benchmark's v3.0.0 text, character for character (numbering and titles are the
 * same in v4.0.0 and v5.0.0); 4.16 (Security Hub enabled) has no filter and is not here.
 * Source: CIS AWS Foundations Benchmark v3.0.0 section 4, as reproduced in
 * turbot/steampipe-mod-aws-compliance `cis_v300/docs/cis_v300_4_*.md`; the 4.2 single-sign-on
 * variant is the benchmark's "to reduce false positives in case Single Sign-On is used" pattern
 * (4.2 audit step 3 accepts either), which is also Security Hub CloudWatch.3's pattern (CIS v1.2.0
 * 3.2). The 4.1 variant is this library's, not the benchmark's: Security Hub's CloudWatch.x checks
 * fail "if the exact metric filters prescribed by CIS are not used" (securityhub/latest/userguide/
 * cloudwatch-controls.html), so it is opt-in.
 */

/** The benchmark ids of the monitoring items this library implements. */
export const CIS_MONITORING_IDS = [
  '4.1',
  '4.2',
  '4.3',
  '4.4',
  '4.5',
  '4.6',
  '4.7',
  '4.8',
  '4.9',
  '4.10',
  '4.11',
  '4.12',
  '4.13',
  '4.14',
  '4.15',
] as const;

export type CisMonitoringId = (typeof CIS_MONITORING_IDS)[number];

/**
 * Which console sign-ins without MFA item 4.2 counts:
 * - `all-console-logins`: every `ConsoleLogin` without MFA (the benchmark's main pattern);
 * - `iam-users-only`: only successful sign-ins of IAM users (the benchmark's variant for
 *   organizations that sign in through IAM Identity Center or another identity provider, whose
 *   federated sign-ins report no `MFAUsed` and would otherwise alarm every time).
 */
export const MFA_FILTERS = ['all-console-logins', 'iam-users-only'] as const;

export type MfaFilter = (typeof MFA_FILTERS)[number];

/**
 * Which denied calls item 4.1 counts:
 * - `all-denied-calls`: the benchmark's pattern, character for character (what CIS audits and
 *   Security Hub checks);
 * - `without-aws-service-callers`: the same pattern with two more exclusions of the benchmark's
 *   own form, for calls an AWS service made: `userIdentity.type` `AWSService` (a service's own
 *   account assuming your role) and calls with `userIdentity.invokedBy` (a service acting for a
 *   principal; the exclusion 4.3 uses for root). Field meanings: CloudTrail user guide,
 *   cloudtrail-event-reference-user-identity.html. Not the benchmark's text: see README "Alarms".
 */
export const UNAUTHORIZED_CALLS_FILTERS = ['all-denied-calls', 'without-aws-service-callers'] as const;

export type UnauthorizedCallsFilter = (typeof UNAUTHORIZED_CALLS_FILTERS)[number];

/** The clause the 4.1 variant appends inside the braces, for `without-aws-service-callers`. */
export const CIS_4_1_WITHOUT_AWS_SERVICES_CLAUSE = '&& ($.userIdentity.type != "AWSService") && ($.userIdentity.invokedBy NOT EXISTS)';

/** The clause the 4.2 variant appends inside the braces, for `iam-users-only`. */
export const CIS_4_2_IAM_USERS_ONLY_CLAUSE = '&& ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success")';

export interface CisMonitoringItem {
  /** Benchmark id, `4.1` ... `4.15`. */
  readonly id: CisMonitoringId;
  /** Lowercase words for resource names: `unauthorized-api-calls`. */
  readonly slug: string;
  /** The benchmark's recommendation title. */
  readonly title: string;
  /** Metric the filter publishes (PascalCase, unique among the items; also the construct id). */
  readonly metricName: string;
  /** The benchmark's filter pattern, verbatim. */
  readonly filterPattern: string;
  /** What a datapoint means. */
  readonly whatHappened: string;
  /** What the person paged should look at first. */
  readonly whatToCheck: string;
}

const CHECK_WHO = 'In CloudWatch Logs Insights on the trail log group, find the matching events and check userIdentity, sourceIPAddress';

/** The benchmark's items 4.1-4.15 with the main 4.2 pattern (see `cisMonitoringItems` for the variant). */
export const CIS_MONITORING_ITEMS: readonly CisMonitoringItem[] = [
  {
    id: '4.1',
    slug: 'unauthorized-api-calls',
    title: 'Ensure a log metric filter and alarm exist for unauthorized API calls',
    metricName: 'UnauthorizedAPICalls',
    filterPattern:
      '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
    whatHappened: 'API calls were refused with UnauthorizedOperation or AccessDenied.',
    whatToCheck: `${CHECK_WHO} and eventName: a burst from one principal is reconnaissance or a leaked credential probing its permissions; a steady trickle from one tool is a permissions bug.`,
  },
  {
    id: '4.2',
    slug: 'console-signin-without-mfa',
    title: 'Ensure a log metric filter and alarm exist for Management Console sign-in without MFA',
    metricName: 'ConsoleSigninWithoutMFA',
    filterPattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
    whatHappened: 'Someone signed in to the AWS Management Console without multi-factor authentication.',
    whatToCheck: `${CHECK_WHO} and responseElements.ConsoleLogin: require MFA for that user, or, if sign-ins go through IAM Identity Center, use the iam-users-only filter.`,
  },
  {
    id: '4.3',
    slug: 'root-usage',
    title: "Ensure a log metric filter and alarm exist for usage of 'root' account",
    metricName: 'RootAccountUsage',
    filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    whatHappened: "An account's root user made a request.",
    whatToCheck: `${CHECK_WHO}, recipientAccountId and eventName: confirm it was a planned root-only task; otherwise rotate the root credentials and review what was changed.`,
  },
  {
    id: '4.4',
    slug: 'iam-policy-changes',
    title: 'Ensure a log metric filter and alarm exist for IAM policy changes',
    metricName: 'IAMPolicyChanges',
    filterPattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
    whatHappened: 'An IAM policy was created, changed, attached or detached.',
    whatToCheck: `${CHECK_WHO} and requestParameters: confirm the change came from a deployment pipeline or an approved change; look for permissions widened to *.`,
  },
  {
    id: '4.5',
    slug: 'cloudtrail-configuration-changes',
    title: 'Ensure a log metric filter and alarm exist for CloudTrail configuration changes',
    metricName: 'CloudTrailConfigurationChanges',
    filterPattern:
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    whatHappened: 'A CloudTrail trail was created, updated, deleted, started or stopped in some account of the organization.',
    whatToCheck: `${CHECK_WHO} and requestParameters.name: a stopped or deleted trail leaves a gap in the evidence; restart logging and find out why.`,
  },
  {
    id: '4.6',
    slug: 'console-authentication-failures',
    title: 'Ensure a log metric filter and alarm exist for AWS Management Console authentication failures',
    metricName: 'ConsoleAuthenticationFailures',
    filterPattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    whatHappened: 'A console sign-in failed authentication.',
    whatToCheck: `${CHECK_WHO} and userIdentity.userName: many failures for one user or from one address suggest password guessing; lock or reset the user if so.`,
  },
  {
    id: '4.7',
    slug: 'cmk-disabled-or-scheduled-for-deletion',
    title: 'Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs',
    metricName: 'CMKDisabledOrScheduledForDeletion',
    filterPattern: '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
    whatHappened: 'A customer managed KMS key was disabled or scheduled for deletion.',
    whatToCheck: `${CHECK_WHO} and resources[0].ARN: data encrypted under a deleted key is lost for good; cancel the deletion (kms cancel-key-deletion) unless it was planned.`,
  },
  {
    id: '4.8',
    slug: 's3-bucket-policy-changes',
    title: 'Ensure a log metric filter and alarm exist for S3 bucket policy changes',
    metricName: 'S3BucketPolicyChanges',
    filterPattern:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    whatHappened: "An S3 bucket's policy, ACL, CORS, lifecycle or replication configuration was changed.",
    whatToCheck: `${CHECK_WHO} and requestParameters.bucketName: look for buckets opened to other accounts or the public, and lifecycle rules that expire data early.`,
  },
  {
    id: '4.9',
    slug: 'config-changes',
    title: 'Ensure a log metric filter and alarm exist for AWS Config configuration changes',
    metricName: 'AWSConfigChanges',
    filterPattern:
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
    whatHappened: 'An AWS Config recorder or delivery channel was stopped, deleted or changed.',
    whatToCheck: `${CHECK_WHO} and recipientAccountId: a stopped recorder hides configuration drift; restart it unless the change was planned.`,
  },
  {
    id: '4.10',
    slug: 'security-group-changes',
    title: 'Ensure a log metric filter and alarm exist for security group changes',
    metricName: 'SecurityGroupChanges',
    filterPattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    whatHappened: 'A security group was created, deleted or had rules added or removed.',
    whatToCheck: `${CHECK_WHO} and requestParameters: look for ingress opened to 0.0.0.0/0 or ::/0, especially on administrative ports.`,
  },
  {
    id: '4.11',
    slug: 'nacl-changes',
    title: 'Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)',
    metricName: 'NACLChanges',
    filterPattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    whatHappened: 'A network ACL or one of its entries was created, replaced or deleted.',
    whatToCheck: `${CHECK_WHO} and requestParameters: look for allow rules that widen access to a subnet.`,
  },
  {
    id: '4.12',
    slug: 'network-gateway-changes',
    title: 'Ensure a log metric filter and alarm exist for changes to network gateways',
    metricName: 'NetworkGatewayChanges',
    filterPattern:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
    whatHappened: 'An internet or customer gateway was created, attached, detached or deleted.',
    whatToCheck: `${CHECK_WHO} and requestParameters: an internet gateway attached to a private VPC opens a path out of (or into) it.`,
  },
  {
    id: '4.13',
    slug: 'route-table-changes',
    title: 'Ensure a log metric filter and alarm exist for route table changes',
    metricName: 'RouteTableChanges',
    filterPattern:
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
    whatHappened: 'A route or route table was created, replaced, deleted or re-associated.',
    whatToCheck: `${CHECK_WHO} and requestParameters: look for new default routes or routes that send traffic around inspection.`,
  },
  {
    id: '4.14',
    slug: 'vpc-changes',
    title: 'Ensure a log metric filter and alarm exist for VPC changes',
    metricName: 'VPCChanges',
    filterPattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
    whatHappened: 'A VPC, VPC attribute or VPC peering connection was created, changed or deleted.',
    whatToCheck: `${CHECK_WHO} and requestParameters: peering with an unknown account joins two networks.`,
  },
  {
    id: '4.15',
    slug: 'organizations-changes',
    title: 'Ensure a log metric filter and alarm exist for AWS Organizations changes',
    metricName: 'OrganizationsChanges',
    filterPattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    whatHappened: 'The organization changed: accounts, OUs, policies (SCPs, RCPs) or handshakes.',
    whatToCheck: `${CHECK_WHO} and requestParameters: a detached or updated SCP or RCP can switch off the organization guardrails; an account leaving takes its logs with it.`,
  },
];

export interface CisMonitoringOptions {
  /** @default 'all-console-logins' - the benchmark's main 4.2 pattern */
  readonly mfaFilter?: MfaFilter;
  /** @default 'all-denied-calls' - the benchmark's 4.1 pattern */
  readonly unauthorizedCallsFilter?: UnauthorizedCallsFilter;
}

/** The items 4.1-4.15, with the patterns of items 4.1 and 4.2 for the chosen filters. */
export function cisMonitoringItems(options: CisMonitoringOptions = {}): CisMonitoringItem[] {
  const mfaFilter = options.mfaFilter ?? 'all-console-logins';
  const unauthorized = options.unauthorizedCallsFilter ?? 'all-denied-calls';
  return CIS_MONITORING_ITEMS.map((item) => {
    if (item.id === '4.1' && unauthorized === 'without-aws-service-callers') {
      return {
        ...item,
        filterPattern: withClause(item.filterPattern, CIS_4_1_WITHOUT_AWS_SERVICES_CLAUSE),
        whatHappened:
          'API calls made by people or workloads (not by AWS services) were refused with UnauthorizedOperation or AccessDenied.',
      };
    }
    if (item.id === '4.2' && mfaFilter === 'iam-users-only') {
      return {
        ...item,
        filterPattern: withClause(item.filterPattern, CIS_4_2_IAM_USERS_ONLY_CLAUSE),
        whatHappened: 'An IAM user signed in to the AWS Management Console without multi-factor authentication.',
        whatToCheck: `${CHECK_WHO} and userIdentity.userName: require MFA for that IAM user, or replace the user with an IAM Identity Center sign-in.`,
      };
    }
    return item;
  });
}

/** Appends a clause inside a JSON filter pattern's closing brace: `{ a }` + `&& b` is `{ a && b }`. */
function withClause(pattern: string, clause: string): string {
  const close = pattern.lastIndexOf(' }');
  if (close < 0) throw new Error(`filter pattern does not end with " }": ${pattern}`);
  return `${pattern.slice(0, close)} ${clause} }`;
}
