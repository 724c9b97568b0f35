/**
 * Policy statements in plain words: who (principals, with the conditions that only narrow who,
 * such as `aws:SourceArn` for a service or `aws:PrincipalArn` exceptions on a Deny), may do what,
 * on which resources, under which remaining conditions. Nothing is dropped: every condition is
 * either folded into "who" with its values or listed under "when".
 */

import type { PolicyCondition, PolicyPrincipal, Statement } from '../../../modules/policy';
import { plain } from '../format';
import type { ResourcePolicy } from './resource-policy';

/** A statement as the four cells of a review table row. */
interface StatementText {
  readonly who: string;
  readonly may: string;
  readonly on: string;
  readonly when: string;
}

/** Plain names of service principals (region-specific ones such as `logs.<region>.amazonaws.com` too). */
const SERVICES: Record<string, string> = {
  cloudtrail: 'CloudTrail',
  logs: 'CloudWatch Logs',
  'logging.s3': 'S3 server access logging',
  s3: 'S3',
  sns: 'SNS',
  sqs: 'SQS',
  events: 'EventBridge',
  lambda: 'Lambda',
  cloudwatch: 'CloudWatch',
  'delivery.logs': 'AWS log delivery',
  config: 'AWS Config',
  kinesis: 'Kinesis',
  firehose: 'Firehose',
  cloudformation: 'CloudFormation',
  'member.org.stacksets.cloudformation': 'CloudFormation StackSets',
  'stacksets.cloudformation': 'CloudFormation StackSets',
  codedeploy: 'CodeDeploy',
  ec2: 'EC2',
  ssm: 'Systems Manager',
  oam: 'CloudWatch cross-account observability',
};

/** "CloudTrail" for `cloudtrail.amazonaws.com`; the principal itself when unknown. */
function serviceName(principal: string): string {
  const m = /^([a-z0-9.-]+?)(\.[a-z]{2}(-[a-z]+)+-\d)?\.amazonaws\.com$/.exec(principal);
  return (m && SERVICES[m[1]]) ?? `service ${principal}`;
}

/** One principal in words: "account 123456789012", "role Deploy (account 1234...)", "CloudTrail", "everyone". */
function principalText(p: PolicyPrincipal, effect: 'Allow' | 'Deny'): string {
  if (p.type === '*' || (p.type === 'AWS' && p.id === '*')) return effect === 'Deny' ? 'everyone' : 'anyone (public)';
  if (p.type === 'Service') return serviceName(p.id);
  if (p.type === 'AWS') return awsPrincipalText(p.id);
  return `${p.type === 'Federated' ? 'federated' : 'canonical user'} ${p.id}`;
}

/** An IAM principal ARN or account id in words; wildcard accounts read "in any account". */
function awsPrincipalText(id: string): string {
  if (/^\d{12}$/.test(id)) return `account ${id}`;
  const m = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):(root|role|user|assumed-role|federated-user)(\/.*)?$/.exec(id);
  if (!m) return `\`${id}\``;
  const [, , account, kind, rest = ''] = m;
  const where = account === '*' ? 'in any account' : `(account ${account})`;
  if (kind === 'root') return account === '*' ? 'any account' : `account ${account}`;
  const name = rest.split('/').filter(Boolean).pop() ?? rest;
  return `${kind === 'assumed-role' ? 'session of role' : kind} ${name} ${where}`;
}

/** The four cells of a statement of `policy` (`display` renders values with their tokens resolved). */
export function statementText(policy: ResourcePolicy, s: Statement, display: (v: string) => string): StatementText {
  const remaining = [...s.conditions];
  const take = (keys: string[], operators: RegExp): PolicyCondition[] => {
    const found = remaining.filter((c) => keys.includes(c.key.toLowerCase()) && operators.test(c.operator));
    for (const c of found) remaining.splice(remaining.indexOf(c), 1);
    return found;
  };
  const values = (cs: PolicyCondition[]) => cs.flatMap((c) => c.values).map((v) => `\`${display(v)}\``);
  const words: string[] = [];
  const deny = s.effect === 'Deny';
  for (const c of take(['aws:sourcearn'], /^(String|Arn)(Equals|Like)$/))
    words.push(`only for ${sourceNoun(c.values.map(display))} ${values([c]).join(', ')}`);
  for (const c of take(['aws:sourceaccount'], /^StringEquals$/)) words.push(`only on behalf of account ${values([c]).join(', ')}`);
  for (const c of take(['aws:sourceorgid'], /^StringEquals$/)) words.push(`only on behalf of organization ${values([c]).join(', ')}`);
  for (const c of take(['aws:principalorgid'], deny ? /^StringNotEquals(IfExists)?$/ : /^StringEquals$/))
    words.push(`${deny ? 'outside' : 'only principals in'} organization ${values([c]).join(', ')}`);
  for (const c of take(['aws:principalaccount'], deny ? /^StringNotEquals(IfExists)?$/ : /^StringEquals$/))
    words.push(`${deny ? 'outside' : 'only principals of'} account ${values([c]).join(', ')}`);
  for (const c of take(['aws:principalarn'], deny ? /^(Arn|String)Not(Equals|Like)(IfExists)?$/ : /^(Arn|String)(Equals|Like)$/))
    words.push(`${deny ? 'except' : 'only'} ${c.values.map((v) => awsPrincipalText(display(v))).join(', ')}`);
  for (const c of take(['aws:principalservicename'], deny ? /^StringNotEquals(IfExists)?$/ : /^StringEquals$/))
    words.push(`${deny ? 'except' : 'only'} ${c.values.map(serviceName).join(', ')}`);
  for (const c of take(['aws:principalisawsservice'], /^Bool(IfExists)?$/))
    words.push(c.values.join() === 'true' ? 'AWS service principals only' : 'not AWS service principals');

  const base = whoBase(policy, s, words.length + remaining.length > 0);
  const who = words.reduce(
    (text, w, i) => `${text}${i === 0 && /^every/.test(base) && /^(except|outside)/.test(w) ? ' ' : ', '}${w}`,
    base,
  );
  return {
    who,
    may: actionsText(s),
    on: resourcesText(policy, s, display),
    when: remaining.map((c) => conditionText(c, display)).join('; ') || '—',
  };
}

