/**
 * `userIdentity` of the common types (awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html):
 * assumed roles with their session issuer, IAM users, the root user, services acting for a caller
 * (`invokedBy`), federated users and IAM Identity Center users; MFA on and off.
 */
import type { Random } from './random';

export type IdentityType = 'Root' | 'IAMUser' | 'AssumedRole' | 'AWSService' | 'FederatedUser' | 'IdentityCenterUser';

const ROLES = ['deployer', 'ci-release', 'platform-admin'];
const USERS = ['alice', 'bob', 'carol'];

export function identity(r: Random, type: IdentityType, account: string, time: string): Record<string, unknown> {
  const mfa = r.chance(0.6) ? 'true' : 'false';
  const attributes = { creationDate: time, mfaAuthenticated: mfa };
  const keyId = `ASIA${r.string(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
  switch (type) {
    case 'Root':
      return {
        type,
        principalId: account,
        arn: `arn:aws:iam::${account}:root`,
        accountId: account,
        accessKeyId: keyId,
        sessionContext: { attributes },
      };
    case 'IAMUser': {
      const user = r.pick(USERS);
      return {
        type,
        principalId: `AIDA${r.string(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
        arn: `arn:aws:iam::${account}:user/${user}`,
        accountId: account,
        accessKeyId: keyId,
        userName: user,
        sessionContext: { attributes },
      };
    }
    case 'AssumedRole': {
      const role = r.pick(ROLES);
      const session = r.pick(USERS);
      const roleId = `AROA${r.string(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
      return {
        type,
        principalId: `${roleId}:${session}`,
        arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
        accountId: account,
        accessKeyId: keyId,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: roleId,
            arn: `arn:aws:iam::${account}:role/${role}`,
            accountId: account,
            userName: role,
          },
          attributes,
        },
      };
    }
    case 'AWSService':
      return { type, invokedBy: 'codedeploy.amazonaws.com' };
    case 'FederatedUser': {
      const user = r.pick(USERS);
      return {
        type,
        principalId: `${account}:${user}`,
        arn: `arn:aws:sts::${account}:federated-user/${user}`,
        accountId: account,
        accessKeyId: keyId,
        sessionContext: {
          attributes,
          sessionIssuer: {
            type: 'IAMUser',
            principalId: `AIDA${r.string(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
            arn: `arn:aws:iam::${account}:user/federation`,
            accountId: account,
            userName: 'federation',
          },
        },
      };
    }
    case 'IdentityCenterUser':
      return {
        type,
        accountId: account,
        onBehalfOf: {
          userId: r.uuid(),
          identityStoreArn: `arn:aws:identitystore::${account}:identitystore/d-${r.string(10, '0123456789')}`,
        },
        credentialId: r.string(24, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      };
  }
}
