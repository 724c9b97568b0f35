import type { IConstruct } from 'constructs';

/**
 * The one way this module builds resource policies: typed statements with a Sid,
 * rendered to the literal JSON AWS evaluates. Every construct that owns a policy
 * keeps a PolicyDocument and its grant methods add statements to it.
 */

/** A principal block as IAM writes it. `'*'` is the anonymous/any principal. */
export type Principal = '*' | { readonly Service: string | readonly string[] } | { readonly AWS: string | readonly string[] };

/** `{ operator: { key: value | values } }`, e.g. `{ StringEquals: { 'aws:SourceArn': arn } }`. */
export type Conditions = Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;

export interface PolicyStatementProps {
  /** States the statement's intent: `DenyInsecureTransport`, `AllowCloudTrailWrite`. */
  readonly sid: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  /** @default - none: an identity policy statement (IAM role policies carry no principal) */
  readonly principal?: Principal;
  readonly actions: readonly string[];
  /** @default - none: only a trust policy statement omits the Resource element */
  readonly resources?: readonly string[];
  /** @default - no conditions */
  readonly conditions?: Conditions;
}

export interface PolicyStatementJson {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocumentJson {
  Version: '2012-10-17';
  Statement: PolicyStatementJson[];
}

export interface PolicyLimitOptions {
  /** What the construct's user can do about it, appended as `Fix: ...`. @default - no fix named */
  readonly fix?: string;
  /** The service's statement quota (SQS 20, SNS 100). @default - statements are not counted */
  readonly maxStatements?: number;
}

/**
 * Fails synth when a rendered policy outgrows its AWS size limit (or statement quota), instead of
 * failing at apply. `kind` names the policy for the message ("an S3 bucket policy").
 */
export function addPolicySizeValidation(
  scope: IConstruct,
  kind: string,
  limit: number,
  render: () => PolicyDocument,
  options: PolicyLimitOptions = {},
): void {
  const fix = options.fix ? `. Fix: ${options.fix}` : '';
  scope.node.addValidation({
    validate: () => {
      const doc = render();
      const problems: string[] = [];
      if (doc.sizeBytes > limit)
        problems.push(`${scope.node.path}: policy is ${doc.sizeBytes} bytes; ${kind} holds at most ${limit} bytes${fix}`);
      const max = options.maxStatements;
      if (max !== undefined && doc.statementCount > max) {
        problems.push(`${scope.node.path}: policy has ${doc.statementCount} statements; ${kind} holds at most ${max}${fix}`);
      }
      return problems;
    },
  });
}

const SID_PATTERN = /^[A-Za-z0-9]+$/;

/** One IAM statement. Immutable; single-element lists render as scalars, as AWS shows them. */
export class PolicyStatement {
  public readonly sid: string;
  public readonly effect: 'Allow' | 'Deny';
  private readonly props: PolicyStatementProps;

  constructor(props: PolicyStatementProps) {
    if (!SID_PATTERN.test(props.sid)) {
      throw new Error(`PolicyStatement: Sid "${props.sid}" must be alphanumeric (KMS and S3 accept [A-Za-z0-9] Sids)`);
    }
    if (props.actions.length === 0 || (props.resources !== undefined && props.resources.length === 0)) {
      throw new Error(`PolicyStatement ${props.sid}: needs at least one action, and at least one resource when resources are given`);
    }
    this.sid = props.sid;
    this.effect = props.effect ?? 'Allow';
    this.props = props;
  }

  public toJSON(): PolicyStatementJson {
    const json: PolicyStatementJson = { Sid: this.sid, Effect: this.effect };
    if (this.props.principal !== undefined) json.Principal = renderPrincipal(this.props.principal);
    json.Action = scalarOrList(this.props.actions);
    if (this.props.resources !== undefined) json.Resource = scalarOrList(this.props.resources);
    if (this.props.conditions && Object.keys(this.props.conditions).length > 0) {
      const condition: Record<string, Record<string, unknown>> = {};
      for (const [operator, entries] of Object.entries(this.props.conditions)) {
        condition[operator] = {};
        for (const [key, value] of Object.entries(entries)) {
          condition[operator][key] = Array.isArray(value) ? scalarOrList(value as readonly string[]) : value;
        }
      }
      json.Condition = condition;
    }
    return json;
  }
}

/** An ordered set of statements with unique Sids. */
export class PolicyDocument {
  private readonly statements: PolicyStatement[] = [];

  constructor(statements: readonly PolicyStatement[] = []) {
    for (const statement of statements) this.addStatements(statement);
  }

  public addStatements(...statements: PolicyStatement[]): void {
    for (const statement of statements) {
      if (this.statements.some((s) => s.sid === statement.sid)) {
        throw new Error(`PolicyDocument: duplicate Sid "${statement.sid}"`);
      }
      this.statements.push(statement);
    }
  }

  public get statementCount(): number {
    return this.statements.length;
  }

  public get sids(): string[] {
    return this.statements.map((s) => s.sid);
  }

  public toJSON(): PolicyDocumentJson {
    return { Version: '2012-10-17', Statement: this.statements.map((s) => s.toJSON()) };
  }

  /** Minified JSON, the form AWS measures against its policy size limits. */
  public render(): string {
    return JSON.stringify(this.toJSON());
  }

  /** Size in bytes as AWS counts it (minified UTF-8). */
  public get sizeBytes(): number {
    return Buffer.byteLength(this.render(), 'utf8');
  }
}

function renderPrincipal(principal: Principal): unknown {
  if (principal === '*') return '*';
  if ('Service' in principal) return { Service: scalarOrList(toList(principal.Service)) };
  return { AWS: scalarOrList(toList(principal.AWS)) };
}

function toList(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function scalarOrList(values: readonly string[]): string | string[] {
  const unique = [...new Set(values)];
  return unique.length === 1 ? unique[0] : unique;
}
