/**
 * The audit questions over a verified copy (the local engine, first question over a folder): each
 * question's rows equal the rows computed independently from the generated records.
 */
import { AUDIT_QUESTIONS, findQuestion } from '../../modules/audit-queries';
import { answerQuestion } from '../../tooling/logs/query';
import { expectedRows } from './expected-answers';
import { type QueryCorpus, queryCorpus, verifyOptionsOf } from './query-support';

let data: QueryCorpus;

beforeAll(async () => {
  data = await queryCorpus();
});

/**
 * Asked once per question and window: the copy does not change in this file, so several tests
 * check one answer (each a fresh verification and DuckDB pass: about 0.3 s of CPU).
 */
const answers = new Map<string, ReturnType<typeof answerQuestion>>();

function ask(name: string, window: { since?: string; until?: string; account?: string } = {}) {
  const key = JSON.stringify([name, window.since, window.until, window.account]);
  const answer = answers.get(key) ?? askNow(name, window);
  answers.set(key, answer);
  return answer;
}

function askNow(name: string, window: { since?: string; until?: string; account?: string }) {
  return answerQuestion({
    question: findQuestion(name)!,
    window: {
      ...(window.since ? { since: new Date(window.since) } : {}),
      ...(window.until ? { until: new Date(window.until) } : {}),
      ...(window.account ? { account: window.account } : {}),
    },
    root: data.summary.root,
    verify: verifyOptionsOf(data.summary),
  });
}

describe('local questions', () => {
  describe('rows', () => {
    it.each(AUDIT_QUESTIONS.map((q) => q.name))('%s gives the rows the records call for', async (name) => {
      const expected = expectedRows(name, data.seen);
      expect(expected.length).toBeGreaterThan(0);
      const answer = await ask(name);
      expect(answer.columns).toEqual(findQuestion(name)!.columns);
      expect(answer.rows).toEqual(expected);
      expect(answer.excludedFiles).toEqual([]);
    });

    it('codedeploy-changes takes a write without readOnly and leaves out reads without it', async () => {
      const answer = await ask('codedeploy-changes');
      const names = new Set(answer.rows.map((row) => row.eventName));
      expect(names.has('PutLifecycleEventHookExecutionStatus')).toBe(true);
      expect(names.has('GetDeploymentGroup')).toBe(false);
      expect(names.has('ListApplications')).toBe(false);
      expect(data.seen.some(({ record }) => record.eventName === 'GetDeploymentGroup' && record.readOnly === undefined)).toBe(true);
    });

    it('deploymentGroup falls back to currentDeploymentGroupName and deploymentId to the request', async () => {
      const rows = (await ask('codedeploy-changes')).rows;
      expect(rows.find((row) => row.eventName === 'UpdateDeploymentGroup')?.deploymentGroup).toEqual(expect.any(String));
      expect(rows.find((row) => row.eventName === 'StopDeployment')?.deploymentId).toMatch(/^d-/);
      expect(rows.find((row) => row.eventName === 'PutLifecycleEventHookExecutionStatus')?.deploymentId).toBe('d-HANDMADE1');
    });

    it('codedeploy-changes-without-mfa includes a console session without MFA and not one with it', async () => {
      const rows = (await ask('codedeploy-changes-without-mfa')).rows;
      expect(rows.filter((row) => String(row.principalArn).endsWith('assumed-role/admin/dave')).map((row) => row.eventName)).toEqual([
        'UpdateDeploymentGroup',
        'PutLifecycleEventHookExecutionStatus',
      ]);
    });
  });

  describe('window', () => {
    it('--since is inclusive, --until exclusive, --account keeps one account', async () => {
      const all = expectedRows('codedeploy-changes', data.seen);
      const since = String(all[3].eventTime);
      const until = String(all[all.length - 4].eventTime);
      const account = String(all[0].accountId);
      const window = { since, until, account };
      const expected = expectedRows('codedeploy-changes', data.seen, window);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      const answer = await ask('codedeploy-changes', window);
      expect(answer.rows).toEqual(expected);
      expect(String(answer.rows[0].eventTime) >= since).toBe(true);
      expect(answer.rows.every((row) => String(row.eventTime) < until && row.accountId === account)).toBe(true);
    });

    it('aggregates only the window (deployments-by-principal)', async () => {
      const window = { since: '2026-03-01T01:30:00Z', until: '2026-03-01T02:30:00Z' };
      const expected = expectedRows('deployments-by-principal', data.seen, window);
      expect(expected.length).toBeGreaterThan(0);
      expect((await ask('deployments-by-principal', window)).rows).toEqual(expected);
    });
  });

  describe('unverified files', () => {
    it('reads files no digest covers yet and lists them', async () => {
      const answer = await ask('codedeploy-changes');
      expect(answer.unverifiedFiles).toEqual(data.summary.unverified);
      expect(answer.rows.some((row) => row.sourceIp === '198.51.100.99')).toBe(true);
    });

    it('lists only the unverified files of the asked account', async () => {
      const account = '999999999999';
      const answer = await ask('codedeploy-changes', { account });
      expect(answer.unverifiedFiles.length).toBeGreaterThan(0);
      expect(answer.unverifiedFiles).toEqual(data.summary.unverified.filter((file) => file.includes(`/${account}/`)));
    });
  });
});
