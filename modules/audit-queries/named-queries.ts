import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The audit questions as Athena saved queries in the audit workgroup, one per question, each the
 * question's own SQL (defined once, shared with the local engine) over both CloudTrail tables: the
 * organization trail's and the account trails'.
 */

/** What a saved query needs of a question (the questions are defined once, in `questions.ts`). */
export interface NamedQuestion {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The question's Athena (Trino) SQL reading from `table`: a table name or a parenthesized subquery. */
  readonly sql: (table: string) => string;
}

/** Defaults of the saved queries (the config schema reuses them). */
export const NAMED_QUERY_DEFAULTS = {
  /** Saved queries read the last 30 days: edit the date bound in the console for other windows. */
  lookbackDays: 30,
} as const;

/**
 * What the saved queries read: every table's rows of the last `lookbackDays` days (UTC), one
 * `UNION ALL` over the tables (same columns, same order). The bound is on the projected `date`
 * partition, a string `yyyy/MM/dd` that sorts as a date, so Athena reads only those days' folders;
 * `current_date` is fixed for the whole query. `date` is a reserved word in Trino: quoted.
 */
export function auditQuerySource(databaseName: string, tableNames: readonly string[], lookbackDays: number): string {
  if (tableNames.length === 0) throw new Error('auditQuerySource: no tables');
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1)
    throw new Error(`auditQuerySource: lookbackDays ${lookbackDays} must be a whole number of at least 1`);
  const since = `date_format(current_date - INTERVAL '${lookbackDays}' DAY, '%Y/%m/%d')`;
  const selects = tableNames.map((t) => `SELECT * FROM "${databaseName}"."${t}" WHERE "date" >= ${since}`);
  return `(${selects.join(' UNION ALL ')})`;
}

export interface AuditNamedQueriesProps {
  readonly questions: readonly NamedQuestion[];
  readonly databaseName: string;
  readonly workgroupName: string;
  /** The tables every question reads, unioned. */
  readonly tableNames: readonly string[];
  /** @default 30 */
  readonly lookbackDays?: number;
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
    this.source = auditQuerySource(props.databaseName, props.tableNames, props.lookbackDays ?? NAMED_QUERY_DEFAULTS.lookbackDays);
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
