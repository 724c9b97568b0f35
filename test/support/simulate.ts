/**
 * Test-only helpers that evaluate the module's resource policies (S3 bucket, KMS key, and later SNS
 * topic and EventBridge bus policies) with @cloud-copilot/iam-simulate (AGPL-3.0: never import this
 * from modules/ or stacks/).
 *
 * Simulator quirks these helpers guard against (measured with iam-simulate 0.1.173):
 * - `runSimulation` silently drops context keys it does not associate with the action; it drops every
 *   `kms:EncryptionContext:*` key, so such requests are always denied. `simulate` reports dropped keys:
 *   it throws for any key except `kms:EncryptionContext:*`, and for those it evaluates with
 *   `runUnsafeSimulation` (policies wrapped by `createValidatedPolicy`, which also supplies the policy
 *   name that engine needs) after `runSimulation` has validated the action, resource and policies.
 * - A Terraform `${...}` token in a Resource matches like a wildcard: `literalPolicy` refuses policies
 *   holding one, so only the literal JSON that Terraform will send to AWS is simulated.
 * - Service control policies would be applied to service principals (AWS does not): none are passed.
 * - `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`
 *   and `aws:PrincipalOrgID` are not filled in: `simulate` sets the first four as AWS does (from an IAM
 *   principal ARN, a role session counting as its role; or from a service principal); pass
 *   `aws:PrincipalOrgID` yourself.
 * - A misspelled condition operator never matches (a Deny with one silently stops denying):
 *   `literalPolicy` refuses unknown operators. Unknown condition keys and actions inside policies are
 *   accepted: pair every "denied" expectation with an "allowed" one that differs in a single input.
 */
import {
  createValidatedPolicy,
  validateIdentityPolicy,
  validateResourceControlPolicy,
  validateResourcePolicy,
  validateServiceControlPolicy,
} from '@cloud-copilot/iam-policy';
import {
  type AnonymousRequestPrincipal,
  anonymousPrincipal,
  type EvaluationResult,
  runSimulation,
  runUnsafeSimulation,
  type Simulation,
} from '@cloud-copilot/iam-simulate';
import { type TerraformStack, Testing } from 'cdktf';

/** Outcome of a simulated request. */
export type Decision = EvaluationResult;

/** An IAM policy document as JSON (`Version` and `Statement`). */
export interface PolicyJson {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: unknown;
}

/** An unsigned request (no credentials). */
export const ANONYMOUS: AnonymousRequestPrincipal = anonymousPrincipal;

export type ContextValues = Readonly<Record<string, string | readonly string[]>>;

export interface SimulationInput {
  /** The resource policy (bucket, key, topic or bus policy) under test; none for a resource that has no policy (a trail). */
  readonly policy: PolicyJson | undefined;
  /** Service-prefixed action, e.g. `s3:PutObject`. */
  readonly action: string;
  /** Literal ARN of the resource the request targets (an object, a bucket, a key). */
  readonly resource: string;
  /** Account that owns the resource (S3 ARNs carry none). */
  readonly resourceAccount: string;
  /** An IAM ARN (`arn:aws:iam::<account>:role/x`), a service principal (`cloudtrail.amazonaws.com`) or `ANONYMOUS`. */
  readonly principal: string | AnonymousRequestPrincipal;
  /** Request context keys, e.g. `aws:SourceArn`, `aws:SecureTransport`, `aws:PrincipalOrgID`. */
  readonly context?: ContextValues;
  /**
   * The principal's identity policy. In AWS (and here) a principal of another account needs an
   * identity allow as well as a resource-policy allow; so does one of the owning account when a
   * KMS key policy trusts only the account root.
   */
  readonly identityPolicy?: PolicyJson;
  /**
   * Service control policies attached where the principal's account sits (one organization level;
   * the FullAWSAccess policy AWS attaches is added). Never applied to a service principal, as in AWS.
   */
  readonly serviceControlPolicies?: readonly PolicyJson[];
  /** Resource control policies over the resource's account (RCPFullAWSAccess is added by the simulator). */
  readonly resourceControlPolicies?: readonly PolicyJson[];
}

/** The resource control policy AWS attaches everywhere when RCPs are enabled. */
const RCP_FULL_AWS_ACCESS: PolicyJson = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};

/** The policy AWS attaches to every root, OU and account when SCPs are enabled. */
export const FULL_AWS_ACCESS: PolicyJson = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** Context keys that `runSimulation` drops although the policy may test them. */
const KEYS_DROPPED_BY_VALIDATED_ENGINE = /^kms:EncryptionContext:/i;

const IAM_PRINCIPAL = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/;
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com$/;

/** `aws:PrincipalArn` as AWS sets it: a role session counts as its role. */
function principalArn(arn: string): string {
  const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : arn;
}

