import type { IConstruct } from 'constructs';
import { LogEncryptionKey } from '../log-encryption-key';
import type { PolicyDocumentJson } from '../policy-document';
import type { IEncryptionKey } from '../references';
import { type Decision, evaluate, type ServiceRequest } from './policy-evaluation';

/*
 * Coherence checks look up, anywhere in the app, the construct that renders the policy of a
 * resource they use, by its literal ARN: a trail in the management account's stack and the archive
 * in the log-archive account's stack are checked against each other when both are synthesized by
 * the same app. A resource no construct of the app owns (another repository's bucket, a key known
 * only by an ARN read from remote state) has no policy to read at synth, and its checks are skipped.
 */

/** Every construct of `type` in the app `scope` belongs to that `owns` the resource. */
export function ownersOf<T extends IConstruct>(
  scope: IConstruct,
  type: abstract new (...args: never[]) => T,
  owns: (candidate: T) => boolean,
): T[] {
  return scope.node.root.node.findAll().filter((c): c is T => c instanceof type && owns(c));
}

/**
 * The `LogEncryptionKey` behind a key reference: the construct itself, the key whose (token) ARN is
 * the same string, or the key with the same literal alias ARN. A key ARN read from another stack's
 * state is a different token: without an `aliasArn` such a reference cannot be resolved at synth.
 */
export function keyOwners(scope: IConstruct, key: IEncryptionKey): LogEncryptionKey[] {
  if (key instanceof LogEncryptionKey) return [key];
  return ownersOf(
    scope,
    LogEncryptionKey,
    (candidate) => candidate.keyArn === key.keyArn || (key.aliasArn !== undefined && candidate.aliasArn === key.aliasArn),
  );
}

/** Requests a service must be able to make on one resource, and how to describe them in a message. */
export interface RequiredAccess {
  /** The request, its action aside. */
  readonly request: Omit<ServiceRequest, 'action'>;
  /** The actions it must be allowed, each with the request above. */
  readonly actions: readonly string[];
  /** The resource as the message names it (`arn:aws:s3:::logs/AWSLogs/o-abc/*`). */
  readonly shownResource: string;
  /** The conditions that scope it, as the message names them (`aws:SourceArn <trail ARN>`). */
  readonly shownConditions: string;
}

/**
 * Why a policy refuses required actions, or undefined when it admits them all (or that cannot be
 * told at synth). Reads `does not allow cloudtrail.amazonaws.com kms:GenerateDataKey, kms:Decrypt on *
 * with <conditions>`, and `denies ... (statement <Sid>)` for an explicit Deny.
 */
export function refusal(policy: PolicyDocumentJson, access: RequiredAccess): string | undefined {
  const refused: string[] = [];
  const denied: string[] = [];
  for (const action of access.actions) {
    const decision: Decision = evaluate(policy, { ...access.request, action });
    if (decision.outcome === 'not-allowed') refused.push(action);
    if (decision.outcome === 'denied') denied.push(`${action} (statement ${decision.sid})`);
  }
  const on = `on ${access.shownResource} with ${access.shownConditions}`;
  const service = access.request.service;
  const parts = [
    ...(refused.length > 0 ? [`does not allow ${service} ${refused.join(', ')} ${on}`] : []),
    ...(denied.length > 0 ? [`denies ${service} ${denied.join(', ')} ${on}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}
