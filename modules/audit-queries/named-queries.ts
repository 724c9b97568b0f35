import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { problem } from '../rules/problem';
import { addPropValidation, checkProp, type PropCheck } from '../rules/prop-validation';
import { athenaNamedQueryNameProblems } from '../rules/service-names';
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
  if (tableNames.length === 0)
    throw new Error(
      'auditQuerySource: tableNames: empty; the questions read at least one table. Fix: pass the CloudTrail table names (CloudTrailTable.tableName)',
    );
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

/** Athena's description limit: 1-1024 characters (athena/latest/APIReference/API_CreateNamedQuery.html). */
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
    addPropValidation(this, () => questionNameChecks(props.questions));
    for (const question of props.questions) {
      // A second question of the same name is reported at synth (questionNameChecks), not built.
      if (this.queries.has(question.name)) continue;
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

/** Each question's name is a valid saved query name (the Athena rule) and the first of its name. */
function questionNameChecks(questions: readonly AuditQuestion[]): PropCheck[] {
  return questions.flatMap((question, i) => {
    const first = questions.findIndex((q) => q.name === question.name);
    return checkProp(`questions[${i}].name`, question.name, (name) => [
      ...athenaNamedQueryNameProblems(name),
      ...(first < i
        ? [problem(name, `is the name of questions[${first}] too; each question is saved under its own name`, 'rename one of them')]
        : []),
    ]);
  });
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