/**
 * Evaluates one request against a resource policy (and optional identity policy) and returns the
 * decision. Throws when the input is invalid (unknown action, resource type not valid for the
 * action, malformed policy) or when a context key would be silently ignored.
 */
export async function simulate(input: SimulationInput): Promise<Decision> {
  const simulation = toSimulation(input);
  const validated = await runSimulation(simulation, {});
  if (validated.resultType === 'error') {
    throw new Error(`simulate ${requestLabel(input)}: invalid input: ${JSON.stringify(validated.errors)}`);
  }
  if (validated.resultType !== 'single') {
    throw new Error(`simulate ${requestLabel(input)}: the resource must be a literal ARN without wildcards`);
  }
  const ignored = validated.result.ignoredContextKeys ?? [];
  if (ignored.length === 0) return validated.overallResult;
  const unsupported = ignored.filter((key) => !KEYS_DROPPED_BY_VALIDATED_ENGINE.test(key));
  if (unsupported.length > 0) {
    throw new Error(`simulate ${requestLabel(input)}: context keys ${unsupported.join(', ')} do not apply to ${input.action}`);
  }
  return runUnsafeSimulation(
    {
      ...simulation,
      resourcePolicy: input.policy ? validatedPolicy(input.policy, 'resource', 'ResourcePolicy') : undefined,
      identityPolicies: simulation.identityPolicies.map(({ name, policy }) => ({
        name,
        policy: validatedPolicy(policy, 'identity', name),
      })),
      serviceControlPolicies: simulation.serviceControlPolicies.map((level) => ({
        ...level,
        policies: level.policies.map(({ name, policy }) => ({ name, policy: validatedPolicy(policy, 'service-control', name) })),
      })),
      // runSimulation adds AWS's RCPFullAWSAccess to every level; the unsafe engine does not.
      resourceControlPolicies: simulation.resourceControlPolicies.map((level) => ({
        ...level,
        policies: [
          // AWS's own RCPFullAWSAccess is the one Allow an RCP may hold; the RCP validator refuses it.
          { name: 'RCPFullAWSAccess', policy: createValidatedPolicy(RCP_FULL_AWS_ACCESS, () => [], { name: 'RCPFullAWSAccess' }) },
          ...level.policies.map(({ name, policy }) => ({ name, policy: validatedPolicy(policy, 'resource-control', name) })),
        ],
      })),
    },
    {},
  );
}

/** A policy document from statements, for identity policies and hand-written test policies. */
export function policyDocument(...statements: readonly Record<string, unknown>[]): PolicyJson {
  return { Version: '2012-10-17', Statement: statements };
}

/** An identity policy allowing `actions` on `resources` (default every resource). */
export function allowIdentity(actions: readonly string[], resources: readonly string[] = ['*']): PolicyJson {
  return policyDocument({ Effect: 'Allow', Action: [...actions], Resource: [...resources] });
}

/**
 * Parses a synthesized policy string and refuses one holding a Terraform token: the simulator
 * would treat `${...}` as a wildcard, so its answers would not describe the deployed policy.
 */
export function literalPolicy(text: string, label = 'policy'): PolicyJson {
  if (text.includes('${')) throw new Error(`${label} holds a Terraform expression; simulate only literal policies:\n${text}`);
  const parsed: unknown = JSON.parse(text);
  if (!isPolicyJson(parsed)) throw new Error(`${label} is not a policy document:\n${text}`);
  const unknown = unknownConditionOperators(parsed);
  if (unknown.length > 0)
    throw new Error(`${label} uses unknown condition operators ${unknown.join(', ')}; the simulator would never match them`);
  return parsed;
}

const OPERATORS = new Set(
  [
    ...['Equals', 'NotEquals', 'EqualsIgnoreCase', 'NotEqualsIgnoreCase', 'Like', 'NotLike'].map((o) => `String${o}`),
    ...['Equals', 'NotEquals', 'LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'].flatMap((o) => [
      `Numeric${o}`,
      `Date${o}`,
    ]),
    ...['Equals', 'NotEquals', 'Like', 'NotLike'].map((o) => `Arn${o}`),
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
  ].flatMap((o) => [o, `${o}IfExists`]),
).add('Null');

/** Condition operators (without `ForAllValues:` / `ForAnyValue:`) that IAM does not define. */
export function unknownConditionOperators(policy: PolicyJson): string[] {
  const statements: unknown[] = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return statements.flatMap((statement) => {
    const condition = typeof statement === 'object' && statement !== null ? (statement as { Condition?: unknown }).Condition : undefined;
    if (typeof condition !== 'object' || condition === null) return [];
    return Object.keys(condition).filter((operator) => !OPERATORS.has(operator.replace(/^(ForAllValues|ForAnyValue):/, '')));
  });
}

