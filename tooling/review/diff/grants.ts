/**
 * The security diff of grants that are not policy documents: a managed policy attached to a role,
 * user or group (`AdministratorAccess` reads as one line), a role's `managed_policy_arns` or its
 * permissions boundary, a delegated administrator of an AWS service for the organization, access
 * keys, console passwords and group memberships, resource shares. Each one added or changed widens
 * who may do what beyond the policies the review reads: dangerous.
 */

import { type AppResource, type AppStack, texts } from '../../model';
import type { ReviewContext } from '../context';
import type { Finding } from './findings';

/** Resource types that grant by existing, and what they grant, in words. */
const GRANTS: Readonly<Record<string, (r: AppResource, label: (value: unknown) => string) => string>> = {
  aws_iam_role_policy_attachment: (r, l) => `role ${l(r.config.role)} gains managed policy ${l(r.config.policy_arn)}`,
  aws_iam_user_policy_attachment: (r, l) => `user ${l(r.config.user)} gains managed policy ${l(r.config.policy_arn)}`,
  aws_iam_group_policy_attachment: (r, l) => `group ${l(r.config.group)} gains managed policy ${l(r.config.policy_arn)}`,
  aws_iam_policy_attachment: (r, l) =>
    `${[...texts(r.config.roles), ...texts(r.config.users), ...texts(r.config.groups)].map(l).join(', ')} gain managed policy ${l(r.config.policy_arn)}`,
  aws_organizations_delegated_administrator: (r, l) =>
    `account ${l(r.config.account_id)} becomes a delegated administrator of ${l(r.config.service_principal)} for the organization`,
  aws_iam_access_key: (r, l) => `user ${l(r.config.user)} gets an access key`,
  aws_iam_user_login_profile: (r, l) => `user ${l(r.config.user)} gets a console password`,
  aws_iam_service_specific_credential: (r, l) => `user ${l(r.config.user_name)} gets credentials for ${l(r.config.service_name)}`,
  aws_iam_user_group_membership: (r, l) => `user ${l(r.config.user)} joins ${texts(r.config.groups).map(l).join(', ')}`,
  aws_iam_group_membership: (r, l) => `${texts(r.config.users).map(l).join(', ')} join group ${l(r.config.group)}`,
  aws_ram_principal_association: (r, l) => `${l(r.config.principal)} joins resource share ${l(r.config.resource_share_arn)}`,
};

/** Grants added or changed in the stacks both folders have, and roles' managed policies and boundaries. */
export function diffGrants(before: ReviewContext, after: ReviewContext): Finding[] {
  return after.app.stacks.flatMap((s: AppStack) => {
    const prior = before.app.stacks.find((x) => x.name === s.name);
    if (!prior) return [];
    const label = (value: unknown) => after.resolver.display(s.name, value);
    const was = (r: AppResource) => prior.resources.find((x) => x.address === r.address);
    const say = (r: AppResource, change: string): Finding => ({
      severity: 'dangerous',
      stack: s.name,
      subject: `${after.resolver.label(r)} (${r.address})`,
      change,
    });
    const granted = s.resources
      .filter((r) => GRANTS[r.type] && JSON.stringify(was(r)?.config) !== JSON.stringify(r.config))
      .map((r) => say(r, `${was(r) ? 'now: ' : ''}${GRANTS[r.type](r, label)}`));
    const roles = s.resources
      .filter((r) => r.type === 'aws_iam_role' && was(r))
      .flatMap((r) => {
        const old = was(r) as AppResource;
        const added = texts(r.config.managed_policy_arns).filter((a) => !texts(old.config.managed_policy_arns).includes(a));
        const boundary = JSON.stringify(old.config.permissions_boundary) !== JSON.stringify(r.config.permissions_boundary);
        return [
          ...added.map((a) => say(r, `gains managed policy ${label(a)}`)),
          ...(boundary && old.config.permissions_boundary !== undefined
            ? [
                say(
                  r,
                  `permissions boundary ${label(old.config.permissions_boundary)} → ${r.config.permissions_boundary === undefined ? 'none' : label(r.config.permissions_boundary)}`,
                ),
              ]
            : []),
        ];
      });
    return [...granted, ...roles];
  });
}
