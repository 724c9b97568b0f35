/**
 * The one reader of a stack's aws provider blocks: the account (pinned with `allowed_account_ids`, or
 * the account of the role Terraform assumes), the region and the role. The review shows them, the
 * rule pack compares accounts, and resources get their ARNs from them.
 */
import type { StackJson } from '../terraform/plan-json';
import { block, blocks, text, texts } from './values';

/** An aws provider block of a stack. */
export interface ProviderInfo {
  /** `aws.<alias>`, or `aws` for the default provider. */
  readonly key: string;
  /** The region as written (a token when computed). */
  readonly region?: string;
  /** `allowed_account_ids`, else the account of the assumed role. */
  readonly accountIds: readonly string[];
  /** The one account resources of this provider live in, when `accountIds` names exactly one. */
  readonly account?: string;
  /** The role Terraform assumes (`assume_role.role_arn`), if any. */
  readonly roleArn?: string;
  /** Whether `accountIds` are pinned (`allowed_account_ids`) or only read from the role ARN. */
  readonly pinned: boolean;
}

/** A provider block that names nothing (a stack without one, or an alias it does not declare). */
const UNKNOWN: ProviderInfo = { key: 'aws', accountIds: [], pinned: false };

/** The aws provider blocks of a stack. */
export function providerInfos(json: StackJson): ProviderInfo[] {
  return blocks(json.provider?.aws).map((p) => {
    const roleArn = text(block(p.assume_role).role_arn);
    const roleAccount = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(roleArn ?? '')?.[1];
    const allowed = texts(p.allowed_account_ids);
    const alias = text(p.alias);
    const accountIds = allowed.length > 0 ? allowed : roleAccount ? [roleAccount] : [];
    return {
      key: alias ? `aws.${alias}` : 'aws',
      ...(text(p.region) ? { region: text(p.region) } : {}),
      accountIds,
      ...(accountIds.length === 1 ? { account: accountIds[0] } : {}),
      ...(roleArn ? { roleArn } : {}),
      pinned: allowed.length > 0,
    };
  });
}

/**
 * The provider a resource uses: its `provider` argument (`aws.<alias>`), else the default provider,
 * else the stack's first one.
 */
export function providerOf(providers: readonly ProviderInfo[], config: Readonly<Record<string, unknown>>): ProviderInfo {
  const key = text(config.provider) ?? 'aws';
  return providers.find((p) => p.key === key) ?? providers.find((p) => p.key === 'aws') ?? providers[0] ?? UNKNOWN;
}

/** A region that is literal text (not a token), for ARNs. */
export function literalRegion(provider: ProviderInfo): string | undefined {
  return provider.region && !provider.region.includes('${') ? provider.region : undefined;
}
