/** `npm run logs -- questions [--format text|json]`: the audit questions query answers (modules/audit-queries). */
import { AUDIT_QUESTIONS } from '../../../modules/audit-queries/questions';
import { type LogsCommand, oneOf, parseFlags } from './io';

export const questionsCommand: LogsCommand = {
  summary: 'list the audit questions query answers',
  usage: "Usage: npm run logs -- questions [--format text|json]\n\n  json also gives each question's description, columns and Athena SQL.",
  async run(argv, io) {
    const { values } = parseFlags('questions', argv, { format: { type: 'string' } });
    const format = oneOf(values.format as string | undefined, '--format', ['text', 'json'] as const, 'text');
    if (format === 'json') {
      const list = AUDIT_QUESTIONS.map((q) => ({
        name: q.name,
        title: q.title,
        description: q.description,
        columns: q.columns,
        sql: q.sql('cloudtrail'),
      }));
      io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...AUDIT_QUESTIONS.map((q) => q.name.length));
    io.stdout(`${AUDIT_QUESTIONS.map((q) => `${q.name.padEnd(width)}  ${q.title}`).join('\n')}\n`);
    return 0;
  },
};
