/**
 * CIS AWS Foundations Benchmark v3.0.0 section 4 (identical in v4 and v5): each monitor is a metric
 * filter on the trail's log group, an alarm on its metric, and a subscriber. A filter covers a
 * monitor when its pattern names every token below: the event names (and, where the CIS pattern
 * needs them, the fields) of the CIS filter pattern (shared/reference/aws-facts.md §7, from
 * turbot/steampipe-mod-aws-compliance cis_v300 docs). Extra conditions, such as the exclusions of
 * 4.1, are allowed. 4.16 (Security Hub enabled) has no filter.
 */

interface CisMonitor {
  readonly id: string;
  readonly title: string;
  readonly tokens: readonly string[];
}

export const CIS_MONITORS: readonly CisMonitor[] = [
  { id: 'CIS 4.1', title: 'unauthorized API calls', tokens: ['errorCode', 'UnauthorizedOperation', 'AccessDenied'] },
  { id: 'CIS 4.2', title: 'console sign-in without MFA', tokens: ['ConsoleLogin', 'MFAUsed'] },
  { id: 'CIS 4.3', title: 'root account usage', tokens: ['userIdentity.type', 'Root'] },
  {
    id: 'CIS 4.4',
    title: 'IAM policy changes',
    tokens: [
      'DeleteGroupPolicy',
      'DeleteRolePolicy',
      'DeleteUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'PutUserPolicy',
      'CreatePolicy',
      'DeletePolicy',
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ],
  },
  {
    id: 'CIS 4.5',
    title: 'CloudTrail configuration changes',
    tokens: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
  },
  { id: 'CIS 4.6', title: 'console authentication failures', tokens: ['ConsoleLogin', 'Failed authentication'] },
  {
    id: 'CIS 4.7',
    title: 'customer managed keys disabled or scheduled for deletion',
    tokens: ['kms.amazonaws.com', 'DisableKey', 'ScheduleKeyDeletion'],
  },
  {
    id: 'CIS 4.8',
    title: 'S3 bucket policy changes',
    tokens: [
      's3.amazonaws.com',
      'PutBucketAcl',
      'PutBucketPolicy',
      'PutBucketCors',
      'PutBucketLifecycle',
      'PutBucketReplication',
      'DeleteBucketPolicy',
      'DeleteBucketCors',
      'DeleteBucketLifecycle',
      'DeleteBucketReplication',
    ],
  },
  {
    id: 'CIS 4.9',
    title: 'AWS Config changes',
    tokens: [
      'config.amazonaws.com',
      'StopConfigurationRecorder',
      'DeleteDeliveryChannel',
      'PutDeliveryChannel',
      'PutConfigurationRecorder',
    ],
  },
  {
    id: 'CIS 4.10',
    title: 'security group changes',
    tokens: [
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
    ],
  },
  {
    id: 'CIS 4.11',
    title: 'network ACL changes',
    tokens: [
      'CreateNetworkAcl',
      'CreateNetworkAclEntry',
      'DeleteNetworkAcl',
      'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ],
  },
  {
    id: 'CIS 4.12',
    title: 'network gateway changes',
    tokens: [
      'CreateCustomerGateway',
      'DeleteCustomerGateway',
      'AttachInternetGateway',
      'CreateInternetGateway',
      'DeleteInternetGateway',
      'DetachInternetGateway',
    ],
  },
  {
    id: 'CIS 4.13',
    title: 'route table changes',
    tokens: [
      'CreateRoute',
      'CreateRouteTable',
      'ReplaceRoute',
      'ReplaceRouteTableAssociation',
      'DeleteRouteTable',
      'DeleteRoute',
      'DisassociateRouteTable',
    ],
  },
  {
    id: 'CIS 4.14',
    title: 'VPC changes',
    tokens: [
      'CreateVpc',
      'DeleteVpc',
      'ModifyVpcAttribute',
      'AcceptVpcPeeringConnection',
      'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection',
      'AttachClassicLinkVpc',
      'DetachClassicLinkVpc',
      'DisableVpcClassicLink',
      'EnableVpcClassicLink',
    ],
  },
  {
    id: 'CIS 4.15',
    title: 'AWS Organizations changes',
    tokens: [
      'organizations.amazonaws.com',
      'AcceptHandshake',
      'AttachPolicy',
      'CreateAccount',
      'CreateOrganizationalUnit',
      'CreatePolicy',
      'DeclineHandshake',
      'DeleteOrganization',
      'DeleteOrganizationalUnit',
      'DeletePolicy',
      'DetachPolicy',
      'DisablePolicyType',
      'EnablePolicyType',
      'InviteAccountToOrganization',
      'LeaveOrganization',
      'MoveAccount',
      'RemoveAccountFromOrganization',
      'UpdatePolicy',
      'UpdateOrganizationalUnit',
    ],
  },
];

/** Whether a metric filter pattern covers a monitor: every token appears as a whole word. */
export function patternCovers(pattern: string, monitor: CisMonitor): boolean {
  return monitor.tokens.every((token) =>
    new RegExp(`(^|[^A-Za-z0-9])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9])`).test(pattern),
  );
}
