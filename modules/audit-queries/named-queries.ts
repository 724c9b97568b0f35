import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { AuditQuestion } from './questions';

/**
 * The audit questions as Athena saved queries in the audit workgroup, one per question, each the
 * question's own SQL (defined once, shared with the local engine) over both CloudTrail tables: the
 * organization trail's and the account trails'.
 */

/**
 * What every question reads: the tables' rows, one `UNION ALL` over them (same columns, same order).
 * The questions bound the window themselves (`"date" BETWEEN ? AND ?`, execution parameters); Trino
 * pushes that predicate into each branch, so projection reads only those days' folders in each table.
 */
export function auditQuerySource(databaseName: string, tableNames: readonly string[]): string {
  if (tableNames.length === 0) throw new Error('auditQuerySource: no tables');
  return `(${tableNames.map((t) => `SELECT * FROM "${databaseName}"."${t}"`).join(' UNION ALL ')})`;
}

export interface AuditNamedQueriesProps {
  readonly questions: readonly AuditQuestion[];
  readonly databaseName: string;
  readonly workgroupName: string;
  /** The tables every question reads, unioned. */
  readonly tableNames: readonly string[];
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** Created after these (the workgroup and the database). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Athena limits: name 1-128 characters, description 1-1024 (Athena API, CreateNamedQuery). */
const NAME_MAX = 128;
const DESCRIPTION_MAX = 1024;

export class AuditNamedQueries extends Construct {
  /** The saved queries by question name. */
  public readonly queries = new Map<string, AthenaNamedQuery>();
  /** The SQL each saved query holds, by question name. */
  public readonly sql = new Map<string, string>();
  /** The subquery every question reads from. */
  public readonly source: string;

  constructor(scope: Construct, id: string, props: AuditNamedQueriesProps) {
    super(scope, id);
    this.source = auditQuerySource(props.databaseName, props.tableNames);
    const seen = new Set<string>();
    for (const question of props.questions) {
      if (seen.has(question.name)) throw new Error(`${this.node.path}: two questions are named ${question.name}`);
      seen.add(question.name);
      if (question.name.length > NAME_MAX)
        throw new Error(`${this.node.path}: question name ${question.name} is longer than ${NAME_MAX} characters`);
      const sql = question.sql(this.source);
      this.sql.set(question.name, sql);
      // Construct ids come from the question's name, never its position: reordering replaces nothing.
      this.queries.set(
        question.name,
        new AthenaNamedQuery(this, `Query-${question.name}`, {
          provider: props.provider,
          name: question.name,
          description: truncate(`${question.title}: ${question.description}`, DESCRIPTION_MAX),
          database: props.databaseName,
          workgroup: props.workgroupName,
          query: sql,
          dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
        }),
      );
    }
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
