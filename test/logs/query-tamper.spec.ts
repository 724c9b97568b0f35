/**
 * No tampered record reaches a row: a changed record, records appended as a second gzip member, a
 * file no digest lists, and the files of a digest with a forged signature are excluded (and named),
 * while every other file still answers. So are files no digest covers yet that are no CloudTrail log
 * file (cut short, a second gzip member, not UTF-8): `unreadable`, instead of failing the question.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { findQuestion } from '../../modules/audit-queries';
import { type CloudTrailRecord, tamper } from '../../tooling/logs/corpus';
import { answerQuestion, runSql } from '../../tooling/logs/query';
import { expectedRows } from './expected-answers';
import { type QueryCorpus, queryCorpus, readableRecords, verifyOptionsOf } from './query-support';
import { copyOf, listedBy } from './support';

const MARK = '6.6.6.6';

let data: QueryCorpus;
let excluded: { file: string; kind: string }[];
let unreadable: string[];

beforeAll(async () => {
  const original = await queryCorpus();
  const summary = copyOf(original.summary);
  data = { ...original, summary };
  const root = summary.root;
  const verified = summary.logFiles.filter((file) => !summary.unverified.includes(file));
  const codeDeployFile = (skip: number) =>
    verified.filter((file) => original.seen.some((s) => s.file === file && s.record.eventSource === 'codedeploy.amazonaws.com'))[skip];

  const changed = codeDeployFile(0);
  tamper.changeRecord(root, changed, (records) => {
    for (const record of records) record.sourceIPAddress = MARK;
  });
  const appended = codeDeployFile(1);
  const marked = recordsOf(root, appended).map((record) => ({ ...record, sourceIPAddress: MARK, eventID: `${record.eventID}-again` }));
  tamper.appendGzipMember(root, appended, marked);
  const added = tamper.addUnlistedFile(
    root,
    codeDeployFile(2),
    recordsOf(root, codeDeployFile(2)).map((record) => ({ ...record, sourceIPAddress: MARK })),
  );
  // The last digest of its chain: a forged one in the middle also breaks its successor's link (digest-chain-broken).
  const forged = summary.chains[1][summary.chains[1].length - 1];
  tamper.forgeDigestSignature(root, forged);
  // Not yet covered by a digest, so read as they are: each one no CloudTrail log file any more.
  const pending = summary.unverified.filter((file) => file !== original.handMade);
  const [cut, twoMembers, notUtf8] = pending;
  const cutBytes = fs.readFileSync(`${root}/${cut}`);
  fs.writeFileSync(`${root}/${cut}`, cutBytes.subarray(0, cutBytes.length >> 1));
  tamper.appendGzipMember(root, twoMembers, recordsOf(root, twoMembers));
  fs.writeFileSync(
    `${root}/${notUtf8}`,
    zlib.gzipSync(Buffer.concat([Buffer.from('{"Records":[{"eventName":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')])),
  );
  unreadable = [cut, twoMembers, notUtf8];
  excluded = [
    ...unreadable.map((file) => ({ file, kind: 'unreadable' })),
    { file: changed, kind: 'modified' },
    { file: appended, kind: 'modified' },
    { file: added, kind: 'not-in-any-digest' },
    ...listedBy(summary, forged).map((file) => ({ file, kind: 'digest-signature-invalid' })),
  ].sort((a, b) => (a.file < b.file ? -1 : 1));
});

function recordsOf(root: string, key: string): CloudTrailRecord[] {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(`${root}/${key}`)).toString('utf8')).Records;
}

describe('tampered files', () => {
  it('are excluded, each named with the verifier’s reason', async () => {
    const answer = await answerQuestion({
      question: findQuestion('codedeploy-changes')!,
      window: {},
      root: data.summary.root,
      verify: verifyOptionsOf(data.summary),
    });
    expect(excluded.length).toBeGreaterThan(4);
    expect(answer.excludedFiles).toEqual(excluded);
    expect(answer.rows).toEqual(
      expectedRows(
        'codedeploy-changes',
        readableRecords(
          data.seen,
          excluded.map((e) => e.file),
        ),
      ),
    );
    expect(answer.rows.some((row) => row.sourceIp === MARK)).toBe(false);
    expect(unreadable).toHaveLength(3);
    expect(answer.unverifiedFiles.length).toBeGreaterThan(0);
    expect(answer.unverifiedFiles.filter((file) => unreadable.includes(file))).toEqual([]);
  });

  it('never contribute a record to ad-hoc SQL either', async () => {
    const answer = await runSql({
      sql: `SELECT count(*) AS records, count(*) FILTER (WHERE sourceipaddress = '${MARK}') AS marked FROM cloudtrail`,
      root: data.summary.root,
      verify: verifyOptionsOf(data.summary),
    });
    const expected = readableRecords(
      data.seen,
      excluded.map((e) => e.file),
    ).length;
    expect(answer.rows).toEqual([{ records: expected, marked: 0 }]);
    expect(answer.excludedFiles).toEqual(excluded);
  });
});