function whoBase(policy: ResourcePolicy, s: Statement, narrowed: boolean): string {
  if (s.notPrincipals.length > 0) return `everyone except ${s.notPrincipals.map((p) => principalText(p, 'Allow')).join(', ')}`;
  if (s.principals.length > 0)
    return s.principals
      .map((p) => principalText(p, s.effect))
      .join(', ')
      .replace(/^anyone \(public\)$/, narrowed ? 'anyone' : 'anyone (public)');
  if (policy.kind === 'scp') return `every principal in ${policy.appliesTo.join(', ') || '(not attached)'} (member accounts)`;
  return policy.appliesTo.join(', ') || policy.target;
}

function sourceNoun(arns: readonly string[]): string {
  const service = /^arn:aws[a-z-]*:([a-z0-9-]+):/.exec(arns[0] ?? '')?.[1];
  const nouns: Record<string, string> = {
    cloudtrail: 'trail',
    sns: 'topic',
    s3: 'bucket',
    events: 'rule',
    logs: 'log group',
    lambda: 'function',
    sqs: 'queue',
  };
  const noun = (service && nouns[service]) ?? 'source';
  return arns.length > 1 ? `${noun}s` : noun;
}

/** Actions grouped by service: "s3: GetObject, GetObjectVersion; kms: Decrypt". */
function actionsText(s: Statement): string {
  const group = (actions: readonly string[]) => {
    const by = new Map<string, string[]>();
    for (const a of actions) {
      const [service, name] = a.includes(':') ? [a.slice(0, a.indexOf(':')), a.slice(a.indexOf(':') + 1)] : ['', a];
      by.set(service, [...(by.get(service) ?? []), name]);
    }
    return [...by].map(([service, names]) => plain(service ? `${service}: ${names.join(', ')}` : names.join(', '))).join('; ');
  };
  if (s.notActions.length > 0) return `every action except ${group(s.notActions)}`;
  return group(s.actions) || '—';
}

function resourcesText(policy: ResourcePolicy, s: Statement, display: (v: string) => string): string {
  const one = (r: string) => {
    if (r === '*' && (policy.kind === 'key' || policy.kind === 'grant')) return 'this key';
    if (r === '*' && policy.kind === 'trust') return 'this role';
    return `\`${display(r)}\``;
  };
  if (s.notResources.length > 0) return `everything except ${s.notResources.map(one).join(', ')}`;
  if (s.resources.length === 0) return policy.kind === 'trust' ? 'this role' : policy.kind === 'lambda' ? policy.target : '—';
  return s.resources.map(one).join(', ');
}

const OPERATORS: [RegExp, string][] = [
  [/^StringEquals(IgnoreCase)?$|^ArnEquals$|^NumericEquals$|^BinaryEquals$|^Bool$|^DateEquals$/, '='],
  [/^StringNotEquals(IgnoreCase)?$|^ArnNotEquals$|^NumericNotEquals$|^DateNotEquals$/, '≠'],
  [/^StringLike$|^ArnLike$/, 'like'],
  [/^StringNotLike$|^ArnNotLike$/, 'not like'],
  [/^NumericLessThan$/, '<'],
  [/^NumericLessThanEquals$/, '≤'],
  [/^NumericGreaterThan$/, '>'],
  [/^NumericGreaterThanEquals$/, '≥'],
  [/^DateLessThan(Equals)?$/, 'before'],
  [/^DateGreaterThan(Equals)?$/, 'after'],
  [/^IpAddress$/, 'from'],
  [/^NotIpAddress$/, 'not from'],
];

/** A condition in words, e.g. "without TLS (`aws:SecureTransport` = `false`)". */
export function conditionText(c: PolicyCondition, display: (v: string) => string): string {
  const ifExists = c.operator.endsWith('IfExists');
  const set = /^(ForAnyValue|ForAllValues):/.exec(c.operator)?.[1];
  const op = c.operator.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
  const key = c.key.toLowerCase();
  const vals = c.values.map((v) => `\`${display(v)}\``).join(' or ');
  const raw = (symbol: string) =>
    `\`${c.key}\` ${set === 'ForAnyValue' ? 'any value ' : set === 'ForAllValues' ? 'every value ' : ''}${symbol} ${vals}${ifExists ? ' (if present)' : ''}`;
  if (key === 'aws:securetransport' && op === 'Bool')
    return c.values.join() === 'false' ? `without TLS (${raw('=')})` : `over TLS only (${raw('=')})`;
  if (key === 's3:tlsversion' && op === 'NumericLessThan') return `with TLS older than ${c.values.join()} (${raw('<')})`;
  if (op === 'Null') return `\`${c.key}\` ${c.values.join() === 'true' ? 'is absent' : 'is present'}`;
  const symbol = OPERATORS.find(([re]) => re.test(op))?.[1] ?? op;
  return raw(symbol);
}