interface SynthesizedResource {
  readonly policy?: unknown;
  readonly content?: unknown;
  readonly '//'?: { readonly metadata?: { readonly path?: string } };
}
interface SynthesizedConfig {
  readonly resource?: Record<string, Record<string, SynthesizedResource>>;
}

/**
 * Every `policy` attribute of the stack's synthesized resources (`aws_s3_bucket_policy`,
 * `aws_kms_key`, `aws_sns_topic_policy`, ...), keyed by construct path as in the `"//"` metadata of
 * `cdk.tf.json` (e.g. `log-archive/Archive/Storage/Policy`). Policies come from `Testing.synth`,
 * which strips the metadata, so the paths are read from the same stack's `toTerraform()`.
 */
export function synthesizedPolicies(stack: TerraformStack): Map<string, string> {
  const synthesized = JSON.parse(Testing.synth(stack)) as SynthesizedConfig;
  const withMetadata = stack.toTerraform() as SynthesizedConfig;
  const policies = new Map<string, string>();
  for (const [type, resources] of Object.entries(synthesized.resource ?? {})) {
    for (const [logicalId, resource] of Object.entries(resources)) {
      // Resource policies (`policy`) and organization policies (`content` of aws_organizations_policy).
      const text =
        typeof resource.policy === 'string' ? resource.policy : type === 'aws_organizations_policy' ? resource.content : undefined;
      if (typeof text !== 'string') continue;
      const path = withMetadata.resource?.[type]?.[logicalId]?.['//']?.metadata?.path;
      if (!path) throw new Error(`${type}.${logicalId} has no metadata path`);
      policies.set(path, text);
    }
  }
  return policies;
}

/** The literal policy of the resource at `path` (see `synthesizedPolicies`). */
export function policyAt(policies: ReadonlyMap<string, string>, path: string): PolicyJson {
  const text = policies.get(path);
  if (text === undefined) throw new Error(`no policy at ${path}; found: ${[...policies.keys()].join(', ')}`);
  return literalPolicy(text, path);
}

function toSimulation(input: SimulationInput): Simulation {
  const context: Record<string, string | string[]> = {};
  // Keys AWS puts in every signed request's context and the simulator does not derive itself.
  if (typeof input.principal === 'string') {
    const account = IAM_PRINCIPAL.exec(input.principal)?.[1];
    if (account) {
      context['aws:PrincipalAccount'] = account;
      context['aws:PrincipalArn'] = principalArn(input.principal);
      context['aws:PrincipalIsAWSService'] = 'false';
    } else if (SERVICE_PRINCIPAL.test(input.principal)) {
      context['aws:PrincipalServiceName'] = input.principal;
      context['aws:PrincipalIsAWSService'] = 'true';
    }
  }
  for (const [key, value] of Object.entries(input.context ?? {})) context[key] = typeof value === 'string' ? value : [...value];
  return {
    request: {
      principal: input.principal,
      action: input.action,
      resource: { resource: input.resource, accountId: input.resourceAccount },
      contextVariables: context,
    },
    identityPolicies: input.identityPolicy ? [{ name: 'IdentityPolicy', policy: input.identityPolicy }] : [],
    serviceControlPolicies:
      input.serviceControlPolicies && typeof input.principal === 'string' && !SERVICE_PRINCIPAL.test(input.principal)
        ? [
            {
              orgIdentifier: 'root',
              policies: [FULL_AWS_ACCESS, ...input.serviceControlPolicies].map((policy, i) => ({ name: `scp${i}`, policy })),
            },
          ]
        : [],
    resourceControlPolicies: input.resourceControlPolicies
      ? [{ orgIdentifier: 'root', policies: input.resourceControlPolicies.map((policy, i) => ({ name: `rcp${i}`, policy })) }]
      : [],
    resourcePolicy: input.policy,
  };
}

const VALIDATORS = {
  resource: validateResourcePolicy,
  identity: validateIdentityPolicy,
  'service-control': validateServiceControlPolicy,
  'resource-control': validateResourceControlPolicy,
} as const;

function validatedPolicy(policy: unknown, kind: keyof typeof VALIDATORS, name: string) {
  const validated = createValidatedPolicy(policy, VALIDATORS[kind], { name });
  if (validated.errors.length > 0) throw new Error(`${kind} policy ${name} is invalid: ${JSON.stringify(validated.errors)}`);
  return validated;
}

function isPolicyJson(value: unknown): value is PolicyJson {
  return typeof value === 'object' && value !== null && 'Statement' in value;
}

function requestLabel(input: SimulationInput): string {
  const principal = typeof input.principal === 'string' ? input.principal : 'anonymous';
  return `${principal} ${input.action} ${input.resource}`;
}
