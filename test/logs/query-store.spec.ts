/**
 * The --db store: a second run imports nothing new, a later run adds the new files only, and a file
 * that stops verifying after its import (changed on disk, or its digest forged) loses its rows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findQuestion } from '../../modules/audit-queries';
import { tamper } from '../../tooling/logs/corpus';
import { answerQuestion, refreshStore, runSql } from '../../tooling/logs/query';
import { expectedRows } from './expected-answers';
import { type QueryCorpus, queryCorpus, readableRecords, verifyOptionsOf } from './query-support';
import { copyOf, corpus, listedBy, scratch } from './support';

let data: QueryCorpus;
let database: string;
let held: string;
const put = new Map<string, Buffer>();

beforeAll(async () => {
  const original = await queryCorpus();
  data = { ...original, summary: copyOf(original.summary) };
  database = path.join(scratch('store'), 'audit.duckdb');
  // Two files are not in the copy yet: the first import misses them (listed, so `missing`).
  for (const file of data.summary.logFiles.slice(0, 2)) {
    put.set(file, fs.readFileSync(path.join(data.summary.root, file)));
    fs.rmSync(path.join(data.summary.root, file));
  }
  held = data.summary.logFiles[0];
});

const refresh = () => refreshStore(database, data.summary.root, verifyOptionsOf(data.summary));
const recordCount = async () => (await runSql({ sql: 'SELECT count(*) AS n FROM cloudtrail', database })).rows[0].n;
const recordsIn = (excluded: string[]) => readableRecords(data.seen, excluded);

describe('--db store', () => {
  it('imports the verified and unverified files, and names the missing ones', async () => {
    const report = await refresh();
    const missing = [...put.keys()];
    expect(report.excluded).toEqual(missing.map((file) => ({ file, kind: 'missing' })));
    expect(report.importedFiles).toBe(data.summary.logFiles.length + 1 - missing.length);
    expect(report.importedRecords).toBe(recordsIn(missing).length);
    expect(report.unverified).toEqual(data.summary.unverified);
    expect(await recordCount()).toBe(recordsIn(missing).length);
  });

  it('imports nothing on a second run over the same copy', async () => {
    const report = await refresh();
    expect(report).toMatchObject({ importedFiles: 0, importedRecords: 0, removedFiles: 0, keptFiles: data.summary.logFiles.length - 1 });
    expect(await recordCount()).toBe(recordsIn([...put.keys()]).length);
  });

  it('writes nothing to the database on a run that changes nothing (every digest still checked)', async () => {
    const before = fs.statSync(database, { bigint: true });
    const report = await refresh();
    expect(report).toMatchObject({ importedFiles: 0, removedFiles: 0 });
    const after = fs.statSync(database, { bigint: true });
    expect([after.mtimeNs, after.size]).toEqual([before.mtimeNs, before.size]);
  });

  it('adds only the new files on a later run', async () => {
    for (const [file, content] of put) fs.writeFileSync(path.join(data.summary.root, file), content);
    const report = await refresh();
    expect(report).toMatchObject({ importedFiles: put.size, removedFiles: 0, excluded: [] });
    expect(await recordCount()).toBe(data.seen.length);
  });

  it('answers a question from the store as from the files', async () => {
    const question = findQuestion('codedeploy-changes')!;
    const answer = await answerQuestion({ question, window: {}, database });
    expect(answer.rows).toEqual(expectedRows('codedeploy-changes', data.seen));
    expect(answer.unverifiedFiles).toEqual(data.summary.unverified);
  });

  it('drops the rows of a file changed after its import', async () => {
    tamper.changeRecord(data.summary.root, held);
    const report = await refresh();
    expect(report.excluded).toEqual([{ file: held, kind: 'modified' }]);
    expect(report.removedFiles).toBe(1);
    expect(await recordCount()).toBe(recordsIn([held]).length);
    const spoofed = await runSql({
      sql: `SELECT count(*) AS n FROM cloudtrail WHERE sourceipaddress = '${tamper.SPOOFED_ADDRESS}'`,
      database,
    });
    expect(spoofed.rows).toEqual([{ n: 0 }]);
  });

  it('drops the rows of unchanged files whose digest is forged later', async () => {
    const digest = data.summary.chains[2][data.summary.chains[2].length - 1];
    const files = listedBy(data.summary, digest);
    expect(files.length).toBeGreaterThan(0);
    tamper.forgeDigestSignature(data.summary.root, digest);
    const report = await refresh();
    expect(report.excluded).toEqual(
      [{ file: held, kind: 'modified' }, ...files.map((file) => ({ file, kind: 'digest-signature-invalid' }))].sort((a, b) =>
        a.file < b.file ? -1 : 1,
      ),
    );
    expect(report.importedFiles).toBe(0);
    expect(await recordCount()).toBe(recordsIn([held, ...files]).length);
    const answer = await answerQuestion({ question: findQuestion('codedeploy-changes')!, window: {}, database });
    expect(answer.rows).toEqual(expectedRows('codedeploy-changes', recordsIn([held, ...files])));
    expect(answer.excludedFiles.map((e) => e.file)).toEqual(expect.arrayContaining(files));
  });
});

describe('--db store, a file imported before a digest covered it', () => {
  it('is marked verified once its digest arrives, by its recorded hash, without reading it again', async () => {
    const summary = copyOf(await corpus({ recordsPerFile: 5 }));
    const db = path.join(scratch('store-covered'), 'audit.duckdb');
    const digest = summary.chains[0][summary.chains[0].length - 1];
    const files = listedBy(summary, digest);
    const digestFile = path.join(summary.root, digest);
    const held = [digestFile, `${digestFile}.metadata.json`].map((file) => [file, fs.readFileSync(file)] as const);
    tamper.removeDigest(summary.root, digest);
    const first = await refreshStore(db, summary.root, verifyOptionsOf(summary));
    expect(first.unverified).toEqual([...files].sort());
    for (const [file, content] of held) fs.writeFileSync(file, content);
    const second = await refreshStore(db, summary.root, verifyOptionsOf(summary));
    expect(second).toMatchObject({ importedFiles: 0, removedFiles: 0, excluded: [], unverified: [] });
    const statuses = await runSql({ sql: "SELECT count(*) AS n FROM imported_files WHERE status <> 'verified'", database: db });
    expect(statuses.rows).toEqual([{ n: 0 }]);
  });
});
